import { and, asc, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { duesLedger, duesMonths, duesReductions, memberships } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { todayInShanghai } from '../../../common/dates';
import {
  DUES_GROUP_LABELS,
  DUES_RULES,
  applyReduction,
  arrears,
  computeMonthlyDues,
  isDuesGroup,
  monthOf,
  monthRange,
  monthStart,
  type DuesGroup,
} from './rules';
import { formatFen } from '../../../common/money';
import { conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { membershipScopeCondition } from '../members/policy';
import { ORGLIFE_READ, ORGLIFE_WRITE, canManageMemberOrgLife } from '../orgLife/policy';
import { canApproveReduction, canRequestReduction } from './policy';
import { scopesFor } from '../../access/scope';
import {
  MEMBER_COLUMNS,
  MEMBER_FROM,
  actorName,
  loadMember,
  manageableMember,
  readableMember,
  toMember,
  type MemberRow,
} from '../orgLife/common';

/**
 * Party dues (RULES §4): monthly dues per member computed from their base and group, a payment
 * ledger that is never edited (corrections are reversing entries), arrears with the six-month
 * flag, hardship reductions with approval, the yearly summary per branch and its export.
 * Money is integer fen; months are 'YYYY-MM' in the API and their first day in the database.
 */

const currentMonth = () => monthOf(todayInShanghai());
const readScope = (actor: Actor) => membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_READ));
const writeScope = (actor: Actor) => membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_WRITE));
const lastDayOf = (month: string) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
};

export const PAYMENT_METHODS = ['cash', 'transfer', 'wechat', 'alipay', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  transfer: '银行转账',
  wechat: '微信',
  alipay: '支付宝',
  other: '其他',
};

// ——— base and group ———

export async function setBase(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  input: { baseFen: number | null; group: DuesGroup },
) {
  const m = await manageableMember(db, actor, personId, '没有权限登记该党员的党费基数');
  if ((input.group === 'working' || input.group === 'retired') && input.baseFen === null) {
    throw unprocessable('BASE_REQUIRED', '在职和离退休党员需要登记月基数', { base: '请输入月基数' });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(memberships).where(eq(memberships.personId, m.id));
    const [after] = await tx
      .update(memberships)
      .set({ duesBaseFen: input.baseFen, duesGroup: input.group, updatedAt: new Date() })
      .where(eq(memberships.personId, m.id))
      .returning();
    await audit(tx, ctx, {
      action: 'dues.base.update',
      entityType: 'membership',
      entityId: after!.id,
      before: { duesBaseFen: before!.duesBaseFen, duesGroup: before!.duesGroup },
      after: { duesBaseFen: after!.duesBaseFen, duesGroup: after!.duesGroup },
    });
    const computed = computeMonthlyDues(input.group, input.baseFen);
    return {
      personId: m.id,
      baseFen: input.baseFen,
      group: input.group,
      monthlyFen: computed.ok ? computed.amountFen : null,
      explanation: computed.ok ? computed.explanation : computed.message,
    };
  });
}

// ——— computing a month ———

interface ReductionRow {
  id: string;
  person_id: string;
  kind: 'reduce' | 'exempt';
  amount_fen: number | null;
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
  q: { month: string; branchId?: string },
) {
  if (q.month > currentMonth()) {
    throw unprocessable('FUTURE_MONTH', '不能核定未来月份的党费', { month: '月份不能晚于本月' });
  }
  const start = monthStart(q.month);
  const conditions: SQL[] = [
    writeScope(actor),
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
    const existing = await queryRows<{
      id: string;
      person_id: string;
      dues_group: string;
      base_fen: number | null;
      due_fen: number;
      reduction_id: string | null;
      entries: number;
    }>(
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
    const skipped: { personId: string; name: string; reason: string }[] = [];
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

// ——— reading ———

const paidSql = sql`coalesce((select sum(l.amount_fen) from dues_ledger l where l.person_id = dues_months.person_id and l.month = dues_months.month), 0)::int`;

interface MonthListRow {
  id: string;
  person_id: string;
  name: string;
  number: string;
  branch_id: string;
  branch_name: string;
  month: string;
  dues_group: string;
  base_fen: number | null;
  rate_bp: number | null;
  standard_fen: number;
  due_fen: number;
  reduction_id: string | null;
  paid_fen: number;
}

const presentMonthRow = (r: MonthListRow) => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  number: r.number,
  branchId: r.branch_id,
  branchName: r.branch_name,
  month: r.month.slice(0, 7),
  group: r.dues_group,
  groupLabel: isDuesGroup(r.dues_group) ? DUES_GROUP_LABELS[r.dues_group] : r.dues_group,
  baseFen: r.base_fen,
  rateBp: r.rate_bp,
  standardFen: r.standard_fen,
  dueFen: r.due_fen,
  reduced: r.reduction_id !== null,
  paidFen: r.paid_fen,
  outstandingFen: Math.max(0, r.due_fen - r.paid_fen),
  status: (r.paid_fen >= r.due_fen ? 'paid' : r.paid_fen > 0 ? 'partial' : 'unpaid') as
    'paid' | 'partial' | 'unpaid',
});

const MONTH_FROM = sql`dues_months
  join memberships on memberships.person_id = dues_months.person_id
  join people on people.id = dues_months.person_id
  join org_nodes branch on branch.id = dues_months.branch_id`;
const MONTH_COLUMNS = sql`dues_months.id, dues_months.person_id, people.name, people.number, dues_months.branch_id,
  branch.name as branch_name, dues_months.month::text as month, dues_months.dues_group, dues_months.base_fen,
  dues_months.rate_bp, dues_months.standard_fen, dues_months.due_fen, dues_months.reduction_id, ${paidSql} as paid_fen`;

export async function listMonth(
  db: Db,
  actor: Actor,
  q: { month: string; branchId?: string; status?: 'paid' | 'unpaid'; page: number; pageSize: number },
) {
  const c: SQL[] = [
    readScope(actor),
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

type LedgerRow = typeof duesLedger.$inferSelect;

const presentEntry = (e: LedgerRow, reversedBy: string | null = null) => ({
  id: e.id,
  personId: e.personId,
  month: e.month.slice(0, 7),
  kind: e.kind as 'payment' | 'reversal',
  amountFen: e.amountFen,
  reversesId: e.reversesId,
  reversedById: reversedBy,
  paidOn: e.paidOn,
  method: e.method,
  methodLabel: PAYMENT_METHOD_LABELS[e.method as PaymentMethod] ?? e.method,
  receiptNo: e.receiptNo,
  note: e.note,
  recordedByName: e.recordedByName,
  createdAt: e.createdAt.toISOString(),
});

/** One member's dues for a year: base, the months, the ledger and reductions. */
export async function memberDues(db: Db, actor: Actor, personId: string, year: number) {
  const m = await readableMember(db, actor, personId);
  const from = `${year}-01-01`;
  const to = `${year}-12-01`;
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
  const allMonths = await queryRows<{ month: string; due_fen: number; paid_fen: number }>(
    db,
    sql`select dues_months.month::text as month, dues_months.due_fen, ${paidSql} as paid_fen from dues_months
        where dues_months.person_id = ${m.id}`,
  );
  const arr = arrears(
    allMonths.map((r) => ({ month: r.month.slice(0, 7), dueFen: r.due_fen, paidFen: r.paid_fen })),
    currentMonth(),
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
    arrears: arr,
    canManage: canManageMemberOrgLife(actor, m),
  };
}

export async function listLedger(
  db: Db,
  actor: Actor,
  q: { personId?: string; month?: string; branchId?: string; page: number; pageSize: number },
) {
  const c: SQL[] = [readScope(actor), sql`dues_ledger.park_id = ${actor.parkId}`];
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
  const items = [];
  for (const r of rows) {
    const [e] = await db.select().from(duesLedger).where(eq(duesLedger.id, r.id));
    items.push({ ...presentEntry(e!, r.reversed_by), name: r.name });
  }
  return { items, total: totals?.n ?? 0, sumFen: totals?.sum ?? 0, page: q.page, pageSize: q.pageSize };
}

// ——— payments and reversals ———

export interface PaymentInput {
  personId: string;
  months: string[];
  /** Only with a single month; defaults to what is outstanding. */
  amountFen?: number;
  paidOn: string;
  method: PaymentMethod;
  receiptNo?: string | null;
  note?: string | null;
}

export async function recordPayment(db: Db, ctx: RequestContext, actor: Actor, input: PaymentInput) {
  const m = await manageableMember(db, actor, input.personId, '没有权限登记该党员的党费');
  const months = [...new Set(input.months)].sort();
  if (input.amountFen !== undefined && months.length !== 1) {
    throw unprocessable('AMOUNT_NEEDS_ONE_MONTH', '一次缴纳多个月时按各月应缴金额登记，不能指定总金额', {
      amount: '多个月时不填金额',
    });
  }
  if (input.paidOn > todayInShanghai()) {
    throw unprocessable('FUTURE_DATE', '缴纳日期不能晚于今天', { paidOn: '缴纳日期不能晚于今天' });
  }
  return db.transaction(async (tx) => {
    const created: LedgerRow[] = [];
    const fields: Record<string, string> = {};
    for (const [i, month] of months.entries()) {
      const [row] = await queryRows<{ due_fen: number; paid_fen: number }>(
        tx,
        sql`select dues_months.due_fen, ${paidSql} as paid_fen from dues_months
            where dues_months.person_id = ${m.id} and dues_months.month = ${monthStart(month)}::date`,
      );
      if (!row) {
        fields[`months.${i}`] = `${month} 的党费尚未核定`;
        continue;
      }
      const outstanding = row.due_fen - row.paid_fen;
      if (outstanding <= 0) {
        fields[`months.${i}`] = `${month} 的党费已缴清`;
        continue;
      }
      const amount = input.amountFen ?? outstanding;
      if (amount <= 0) {
        fields.amount = '金额必须大于 0';
        continue;
      }
      if (amount > outstanding) {
        fields.amount = `超过应缴金额：${month} 还应缴 ${formatFen(outstanding)} 元`;
        continue;
      }
      const [entry] = await tx
        .insert(duesLedger)
        .values({
          parkId: actor.parkId,
          personId: m.id,
          month: monthStart(month),
          kind: 'payment',
          amountFen: amount,
          paidOn: input.paidOn,
          method: input.method,
          receiptNo: input.receiptNo ?? null,
          note: input.note ?? null,
          recordedBy: actor.accountId,
          recordedByName: actorName(actor),
        })
        .returning();
      created.push(entry!);
    }
    if (Object.keys(fields).length) throw unprocessable('PAYMENT_INVALID', '党费登记有误，请检查', fields);
    for (const e of created) {
      await audit(tx, ctx, {
        action: 'dues.payment.record',
        entityType: 'duesLedger',
        entityId: e.id,
        after: e,
      });
    }
    return {
      items: created.map((e) => presentEntry(e)),
      totalFen: created.reduce((a, e) => a + e.amountFen, 0),
    };
  });
}

/** Corrects a payment by a reversing entry of the opposite amount; the original stays in the ledger. */
export async function reversePayment(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  entryId: string,
  reason: string,
) {
  const [e] = await db
    .select()
    .from(duesLedger)
    .where(and(eq(duesLedger.id, entryId), eq(duesLedger.parkId, actor.parkId)));
  if (!e) throw notFound('未找到该缴费记录');
  const m = await readableMember(db, actor, e.personId).catch(() => {
    throw notFound('未找到该缴费记录');
  });
  if (!canManageMemberOrgLife(actor, m)) throw forbidden('没有权限冲正该党员的缴费记录');
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
        recordedByName: actorName(actor),
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

// ——— arrears ———

export async function listArrears(
  db: Db,
  actor: Actor,
  q: { branchId?: string; asOf?: string; flaggedOnly?: boolean },
) {
  const asOf = q.asOf ?? currentMonth();
  const c: SQL[] = [
    writeScope(actor),
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
  const items = [];
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

// ——— hardship reductions ———

type ReductionRecord = typeof duesReductions.$inferSelect;

const REDUCTION_STATUS_LABELS: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
};

function presentReduction(r: ReductionRecord) {
  return {
    id: r.id,
    personId: r.personId,
    fromMonth: r.fromMonth.slice(0, 7),
    toMonth: r.toMonth.slice(0, 7),
    kind: r.kind as 'reduce' | 'exempt',
    kindLabel: r.kind === 'exempt' ? '免交' : '减交',
    amountFen: r.amountFen,
    reason: r.reason,
    status: r.status as 'pending' | 'approved' | 'rejected',
    statusLabel: REDUCTION_STATUS_LABELS[r.status] ?? r.status,
    requestedByName: r.requestedByName,
    decidedByName: r.decidedByName,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt.toISOString(),
  };
}

export interface ReductionInput {
  personId: string;
  fromMonth: string;
  toMonth: string;
  kind: 'reduce' | 'exempt';
  amountFen?: number | null;
  reason: string;
}

export async function requestReduction(db: Db, ctx: RequestContext, actor: Actor, input: ReductionInput) {
  const m = await readableMember(db, actor, input.personId);
  if (!canRequestReduction(actor, m)) throw forbidden('没有权限为该党员申请减免');
  const fields: Record<string, string> = {};
  if (input.fromMonth > input.toMonth) fields.toMonth = '结束月份不能早于开始月份';
  if (monthRange(input.fromMonth, input.toMonth).length > 12) fields.toMonth = '一次最多申请 12 个月';
  if (input.kind === 'reduce' && (input.amountFen === undefined || input.amountFen === null))
    fields.amount = '减交时请填写每月交纳金额';
  if (input.kind === 'exempt' && input.amountFen != null) fields.amount = '免交时不填金额';
  if (Object.keys(fields).length) throw unprocessable('REDUCTION_INVALID', '减免申请有误，请检查', fields);
  return db.transaction(async (tx) => {
    const [overlap] = await tx
      .select({ id: duesReductions.id })
      .from(duesReductions)
      .where(
        and(
          eq(duesReductions.personId, m.id),
          sql`${duesReductions.status} in ('pending','approved')`,
          lte(duesReductions.fromMonth, monthStart(input.toMonth)),
          gte(duesReductions.toMonth, monthStart(input.fromMonth)),
        ),
      );
    if (overlap)
      throw conflict('REDUCTION_OVERLAP', '该时段已有待审批或已批准的减免', { fromMonth: '与已有减免重叠' });
    const [row] = await tx
      .insert(duesReductions)
      .values({
        parkId: actor.parkId,
        personId: m.id,
        fromMonth: monthStart(input.fromMonth),
        toMonth: monthStart(input.toMonth),
        kind: input.kind,
        amountFen: input.kind === 'reduce' ? input.amountFen! : null,
        reason: input.reason,
        status: 'pending',
        requestedBy: actor.accountId,
        requestedByName: actorName(actor),
      })
      .returning();
    await audit(tx, ctx, {
      action: 'dues.reduction.request',
      entityType: 'duesReduction',
      entityId: row!.id,
      after: row,
    });
    return presentReduction(row!);
  });
}

export async function listReductions(db: Db, actor: Actor, q: { status?: string; personId?: string }) {
  const c: SQL[] = [readScope(actor), sql`dues_reductions.park_id = ${actor.parkId}`];
  if (q.status) c.push(sql`dues_reductions.status = ${q.status}`);
  if (q.personId) c.push(sql`dues_reductions.person_id = ${q.personId}`);
  const rows = await queryRows<{ id: string; name: string; branch_name: string }>(
    db,
    sql`select dues_reductions.id, people.name, branch.name as branch_name
        from dues_reductions join ${MEMBER_FROM} on memberships.person_id = dues_reductions.person_id
        where ${sql.join(c, sql` and `)} order by dues_reductions.created_at desc limit 500`,
  );
  const items = [];
  for (const r of rows) {
    const [red] = await db.select().from(duesReductions).where(eq(duesReductions.id, r.id));
    const m = await loadMember(db, actor.parkId, red!.personId);
    items.push({
      ...presentReduction(red!),
      name: r.name,
      branchName: r.branch_name,
      canDecide: red!.status === 'pending' && m !== null && canApproveReduction(actor, m, red!.requestedBy),
    });
  }
  return { items, total: items.length };
}

/** Approve or reject; an approval re-prices the covered months not yet paid into. */
export async function decideReduction(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { approve: boolean; note?: string | null },
) {
  return db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(duesReductions)
      .where(and(eq(duesReductions.id, id), eq(duesReductions.parkId, actor.parkId)));
    if (!r) throw notFound('未找到该减免申请');
    const m = (await loadMember(tx, actor.parkId, r.personId)) as MemberRow | null;
    if (!m) throw notFound('未找到该减免申请');
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
        decidedByName: actorName(actor),
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

// ——— yearly summary and export ———

export async function yearlySummary(db: Db, actor: Actor, year: number) {
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
        where ${readScope(actor)} and dues_months.park_id = ${actor.parkId}
          and dues_months.month between ${`${year}-01-01`}::date and ${`${year}-12-01`}::date
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

const yuanCell = (fen: number) => Number(formatFen(fen));

/** The yearly summary and every member-month as an .xlsx workbook (audited). */
export async function exportYear(db: Db, ctx: RequestContext, actor: Actor, year: number) {
  const summary = await yearlySummary(db, actor, year);
  const detail = await queryRows<MonthListRow>(
    db,
    sql`select ${MONTH_COLUMNS} from ${MONTH_FROM}
        where ${readScope(actor)} and dues_months.park_id = ${actor.parkId}
          and dues_months.month between ${`${year}-01-01`}::date and ${`${year}-12-01`}::date
        order by branch.name, people.name, dues_months.month`,
  );
  const wb = new ExcelJS.Workbook();
  wb.creator = '校园党建';
  const s1 = wb.addWorksheet('支部汇总');
  s1.columns = [
    { header: '党支部', key: 'branch', width: 26 },
    { header: '党员人数', key: 'members', width: 10 },
    { header: '应缴月数', key: 'months', width: 10 },
    { header: '已缴清月数', key: 'paidMonths', width: 12 },
    { header: '减免月数', key: 'reduced', width: 10 },
    { header: '应缴金额（元）', key: 'due', width: 16, style: { numFmt: '0.00' } },
    { header: '实缴金额（元）', key: 'paid', width: 16, style: { numFmt: '0.00' } },
    { header: '欠缴金额（元）', key: 'outstanding', width: 16, style: { numFmt: '0.00' } },
    { header: '缴清率（%）', key: 'rate', width: 12 },
  ];
  for (const b of summary.branches) {
    s1.addRow({
      branch: b.branchName,
      members: b.members,
      months: b.months,
      paidMonths: b.paidMonths,
      reduced: b.reducedMonths,
      due: yuanCell(b.dueFen),
      paid: yuanCell(b.paidFen),
      outstanding: yuanCell(b.outstandingFen),
      rate: b.paidRate,
    });
  }
  s1.addRow({
    branch: '合计',
    members: summary.total.members,
    months: summary.total.months,
    paidMonths: summary.total.paidMonths,
    due: yuanCell(summary.total.dueFen),
    paid: yuanCell(summary.total.paidFen),
    outstanding: yuanCell(summary.total.outstandingFen),
  }).font = { bold: true };
  s1.getRow(1).font = { bold: true };
  const s2 = wb.addWorksheet('逐月明细');
  s2.columns = [
    { header: '党支部', key: 'branch', width: 24 },
    { header: '姓名', key: 'name', width: 12 },
    { header: '工号/学号', key: 'number', width: 14 },
    { header: '月份', key: 'month', width: 10 },
    { header: '类别', key: 'group', width: 14 },
    { header: '月基数（元）', key: 'base', width: 14, style: { numFmt: '0.00' } },
    { header: '比例', key: 'rate', width: 8 },
    { header: '应缴（元）', key: 'due', width: 12, style: { numFmt: '0.00' } },
    { header: '已缴（元）', key: 'paid', width: 12, style: { numFmt: '0.00' } },
    { header: '状态', key: 'status', width: 10 },
    { header: '减免', key: 'reduced', width: 8 },
  ];
  const STATUS = { paid: '已缴清', partial: '部分缴纳', unpaid: '未缴' };
  for (const r of detail.map(presentMonthRow)) {
    s2.addRow({
      branch: r.branchName,
      name: r.name,
      number: r.number,
      month: r.month,
      group: r.groupLabel,
      base: r.baseFen === null ? null : yuanCell(r.baseFen),
      rate: r.rateBp === null ? '定额' : `${r.rateBp / 100}%`,
      due: yuanCell(r.dueFen),
      paid: yuanCell(r.paidFen),
      status: STATUS[r.status],
      reduced: r.reduced ? '是' : '',
    });
  }
  s2.getRow(1).font = { bold: true };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  await audit(db, ctx, {
    action: 'dues.ledger.export',
    entityType: 'duesSummary',
    after: { year, branches: summary.branches.length, rows: detail.length },
  });
  return { buffer, fileName: `党费收缴-${year}年.xlsx` };
}
