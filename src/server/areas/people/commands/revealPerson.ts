import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { FieldCipher } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import type { RevealField, RevealedNumbers } from '../../../../common/contracts/people';
import { forbidden } from '../../../errors';
import { canRevealPerson } from '../policy';
import { personFacts } from '../presenter';
import { loadReadablePerson } from '../queries';

/** Clear ID / phone numbers of one person, for an actor with people.reveal over them. Audited. */
export async function revealPerson(
  db: Db,
  cipher: FieldCipher,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  fields: readonly RevealField[],
): Promise<RevealedNumbers> {
  const row = await loadReadablePerson(db, actor, id);
  if (!canRevealPerson(actor, personFacts(row))) throw forbidden('没有查看完整证件号码和电话的权限');
  const wanted = [...new Set(fields)];
  return db.transaction(async (tx) => {
    const [sealed] = await tx
      .select({
        idNumber: people.idNumberEnc,
        phone: people.phoneEnc,
        guardianPhone: people.guardianPhoneEnc,
      })
      .from(people)
      .where(eq(people.id, id));
    const out: Partial<Record<RevealField, string | null>> = {};
    for (const f of wanted) {
      const enc = sealed?.[f];
      out[f] = enc ? cipher.decrypt(enc) : null;
    }
    await audit(tx, ctx, {
      action: 'people.person.reveal',
      entityType: 'person',
      entityId: id,
      after: { fields: wanted, number: row.number, name: row.name },
    });
    return out;
  });
}
