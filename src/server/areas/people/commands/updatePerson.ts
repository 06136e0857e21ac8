import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { FieldCipher } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import { todayInShanghai } from '../../../../common/dates';
import type { PersonDetail, UpdatePersonInput } from '../../../../common/contracts/people';
import { forbidden, notFound } from '../../../errors';
import { canWritePerson, type PersonKind } from '../policy';
import { checkPersonFields, nameKeys, sealNumbers, type PersonFields } from '../fields';
import { auditSnapshot, personFacts } from '../presenter';
import { getPerson, loadReadablePerson } from '../queries';
import { assertUnique, resolvePlacement, rethrowUnique, validationFailed } from './personChecks';

/** Changes the fields given (and only those), re-placing the person when a unit or school is given. */
export async function updatePerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: UpdatePersonInput,
): Promise<PersonDetail> {
  const current = await loadReadablePerson(db, actor, id);
  const kind = current.kind as PersonKind;
  if (!canWritePerson(actor, personFacts(current))) throw forbidden('没有权限修改该人员');
  const { unitId, schoolId, status, ...fields } = input;
  const known: Partial<PersonFields> = {
    isLeagueMember: current.isLeagueMember,
    leagueJoinedOn: current.leagueJoinedOn,
    birthDate: current.birthDate,
  };
  if ((fields.gender || fields.birthDate) && fields.idNumber === undefined) {
    const [sealedRow] = await db.select({ enc: people.idNumberEnc }).from(people).where(eq(people.id, id));
    if (sealedRow?.enc) known.idNumber = cipher.decrypt(sealedRow.enc);
  }
  const { values, errors } = checkPersonFields(kind, fields, todayInShanghai(), known);
  if (Object.keys(errors).length) throw validationFailed(errors);
  const sealed = sealNumbers(cipher, values);
  await db
    .transaction(async (tx) => {
      const [before] = await tx.select().from(people).where(eq(people.id, id)).for('update');
      if (!before) throw notFound('人员不存在或无权查看');
      const placement =
        unitId !== undefined || schoolId !== undefined
          ? await resolvePlacement(tx, actor, kind, { unitId, schoolId }, before)
          : {};
      await assertUnique(tx, actor.parkId, kind, values.number, sealed.idNumberHash, id);
      const { idNumber: _i, phone: _p, guardianPhone: _g, ...plain } = values;
      const [after] = await tx
        .update(people)
        .set({
          ...plain,
          ...sealed,
          ...(values.name ? nameKeys(values.name) : {}),
          ...placement,
          ...(status ? { status } : {}),
          updatedAt: new Date(),
        })
        .where(eq(people.id, id))
        .returning();
      await audit(tx, ctx, {
        action: 'people.person.update',
        entityType: 'person',
        entityId: id,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
    })
    .catch((err) => rethrowUnique(err, kind, values.number ?? current.number));
  return getPerson(db, actor, id);
}
