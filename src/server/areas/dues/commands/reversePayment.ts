import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { duesLedger } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { LedgerEntry } from '../../../../common/contracts/dues';
import { todayInShanghai } from '../../../../common/dates';
import { conflict, forbidden, notFound } from '../../../errors';
import { readableMember } from '../../members/memberRecords';
import { canManageMemberDues } from '../policy';
import { presentEntry } from '../presenter';

/**
 * Corrects a payment by a reversing entry of the opposite amount; the original stays in the
 * ledger, which is append-only (RULES §4, schema/dues.ts). A payment is reversed at most once.
 */
export async function reversePayment(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
): Promise<LedgerEntry> {
  const [e] = await db
    .select()
    .from(duesLedger)
    .where(and(eq(duesLedger.id, entryId), eq(duesLedger.parkId, actor.parkId)));
  if (!e) throw notFound('未找到该缴费记录');
  const m = await readableMember(db, actor, e.personId).catch(() => {
    throw notFound('未找到该缴费记录');
  });
  if (!canManageMemberDues(actor, m)) throw forbidden('没有权限冲正该党员的缴费记录');
  if (e.kind !== 'payment') throw conflict('NOT_A_PAYMENT', '冲正记录不能再冲正');
  return db.transaction(async (tx) => {
    const [already] = await tx
      .select({ id: duesLedger.id })
      .from(duesLedger)
      .where(eq(duesLedger.reversesId, e.id));
    if (already) throw conflict('ALREADY_REVERSED', '该缴费记录已经冲正过');
    const [rev] = await tx
      .insert(duesLedger)
      .values({
        parkId: e.parkId,
        personId: e.personId,
        month: e.month,
        kind: 'reversal',
        amountFen: -e.amountFen,
        reversesId: e.id,
        paidOn: todayInShanghai(),
        method: e.method,
        receiptNo: e.receiptNo,
        note: reason,
        recordedBy: actor.accountId,
        recordedByName: actor.displayName,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'dues.payment.reverse',
      entityType: 'duesLedger',
      entityId: rev!.id,
      before: e,
      after: rev,
    });
    return presentEntry(rev!);
  });
}
