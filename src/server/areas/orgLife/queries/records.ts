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

/** The member columns a list line starts with, and their contract names. */
interface ListRow {
  id: string;
  person_id: string;
  name: string;
  branch_name: string;
  year: number;
}
const listItem = (r: ListRow) => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  branchName: r.branch_name,
  year: r.year,
});

type RecordTable = 'thought_reports' | 'member_goals' | 'proposals';

/** What one record list asks of `recordPage`, beyond the filters every list shares. */
interface RecordList {
  select: SQL;
  orderBy: SQL;
  /** The list's own filters. */
  where?: SQL[];
  /** Further joins (after the member's). */
  join?: SQL;
}

/**
 * One page of a record list, in the list envelope: the records of members in the actor's
 * `members.read` scope and park, filtered by year, branch and person (and the list's own filters),
 * joined to the member (people, membership, branch), with the count of the whole list.
 */
async function recordPage<R, T>(
  db: Db,
  actor: Actor,
  table: RecordTable,
  f: ListFilters,
  list: RecordList,
  present: (rows: R[]) => T[] | Promise<T[]>,
) {
  const t = sql.raw(table);
  const c: SQL[] = [scopeCondition(actor), sql`${t}.park_id = ${actor.parkId}`];
  if (f.year !== undefined) c.push(sql`${t}.year = ${f.year}`);
  if (f.branchId) c.push(sql`memberships.branch_id = ${f.branchId}`);
  if (f.personId) c.push(sql`${t}.person_id = ${f.personId}`);
  c.push(...(list.where ?? []));
  const where = sql.join(c, sql` and `);
  const from = sql`${t} join ${MEMBER_FROM} on memberships.person_id = ${t}.person_id ${list.join ?? sql``}`;
  const [rows, [count]] = await Promise.all([
    queryRows<R>(
      db,
      sql`select ${list.select} from ${from} where ${where}
          order by ${list.orderBy}
          limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  return { items: await present(rows), total: count?.n ?? 0, page: f.page, pageSize: f.pageSize };
}

export async function listThoughtReports(db: Db, actor: Actor, f: ThoughtReportFilters) {
  const where =
    f.commented === undefined
      ? []
      : [f.commented ? sql`thought_reports.comment is not null` : sql`thought_reports.comment is null`];
  return recordPage(
    db,
    actor,
    'thought_reports',
    f,
    {
      select: sql`thought_reports.id, thought_reports.person_id, people.name, branch.name as branch_name,
        thought_reports.year, left(thought_reports.content, 80) as excerpt, thought_reports.submitted_at,
        thought_reports.comment is not null as commented, thought_reports.commented_by_name`,
      orderBy: sql`thought_reports.submitted_at desc, thought_reports.id`,
      where,
    },
    (
      rows: (ListRow & {
        excerpt: string;
        submitted_at: string | Date;
        commented: boolean;
        commented_by_name: string | null;
      })[],
    ) =>
      rows.map((r) => ({
        ...listItem(r),
        excerpt: r.excerpt,
        submittedAt: new Date(r.submitted_at).toISOString(),
        commented: r.commented,
        commentedByName: r.commented_by_name,
      })),
  );
}

export async function listGoals(db: Db, actor: Actor, f: GoalsFilters) {
  const where =
    f.reviewed === undefined
      ? []
      : [f.reviewed ? sql`member_goals.review_result is not null` : sql`member_goals.review_result is null`];
  return recordPage(
    db,
    actor,
    'member_goals',
    f,
    {
      select: sql`member_goals.id`,
      orderBy: sql`member_goals.year desc, people.name, member_goals.id`,
      where,
    },
    async (rows: { id: string }[]) => {
      const items = [];
      for (const { id } of rows) {
        const [g] = await db.select().from(memberGoals).where(eq(memberGoals.id, id));
        const m = await loadMember(db, actor.parkId, g!.personId);
        items.push(presentGoals(g!, m!));
      }
      return items;
    },
  );
}

export async function listProposals(db: Db, actor: Actor, f: ProposalFilters) {
  return recordPage(
    db,
    actor,
    'proposals',
    f,
    {
      select: sql`proposals.id, proposals.person_id, people.name, branch.name as branch_name, proposals.year,
        proposals.target, proposals.title, proposals.status, dept.name as department_name, proposals.created_at`,
      orderBy: sql`proposals.created_at desc, proposals.id`,
      where: f.status ? [sql`proposals.status = ${f.status}`] : [],
      join: sql`left join org_nodes dept on dept.id = proposals.department_id`,
    },
    (
      rows: (ListRow & {
        target: ProposalView['target'];
        title: string;
        status: ProposalView['status'];
        department_name: string | null;
        created_at: string | Date;
      })[],
    ) =>
      rows.map((r) => ({
        ...listItem(r),
        target: r.target,
        title: r.title,
        status: r.status,
        statusLabel: PROPOSAL_STATUS_LABELS[r.status] ?? r.status,
        departmentName: r.department_name,
        createdAt: new Date(r.created_at).toISOString(),
      })),
  );
}

/** The member themself, about to write one of their own records (403 for anyone else, even a secretary). */
export async function ownMember(db: Db, actor: Actor, personId: string): Promise<MemberRow> {
  const m = await readableMember(db, actor, personId);
  if (!canWriteOwnRecords(actor, m)) throw forbidden('只能由党员本人填写');
  return m;
}
