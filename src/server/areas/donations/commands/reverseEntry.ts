import { and, eq } from 'drizzle-orm';
import type { EntryView } from '../../../../common/contracts/donations';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationEntries } from '../../../platform/db/schema/index';
import { conflict, forbidden, notFound, unprocessable } from '../../../errors';
import { canReadEntry, canWriteEntry } from '../policy';
import { entryFacts } from '../presenter';
import { getEntry } from '../queries';
import { reversalAmount } from '../rules';
import { takeReceiptSeqs } from './ledger';
import { isUniqueViolation } from '../../../platform/db/errors';

/** Reverses an entry: a new entry of the exact negative amount, referencing it, with a reason. */
export async function reverseEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
): Promise<EntryView> {
  const id = await reverseInTransaction(db, ctx, actor, entryId, reason).catch((err: unknown) => {
    // Two reversals of one entry at once: the unique index lets only one through.
    if (isUniqueViolation(err)) throw conflict('ALREADY_REVERSED', '该记录已被冲正');
    throw err;
  });
  return getEntry(db, actor, id);
}

async function reverseInTransaction(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(donationEntries)
      .where(and(eq(donationEntries.id, entryId), eq(donationEntries.parkId, actor.parkId)));
    if (!original || !canReadEntry(actor, entryFacts(original))) throw notFound('捐款记录不存在');
    if (!canWriteEntry(actor, entryFacts(original))) throw forbidden('没有权限冲正该记录');
    if (original.reversesId) throw unprocessable('CANNOT_REVERSE_REVERSAL', '这是一条冲正记录，不能再次冲正');
    const [already] = await tx
      .select({ receiptNo: donationEntries.receiptNo })
      .from(donationEntries)
      .where(eq(donationEntries.reversesId, original.id));
    if (already) throw conflict('ALREADY_REVERSED', `该记录已被冲正（冲正单号 ${already.receiptNo}）`);
    // Reversals are allowed in closed drives: that is the only correction a frozen ledger takes.
    const [receipt] = await takeReceiptSeqs(tx, original.driveId, 1, true);
    const [entry] = await tx
      .insert(donationEntries)
      .values({
        parkId: original.parkId,
        driveId: original.driveId,
        seq: receipt!.seq,
        receiptNo: receipt!.receiptNo,
        donorType: original.donorType,
        personId: original.personId,
        donorName: original.donorName,
        personKind: original.personKind,
        isMember: original.isMember,
        schoolId: original.schoolId,
        classId: original.classId,
        branchId: original.branchId,
        amountFen: reversalAmount(original),
        method: original.method,
        givenOn: todayInShanghai(),
        anonymous: original.anonymous,
        guardianConsent: original.guardianConsent,
        reversesId: original.id,
        reversalReason: reason,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'donations.entry.reverse',
      entityType: 'donationEntry',
      entityId: entry!.id,
      before: original,
      after: entry,
    });
    return entry!.id;
  });
}
