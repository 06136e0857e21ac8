import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { duesMonths } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { ComputeInput, ComputeResult } from '../../../../common/contracts/dues';
import { unprocessable } from '../../../errors';
import { MEMBER_COLUMNS, MEMBER_FROM, toMember } from '../../members/memberRecords';
import { currentMonth, duesWriteScope } from '../queries';
import { DUES_RULES, applyReduction, computeMonthlyDues, lastDayOf, monthStart } from '../rules';

interface ReductionRow {
  id: string;
  person_id: string;
  kind: 'reduce' | 'exempt';
  amount_fen: number | null;
}

interface ExistingMonth {
  id: string;
  person_id: string;
  dues_group: string;
  base_fen: number | null;
  due_fen: number;
  reduction_id: string | null;
  entries: number;
}

/**
 * Computes the dues of `month` for every member the actor manages (optionally one branch) who had
 * joined by the month's end. A month already paid into (any ledger entry) is left as it is; an
 * unpaid one follows a changed base or group. Approved reductions covering the month apply.
 */
export async function computeMonth(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  q: ComputeInput,
): Promise<ComputeResult> {
  if (q.month > currentMonth()) {
    throw unprocessable('FUTURE_MONTH', '不能核定未来月份的党费', { month: '月份不能晚于本月' });
  }
  const start = monthStart(q.month);
  const conditions: SQL[] = [
    duesWriteScope(actor),
    sql`people.status = 'active'`,
    sql`memberships.joined_on <= ${lastDayOf(q.month)}::date`,
  ];
  if (q.branchId) conditions.push(sql`memberships.branch_id = ${q.branchId}`);
  const members = (
    await queryRows<Parameters<typeof toMember>[0]>(
      db,
      sql`select ${MEMBER_COLUMNS} from ${MEMBER_FROM} where ${sql.join(conditions, sql` and `)}`,
    )
  ).map(toMember);
  return db.transaction(async (tx) => {
    const existing = await queryRows<ExistingMonth>(
      tx,
      sql`select d.id, d.person_id, d.dues_group, d.base_fen, d.due_fen, d.reduction_id,
            (select count(*)::int from dues_ledger l where l.person_id = d.person_id and l.month = d.month) as entries
          from dues_months d where d.park_id = ${actor.parkId} and d.month = ${start}::date`,
    );
    const byPerson = new Map(existing.map((e) => [e.person_id, e]));
    const reductions = await queryRows<ReductionRow>(
      tx,
      sql`select id, person_id, kind, amount_fen from dues_reductions
          where park_id = ${actor.parkId} and status = 'approved' and from_month <= ${start}::date and to_month >= ${start}::date`,
    );
    const reductionOf = new Map(reductions.map((r) => [r.person_id, r]));
    const inserts: (typeof duesMonths.$inferInsert)[] = [];
    const skipped: ComputeResult['skipped'] = [];
    let updated = 0;
    let unchanged = 0;
    let paidKept = 0;
    for (const m of members) {
      const c = computeMonthlyDues(m.duesGroup, m.duesBaseFen);
      if (!c.ok) {
        skipped.push({ personId: m.id, name: m.name, reason: c.message });
        continue;
      }
      const red = reductionOf.get(m.id) ?? null;
      const dueFen = applyReduction(c.amountFen, red ? { kind: red.kind, amountFen: red.amount_fen } : null);
      const row = {
        parkId: actor.parkId,
        personId: m.id,
        branchId: m.branchId,
        month: start,
        duesGroup: c.group,
        baseFen: c.baseFen,
        rateBp: c.rateBp,
        standardFen: c.amountFen,
        reductionId: red?.id ?? null,
        dueFen,
        rule: c.rule,
      };
      const e = byPerson.get(m.id);
      if (!e) {
        inserts.push(row);
      } else if (e.entries > 0) {
        paidKept += 1;
      } else if (
        e.dues_group !== row.duesGroup ||
        e.base_fen !== row.baseFen ||
        e.due_fen !== row.dueFen ||
        e.reduction_id !== row.reductionId
      ) {
        await tx
          .update(duesMonths)
          .set({ ...row, computedAt: new Date() })
          .where(eq(duesMonths.id, e.id));
        updated += 1;
      } else {
        unchanged += 1;
      }
    }
    for (let i = 0; i < inserts.length; i += 500) {
      await tx.insert(duesMonths).values(inserts.slice(i, i + 500));
    }
    const result = {
      month: q.month,
      members: members.length,
      created: inserts.length,
      updated,
      unchanged,
      paidKept,
      skipped,
      rule: DUES_RULES.id,
    };
    await audit(tx, ctx, {
      action: 'dues.amount.compute',
      entityType: 'duesMonth',
      after: { ...result, branchId: q.branchId ?? null, skipped: skipped.length },
    });
    return result;
  });
}
