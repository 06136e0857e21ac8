import { and, eq } from 'drizzle-orm';
import type { EntryView } from '../../../../common/contracts/donations';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationEntries } from '../../../platform/db/schema/index';
import { forbidden, notFound, unprocessable } from '../../../errors';
import { canReadEntry, canWriteEntry } from '../policy';
import { entryFacts } from '../presenter';
import { getEntry } from '../queries';

/**
 * Records or withdraws a guardian's consent to show a student's full name on the public
 * thank-you list (common/privacy.ts). The money of the entry never changes — the ledger's trigger
 * lets this one column through and nothing else — and every change is audited with before and
 * after. Allowed in closed drives too: consent can arrive, or be withdrawn, after the books close.
 */
export async function setGuardianConsent(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  guardianConsent: boolean,
): Promise<EntryView> {
  await db.transaction(async (tx) => {
    const [entry] = await tx
      .select()
      .from(donationEntries)
      .where(and(eq(donationEntries.id, entryId), eq(donationEntries.parkId, actor.parkId)))
      .for('update');
    if (!entry || !canReadEntry(actor, entryFacts(entry))) throw notFound('捐款记录不存在');
    if (!canWriteEntry(actor, entryFacts(entry))) throw forbidden('没有权限修改该记录的公开设置');
    if (entry.donorType !== 'person' || entry.personKind !== 'student')
      throw unprocessable(
        'CONSENT_NOT_APPLICABLE',
        '只有学生本人的捐款需要监护人同意；教职工与班级按原名公开',
      );
    if (entry.reversesId)
      throw unprocessable('CONSENT_NOT_APPLICABLE', '冲正记录随原记录公开，请在原记录上设置监护人同意');
    if (entry.guardianConsent === guardianConsent) return;
    await tx.update(donationEntries).set({ guardianConsent }).where(eq(donationEntries.id, entry.id));
    await audit(tx, ctx, {
      action: 'donations.entry.consent',
      entityType: 'donationEntry',
      entityId: entry.id,
      before: {
        receiptNo: entry.receiptNo,
        donorName: entry.donorName,
        guardianConsent: entry.guardianConsent,
      },
      after: { receiptNo: entry.receiptNo, donorName: entry.donorName, guardianConsent },
    });
  });
  return getEntry(db, actor, entryId);
}
