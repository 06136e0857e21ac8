import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { memberGoals, orgNodes, proposals, thoughtReports } from '../../../platform/db/schema/index';
import type {
  GoalsFilters,
  ProposalFilters,
  ProposalView,
  ThoughtReportFilters,
} from '../../../../common/contracts/orgLife';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { scopesFor } from '../../../access/scope';
import { membershipScopeCondition } from '../../members/queries';
import { MEMBER_FROM, loadMember, readableMember, type MemberRow } from '../../members/memberRecords';
import { ORGLIFE_READ, canWriteOwnRecords } from '../policy';
import { PROPOSAL_STATUS_LABELS } from '../rules/records';
import {
  presentGoals,
  presentProposal,
  presentReport,
  type GoalRow,
  type MemberLabel,
  type ProposalRow,
  type ReportRow,
} from '../presenter';

/**
 * The member's own records read: thought reports, goals and proposals, one by one (for whoever
 * may read the member) and as lists over the actor's `members.read` scope.
 */

/** The three kinds of record, with their table and the words for "not found". */
export const RECORDS = {
  thoughtReport: { table: thoughtReports, missing: '未找到该思想汇报' },
  goals: { table: memberGoals, missing: '未找到该目标' },
  proposal: { table: proposals, missing: '未找到该建议' },
} as const;
export type RecordKind = keyof typeof RECORDS;
type RowOf<K extends RecordKind> = K extends 'thoughtReport'
  ? ReportRow
  : K extends 'goals'
    ? GoalRow
    : ProposalRow;

/** A record of the actor's park together with its member, or 404 when the actor may not read the member. */
export async function readableRecord<K extends RecordKind>(
  db: Db,
  actor: Actor,
  kind: K,
  id: string,
): Promise<{ row: RowOf<K>; member: MemberRow }> {
  const { table, missing } = RECORDS[kind];
  const [row] = await db
    .select()
    .from(table)
    .where(and(eq(table.id, id), eq(table.parkId, actor.parkId)));
  if (!row) throw notFound(missing);
  const member = await readableMember(db, actor, row.personId).catch(() => {
    throw notFound(missing);
  });
  return { row: row as RowOf<K>, member };
}

export async function departmentName(db: Db, departmentId: string | null) {
  if (!departmentId) return null;
  const [d] = await db.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, departmentId));
  return d?.name ?? null;
}

export const proposalView = async (db: Db, p: ProposalRow, m: MemberLabel): Promise<ProposalView> =>
  presentProposal(p, m, await departmentName(db, p.departmentId));

export async function getThoughtReport(db: Db, actor: Actor, id: string) {
  const { row, member } = await readableRecord(db, actor, 'thoughtReport', id);
  return presentReport(row, member);
}

export async function getProposal(db: Db, actor: Actor, id: string) {
  const { row, member } = await readableRecord(db, actor, 'proposal', id);
  return proposalView(db, row, member);
}

// ——— lists ———

const scopeCondition = (actor: Actor) => membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_READ));

interface ListFilters {
  year?: number;
  branchId?: string;
  personId?: string;
  page: number;
  pageSize: number;
}

function commonConditions(
  actor: Actor,
  table: 'thought_reports' | 'member_goals' | 'proposals',
  f: ListFilters,
): SQL[] {
  const t = sql.raw(table);
  const c: SQL[] = [scopeCondition(actor), sql`${t}.park_id = ${actor.parkId}`];
  if (f.year !== undefined) c.push(sql`${t}.year = ${f.year}`);
  if (f.branchId) c.push(sql`memberships.branch_id = ${f.branchId}`);
  if (f.personId) c.push(sql`${t}.person_id = ${f.personId}`);
  return c;
}

export async function listThoughtReports(db: Db, actor: Actor, f: ThoughtReportFilters) {
  const c = commonConditions(actor, 'thought_reports', f);
  if (f.commented !== undefined)
    c.push(f.commented ? sql`thought_reports.comment is not null` : sql`thought_reports.comment is null`);
  const where = sql.join(c, sql` and `);
  const from = sql`thought_reports join ${MEMBER_FROM} on memberships.person_id = thought_reports.person_id`;
  const [items, [count]] = await Promise.all([
    queryRows<{
      id: string;
      person_id: string;
      name: string;
      branch_name: string;
      year: number;
      excerpt: string;
      submitted_at: string | Date;
      commented: boolean;
      commented_by_name: string | null;
    }>(
      db,
      sql`select thought_reports.id, thought_reports.person_id, people.name, branch.name as branch_name,
            thought_reports.year, left(thought_reports.content, 80) as excerpt, thought_reports.submitted_at,
            thought_reports.comment is not null as commented, thought_reports.commented_by_name
          from ${from} where ${where}
          order by thought_reports.submitted_at desc, thought_reports.id
          limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  return {
    items: items.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name,
      branchName: r.branch_name,
      year: r.year,
      excerpt: r.excerpt,
      submittedAt: new Date(r.submitted_at).toISOString(),
      commented: r.commented,
      commentedByName: r.commented_by_name,
    })),
    total: count?.n ?? 0,
    page: f.page,
    pageSize: f.pageSize,
  };
}

export async function listGoals(db: Db, actor: Actor, f: GoalsFilters) {
  const c = commonConditions(actor, 'member_goals', f);
  if (f.reviewed !== undefined)
    c.push(
      f.reviewed ? sql`member_goals.review_result is not null` : sql`member_goals.review_result is null`,
    );
  const where = sql.join(c, sql` and `);
  const from = sql`member_goals join ${MEMBER_FROM} on memberships.person_id = member_goals.person_id`;
  const [rows, [count]] = await Promise.all([
    queryRows<{ id: string }>(
      db,
      sql`select member_goals.id from ${from} where ${where}
          order by member_goals.year desc, people.name, member_goals.id
          limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  const items = [];
  for (const { id } of rows) {
    const [g] = await db.select().from(memberGoals).where(eq(memberGoals.id, id));
    const m = await loadMember(db, actor.parkId, g!.personId);
    items.push(presentGoals(g!, m!));
  }
  return { items, total: count?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

export async function listProposals(db: Db, actor: Actor, f: ProposalFilters) {
  const c = commonConditions(actor, 'proposals', f);
  if (f.status) c.push(sql`proposals.status = ${f.status}`);
  const where = sql.join(c, sql` and `);
  const from = sql`proposals join ${MEMBER_FROM} on memberships.person_id = proposals.person_id
    left join org_nodes dept on dept.id = proposals.department_id`;
  const [rows, [count]] = await Promise.all([
    queryRows<{
      id: string;
      person_id: string;
      name: string;
      branch_name: string;
      year: number;
      target: ProposalView['target'];
      title: string;
      status: ProposalView['status'];
      department_name: string | null;
      created_at: string | Date;
    }>(
      db,
      sql`select proposals.id, proposals.person_id, people.name, branch.name as branch_name, proposals.year,
            proposals.target, proposals.title, proposals.status, dept.name as department_name, proposals.created_at
          from ${from} where ${where}
          order by proposals.created_at desc, proposals.id
          limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      name: r.name,
      branchName: r.branch_name,
      year: r.year,
      target: r.target,
      title: r.title,
      status: r.status,
      statusLabel: PROPOSAL_STATUS_LABELS[r.status] ?? r.status,
      departmentName: r.department_name,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    total: count?.n ?? 0,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** The member themself, about to write one of their own records (403 for anyone else, even a secretary). */
export async function ownMember(db: Db, actor: Actor, personId: string): Promise<MemberRow> {
  const m = await readableMember(db, actor, personId);
  if (!canWriteOwnRecords(actor, m)) throw forbidden('只能由党员本人填写');
  return m;
}
