import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { duesMonths, duesReductions } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { DecisionInput, DecisionResult } from '../../../../common/contracts/dues';
import { conflict, forbidden, notFound } from '../../../errors';
import { loadMember, readableMember } from '../../members/memberRecords';
import { canApproveReduction } from '../policy';
import { presentReduction } from '../presenter';
import { applyReduction } from '../rules';

/**
 * Approves or rejects a reduction request (RULES §4: above the branch, never by the requester).
 * An approval re-prices the covered months already computed and not yet paid into; a month with
 * ledger entries keeps its amount (the ledger is never rewritten).
 */
export async function decideReduction(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: DecisionInput,
): Promise<DecisionResult> {
  return db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(duesReductions)
      .where(and(eq(duesReductions.id, id), eq(duesReductions.parkId, actor.parkId)));
    if (!r) throw notFound('未找到该减免申请');
    const m = await loadMember(tx, actor.parkId, r.personId);
    if (!m) throw notFound('未找到该减免申请');
    // Whether the actor may see the member at all: a request they cannot see is one that is not there.
    await readableMember(tx, actor, m.id).catch(() => {
      throw notFound('未找到该减免申请');
    });
    if (!canApproveReduction(actor, m, r.requestedBy)) {
      throw forbidden(
        r.requestedBy === actor.accountId
          ? '不能审批自己提交的减免申请'
          : '减免需由党总支或学校层面审批，支部书记不能审批',
      );
    }
    if (r.status !== 'pending') throw conflict('ALREADY_DECIDED', '该申请已经审批过');
    const [after] = await tx
      .update(duesReductions)
      .set({
        status: input.approve ? 'approved' : 'rejected',
        decidedBy: actor.accountId,
        decidedByName: actor.displayName,
        decidedAt: new Date(),
        decisionNote: input.note ?? null,
        updatedAt: new Date(),
      })
      .where(eq(duesReductions.id, r.id))
      .returning();
    const repriced: string[] = [];
    const keptPaid: string[] = [];
    if (input.approve) {
      const rows = await queryRows<{ id: string; month: string; standard_fen: number; entries: number }>(
        tx,
        sql`select d.id, d.month::text as month, d.standard_fen,
              (select count(*)::int from dues_ledger l where l.person_id = d.person_id and l.month = d.month) as entries
            from dues_months d where d.person_id = ${r.personId} and d.month between ${r.fromMonth}::date and ${r.toMonth}::date`,
      );
      for (const row of rows) {
        if (row.entries > 0) {
          keptPaid.push(row.month.slice(0, 7));
          continue;
        }
        await tx
          .update(duesMonths)
          .set({
            reductionId: r.id,
            dueFen: applyReduction(row.standard_fen, {
              kind: r.kind as 'reduce' | 'exempt',
              amountFen: r.amountFen,
            }),
            computedAt: new Date(),
          })
          .where(eq(duesMonths.id, row.id));
        repriced.push(row.month.slice(0, 7));
      }
    }
    await audit(tx, ctx, {
      action: input.approve ? 'dues.reduction.approve' : 'dues.reduction.reject',
      entityType: 'duesReduction',
      entityId: r.id,
      before: r,
      after: { ...after, repricedMonths: repriced, paidMonthsKept: keptPaid },
    });
    return { ...presentReduction(after!), repricedMonths: repriced, paidMonthsKept: keptPaid };
  });
}
