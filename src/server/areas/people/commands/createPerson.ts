import type { Db } from '../../../platform/db/client';
import { people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { FieldCipher } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import { todayInShanghai } from '../../../../common/dates';
import type { CreatePersonInput, PersonDetail } from '../../../../common/contracts/people';
import { checkPersonFields, nameKeys, sealNumbers } from '../fields';
import { auditSnapshot } from '../presenter';
import { getPerson } from '../queries';
import { assertUnique, resolvePlacement, rethrowUnique, validationFailed } from './personChecks';

/** Registers a staff member or student where the actor may write people; numbers are sealed. */
export async function createPerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  input: CreatePersonInput,
): Promise<PersonDetail> {
  const { kind, unitId, schoolId, ...fields } = input;
  const { values, errors } = checkPersonFields(kind, fields, todayInShanghai());
  if (Object.keys(errors).length) throw validationFailed(errors);
  const sealed = sealNumbers(cipher, values);
  const id = await db
    .transaction(async (tx) => {
      const placement = await resolvePlacement(tx, actor, kind, { unitId, schoolId });
      await assertUnique(tx, actor.parkId, kind, values.number, sealed.idNumberHash);
      const { idNumber: _i, phone: _p, guardianPhone: _g, ...plain } = values;
      const [row] = await tx
        .insert(people)
        .values({
          ...plain,
          ...sealed,
          ...nameKeys(values.name!),
          parkId: actor.parkId,
          kind,
          number: values.number!,
          name: values.name!,
          ...placement,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'people.person.create',
        entityType: 'person',
        entityId: row!.id,
        after: auditSnapshot(row),
      });
      return row!.id;
    })
    .catch((err) => rethrowUnique(err, kind, values.number!));
  return getPerson(db, actor, id);
}
