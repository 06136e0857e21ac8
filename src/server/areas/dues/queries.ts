import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { duesLedger, duesReductions } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import { scopesFor } from '../../access/scope';
import { todayInShanghai } from '../../../common/dates';
import type {
  ArrearsList,
  ArrearsQuery,
  DuesMonthList,
  DuesSummary,
  LedgerList,
  LedgerQuery,
  MemberDues,
  MonthQuery,
  ReductionList,
  ReductionsQuery,
} from '../../../common/contracts/dues';
import { membershipScopeCondition } from '../members/queries';
import { MEMBER_COLUMNS, MEMBER_FROM, readableMember, toMember } from '../members/memberRecords';
import { ORGLIFE_READ, ORGLIFE_WRITE } from '../orgLife/policy';
import { canApproveReduction, canManageMemberDues } from './policy';
import { presentEntry, presentMonthRow, presentReduction, type MonthListRow } from './presenter';
import { DUES_RULES, arrears, computeMonthlyDues, monthOf, monthStart } from './rules';

/** Reads of the dues area (RULES §4). Every list is limited to the members the actor reaches. */

export const currentMonth = () => monthOf(todayInShanghai());

/** The members whose dues the actor reads / manages, over memberships ⋈ people. */
export const duesReadScope = (actor: Actor) =>
  membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_READ));
export const duesWriteScope = (actor: Actor) =>
  membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_WRITE));

/** What has been paid into a member-month: the sum of its ledger entries (reversals are negative). */
export const paidSql = sql`coalesce((select sum(l.amount_fen) from dues_ledger l where l.person_id = dues_months.person_id and l.month = dues_months.month), 0)::int`;

export const MONTH_FROM = sql`dues_months
  join memberships on memberships.person_id = dues_months.person_id
  join people on people.id = dues_months.person_id
  join org_nodes branch on branch.id = dues_months.branch_id`;
export const MONTH_COLUMNS = sql`dues_months.id, dues_months.person_id, people.name, people.number, dues_months.branch_id,
  branch.name as branch_name, dues_months.month::text as month, dues_months.dues_group, dues_months.base_fen,
  dues_months.rate_bp, dues_months.standard_fen, dues_months.due_fen, dues_months.reduction_id, ${paidSql} as paid_fen`;

const yearBounds = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-01` });

export async function listMonth(db: Db, actor: Actor, q: MonthQuery): Promise<DuesMonthList> {
  const c: SQL[] = [
    duesReadScope(actor),
    sql`dues_months.park_id = ${actor.parkId}`,
    sql`dues_months.month = ${monthStart(q.month)}::date`,
  ];
  if (q.branchId) c.push(sql`dues_months.branch_id = ${q.branchId}`);
  if (q.status === 'paid') c.push(sql`${paidSql} >= dues_months.due_fen`);
  if (q.status === 'unpaid') c.push(sql`${paidSql} < dues_months.due_fen`);
  const where = sql.join(c, sql` and `);
  const [rows, [totals]] = await Promise.all([
    queryRows<MonthListRow>(
      db,
      sql`select ${MONTH_COLUMNS} from ${MONTH_FROM} where ${where}
          order by branch.name, people.name, dues_months.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number; due: number; paid: number }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(dues_months.due_fen), 0)::int as due, coalesce(sum(${paidSql}), 0)::int as paid
          from ${MONTH_FROM} where ${where}`,
    ),
  ]);
  return {
    month: q.month,
    items: rows.map(presentMonthRow),
    total: totals?.n ?? 0,
    dueFen: totals?.due ?? 0,
    paidFen: totals?.paid ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** One member's dues for a year: base, the months, the ledger and reductions, and arrears to date. */
export async function memberDues(db: Db, actor: Actor, personId: string, year: number): Promise<MemberDues> {
  const m = await readableMember(db, actor, personId);
  const { from, to } = yearBounds(year);
  const months = await queryRows<MonthListRow>(
    db,
    sql`select ${MONTH_COLUMNS} from ${MONTH_FROM}
        where dues_months.person_id = ${m.id} and dues_months.month between ${from}::date and ${to}::date
        order by dues_months.month`,
  );
  const entries = await db
    .select()
    .from(duesLedger)
    .where(and(eq(duesLedger.personId, m.id), gte(duesLedger.month, from), lte(duesLedger.month, to)))
    .orderBy(asc(duesLedger.createdAt));
  const reversed = new Map(entries.filter((e) => e.reversesId).map((e) => [e.reversesId!, e.id]));
  const reductions = await db
    .select()
    .from(duesReductions)
    .where(eq(duesReductions.personId, m.id))
    .orderBy(desc(duesReductions.createdAt));
  const computed = computeMonthlyDues(m.duesGroup, m.duesBaseFen);
  // Arrears run across years, so every computed month of the member counts, not only this year's.
  const allMonths = await queryRows<{ month: string; due_fen: number; paid_fen: number }>(
    db,
    sql`select dues_months.month::text as month, dues_months.due_fen, ${paidSql} as paid_fen from dues_months
        where dues_months.person_id = ${m.id}`,
  );
  return {
    personId: m.id,
    name: m.name,
    branchName: m.branchName,
    year,
    group: m.duesGroup,
    baseFen: m.duesBaseFen,
    monthlyFen: computed.ok ? computed.amountFen : null,
    explanation: computed.ok ? computed.explanation : computed.message,
    months: months.map(presentMonthRow),
    ledger: entries.map((e) => presentEntry(e, reversed.get(e.id) ?? null)),
    reductions: reductions.map(presentReduction),
    arrears: arrears(
      allMonths.map((r) => ({ month: r.month.slice(0, 7), dueFen: r.due_fen, paidFen: r.paid_fen })),
      currentMonth(),
    ),
    canManage: canManageMemberDues(actor, m),
  };
}

export async function listLedger(db: Db, actor: Actor, q: LedgerQuery): Promise<LedgerList> {
  const c: SQL[] = [duesReadScope(actor), sql`dues_ledger.park_id = ${actor.parkId}`];
  if (q.personId) c.push(sql`dues_ledger.person_id = ${q.personId}`);
  if (q.month) c.push(sql`dues_ledger.month = ${monthStart(q.month)}::date`);
  if (q.branchId) c.push(sql`memberships.branch_id = ${q.branchId}`);
  const where = sql.join(c, sql` and `);
  const from = sql`dues_ledger join memberships on memberships.person_id = dues_ledger.person_id
    join people on people.id = dues_ledger.person_id`;
  const [rows, [totals]] = await Promise.all([
    queryRows<{ id: string; name: string; reversed_by: string | null }>(
      db,
      sql`select dues_ledger.id, people.name,
            (select r.id from dues_ledger r where r.reverses_id = dues_ledger.id) as reversed_by
          from ${from} where ${where}
          order by dues_ledger.created_at desc, dues_ledger.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number; sum: number }>(
      db,
      sql`select count(*)::int as n, coalesce(sum(dues_ledger.amount_fen), 0)::int as sum from ${from} where ${where}`,
    ),
  ]);
  const entries = rows.length
    ? await db
        .select()
        .from(duesLedger)
        .where(
          inArray(
            duesLedger.id,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  return {
    items: rows.map((r) => ({ ...presentEntry(byId.get(r.id)!, r.reversed_by), name: r.name })),
    total: totals?.n ?? 0,
    sumFen: totals?.sum ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Members with unpaid past months, those with six in a row (RULES §4) first. */
export async function listArrears(db: Db, actor: Actor, q: ArrearsQuery): Promise<ArrearsList> {
  const asOf = q.asOf ?? currentMonth();
  const c: SQL[] = [
    duesWriteScope(actor),
    sql`dues_months.park_id = ${actor.parkId}`,
    sql`dues_months.month < ${monthStart(asOf)}::date`,
  ];
  if (q.branchId) c.push(sql`memberships.branch_id = ${q.branchId}`);
  const rows = await queryRows<{
    person_id: string;
    name: string;
    number: string;
    branch_id: string;
    branch_name: string;
    month: string;
    due_fen: number;
    paid_fen: number;
  }>(
    db,
    sql`select dues_months.person_id, people.name, people.number, memberships.branch_id, cur.name as branch_name,
          dues_months.month::text as month, dues_months.due_fen, ${paidSql} as paid_fen
        from dues_months
          join memberships on memberships.person_id = dues_months.person_id
          join people on people.id = dues_months.person_id
          join org_nodes cur on cur.id = memberships.branch_id
        where ${sql.join(c, sql` and `)}
        order by dues_months.person_id, dues_months.month`,
  );
  const byPerson = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push(r);
    byPerson.set(r.person_id, list);
  }
  const items: ArrearsList['items'] = [];
  for (const list of byPerson.values()) {
    const a = arrears(
      list.map((r) => ({ month: r.month.slice(0, 7), dueFen: r.due_fen, paidFen: r.paid_fen })),
      asOf,
    );
    if (!a.unpaidMonths.length || (q.flaggedOnly && !a.flagged)) continue;
    const p = list[0]!;
    items.push({
      personId: p.person_id,
      name: p.name,
      number: p.number,
      branchId: p.branch_id,
      branchName: p.branch_name,
      ...a,
      flagReason: a.flagged
        ? `连续 ${a.longestRun} 个月未交纳党费（满 ${DUES_RULES.lapseMonths} 个月应按自行脱党程序处理）`
        : null,
    });
  }
  items.sort(
    (x, y) =>
      Number(y.flagged) - Number(x.flagged) ||
      y.longestRun - x.longestRun ||
      x.name.localeCompare(y.name, 'zh-CN'),
  );
  return { asOf, items, total: items.length, flagged: items.filter((i) => i.flagged).length };
}

/** Reduction requests of the members the actor reads, newest first, with whether the actor may decide. */
export async function listReductions(db: Db, actor: Actor, q: ReductionsQuery): Promise<ReductionList> {
  const c: SQL[] = [duesReadScope(actor), sql`dues_reductions.park_id = ${actor.parkId}`];
  if (q.status) c.push(sql`dues_reductions.status = ${q.status}`);
  if (q.personId) c.push(sql`dues_reductions.person_id = ${q.personId}`);
  const rows = await queryRows<Parameters<typeof toMember>[0] & { reduction_id: string }>(
    db,
    sql`select dues_reductions.id as reduction_id, ${MEMBER_COLUMNS}
        from dues_reductions join ${MEMBER_FROM} on memberships.person_id = dues_reductions.person_id
        where ${sql.join(c, sql` and `)} order by dues_reductions.created_at desc limit 500`,
  );
  const records = rows.length
    ? await db
        .select()
        .from(duesReductions)
        .where(
          inArray(
            duesReductions.id,
            rows.map((r) => r.reduction_id),
          ),
        )
    : [];
  const byId = new Map(records.map((r) => [r.id, r]));
  const items = rows.map((r) => {
    const red = byId.get(r.reduction_id)!;
    const m = toMember(r);
    return {
      ...presentReduction(red),
      name: m.name,
      branchName: m.branchName,
      canDecide: red.status === 'pending' && canApproveReduction(actor, m, red.requestedBy),
    };
  });
  return { items, total: items.length };
}

/** The year's member-months the actor reads, per branch. */
export async function yearlySummary(db: Db, actor: Actor, year: number): Promise<DuesSummary> {
  const { from, to } = yearBounds(year);
  const rows = await queryRows<{
    branch_id: string;
    branch_name: string;
    members: number;
    months: number;
    paid_months: number;
    due_fen: number;
    paid_fen: number;
    reduced_months: number;
  }>(
    db,
    sql`select dues_months.branch_id, branch.name as branch_name,
          count(distinct dues_months.person_id)::int as members,
          count(*)::int as months,
          count(*) filter (where ${paidSql} >= dues_months.due_fen)::int as paid_months,
          coalesce(sum(dues_months.due_fen), 0)::int as due_fen,
          coalesce(sum(${paidSql}), 0)::int as paid_fen,
          count(*) filter (where dues_months.reduction_id is not null)::int as reduced_months
        from ${MONTH_FROM}
        where ${duesReadScope(actor)} and dues_months.park_id = ${actor.parkId}
          and dues_months.month between ${from}::date and ${to}::date
        group by dues_months.branch_id, branch.name
        order by branch.name`,
  );
  const branches = rows.map((r) => ({
    branchId: r.branch_id,
    branchName: r.branch_name,
    members: r.members,
    months: r.months,
    paidMonths: r.paid_months,
    reducedMonths: r.reduced_months,
    dueFen: r.due_fen,
    paidFen: r.paid_fen,
    outstandingFen: r.due_fen - r.paid_fen,
    paidRate: r.months ? Math.round((r.paid_months * 1000) / r.months) / 10 : 0,
  }));
  const sum = (k: 'dueFen' | 'paidFen' | 'outstandingFen' | 'members' | 'months' | 'paidMonths') =>
    branches.reduce((a, b) => a + b[k], 0);
  return {
    year,
    rule: DUES_RULES.id,
    branches,
    total: {
      members: sum('members'),
      months: sum('months'),
      paidMonths: sum('paidMonths'),
      dueFen: sum('dueFen'),
      paidFen: sum('paidFen'),
      outstandingFen: sum('outstandingFen'),
    },
  };
}

/** Every member-month of the year the actor reads, by branch, name and month (the export's detail). */
export async function yearDetail(db: Db, actor: Actor, year: number) {
  const { from, to } = yearBounds(year);
  const rows = await queryRows<MonthListRow>(
    db,
    sql`select ${MONTH_COLUMNS} from ${MONTH_FROM}
        where ${duesReadScope(actor)} and dues_months.park_id = ${actor.parkId}
          and dues_months.month between ${from}::date and ${to}::date
        order by branch.name, people.name, dues_months.month`,
  );
  return rows.map(presentMonthRow);
}
