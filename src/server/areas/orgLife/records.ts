import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import {
  memberGoals,
  orgNodes,
  proposals,
  thoughtReports,
  type ProposalEvent,
} from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { todayInShanghai } from '../../../common/dates';
import { conflict, forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { membershipScopeCondition } from '../members/policy';
import { ORGLIFE_READ, canManageMemberOrgLife, canWriteOwnRecords } from './policy';
import { scopesFor } from '../../access/scope';
import { assertBirthdayYear } from './birthdays';
import { MEMBER_FROM, actorName, loadMember, readableMember, type MemberRow } from './common';

/**
 * The member's own records of a political birthday: the thought report on the year (思想汇报), next
 * year's goals, and proposals (合理化建议). Only the member writes them; the secretary reads,
 * comments, reviews and tracks.
 */

async function ownMember(db: Db, actor: Actor, personId: string): Promise<MemberRow> {
  const m = await readableMember(db, actor, personId);
  if (!canWriteOwnRecords(actor, m)) throw forbidden('只能由党员本人填写');
  return m;
}

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

// ——— thought reports ———

type ReportRow = typeof thoughtReports.$inferSelect;

function presentReport(r: ReportRow, m: { name: string; branchName: string }) {
  return {
    id: r.id,
    personId: r.personId,
    name: m.name,
    branchName: m.branchName,
    year: r.year,
    content: r.content,
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    comment: r.comment,
    commentedByName: r.commentedByName,
    commentedAt: r.commentedAt?.toISOString() ?? null,
  };
}

export async function putThoughtReport(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  year: number,
  content: string,
) {
  const m = await ownMember(db, actor, personId);
  assertBirthdayYear(m, year);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(thoughtReports)
      .where(and(eq(thoughtReports.personId, m.id), eq(thoughtReports.year, year)));
    if (existing?.comment !== null && existing?.comment !== undefined) {
      throw conflict('REPORT_COMMENTED', '书记已批阅这份思想汇报，不能再修改');
    }
    const [row] = existing
      ? await tx
          .update(thoughtReports)
          .set({ content, updatedAt: new Date() })
          .where(eq(thoughtReports.id, existing.id))
          .returning()
      : await tx
          .insert(thoughtReports)
          .values({ parkId: actor.parkId, personId: m.id, year, content })
          .returning();
    await audit(tx, ctx, {
      action: existing ? 'orgLife.thoughtReport.update' : 'orgLife.thoughtReport.submit',
      entityType: 'thoughtReport',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return presentReport(row!, m);
  });
}

async function reportWithMember(db: Db, actor: Actor, id: string) {
  const [r] = await db
    .select()
    .from(thoughtReports)
    .where(and(eq(thoughtReports.id, id), eq(thoughtReports.parkId, actor.parkId)));
  if (!r) throw notFound('未找到该思想汇报');
  const m = await loadMember(db, actor.parkId, r.personId);
  return { r, m };
}

export async function getThoughtReport(db: Db, actor: Actor, id: string) {
  const { r, m } = await reportWithMember(db, actor, id);
  if (!m) throw notFound('未找到该思想汇报');
  await readableMember(db, actor, m.id).catch(() => {
    throw notFound('未找到该思想汇报');
  });
  return presentReport(r, m);
}

export async function commentThoughtReport(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  comment: string,
) {
  return db.transaction(async (tx) => {
    const { r, m } = await reportWithMember(tx, actor, id);
    if (!m) throw notFound('未找到该思想汇报');
    await readableMember(tx, actor, m.id).catch(() => {
      throw notFound('未找到该思想汇报');
    });
    if (!canManageMemberOrgLife(actor, m)) throw forbidden('只有本支部书记或上级管理员可以批阅');
    const [row] = await tx
      .update(thoughtReports)
      .set({
        comment,
        commentedBy: actor.accountId,
        commentedByName: actorName(actor),
        commentedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(thoughtReports.id, r.id))
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.thoughtReport.comment',
      entityType: 'thoughtReport',
      entityId: r.id,
      before: r,
      after: row,
    });
    return presentReport(row!, m);
  });
}

export async function listThoughtReports(db: Db, actor: Actor, f: ListFilters & { commented?: boolean }) {
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

// ——— goals ———

type GoalRow = typeof memberGoals.$inferSelect;

const REVIEW_LABELS: Record<string, string> = { met: '已达成', notMet: '未达成' };

function presentGoals(g: GoalRow, m: { name: string; branchName: string }) {
  return {
    id: g.id,
    personId: g.personId,
    name: m.name,
    branchName: m.branchName,
    year: g.year,
    targetYear: g.year + 1,
    content: g.content,
    submittedAt: g.submittedAt.toISOString(),
    reviewResult: g.reviewResult as 'met' | 'notMet' | null,
    reviewResultLabel: g.reviewResult ? REVIEW_LABELS[g.reviewResult]! : '未对照',
    reviewNote: g.reviewNote,
    reviewedByName: g.reviewedByName,
    reviewedAt: g.reviewedAt?.toISOString() ?? null,
  };
}

export async function putGoals(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  year: number,
  content: string,
) {
  const m = await ownMember(db, actor, personId);
  assertBirthdayYear(m, year);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(memberGoals)
      .where(and(eq(memberGoals.personId, m.id), eq(memberGoals.year, year)));
    if (existing?.reviewResult) throw conflict('GOALS_REVIEWED', '这份目标已对照评定，不能再修改');
    const [row] = existing
      ? await tx
          .update(memberGoals)
          .set({ content, updatedAt: new Date() })
          .where(eq(memberGoals.id, existing.id))
          .returning()
      : await tx
          .insert(memberGoals)
          .values({ parkId: actor.parkId, personId: m.id, year, content })
          .returning();
    await audit(tx, ctx, {
      action: existing ? 'orgLife.goals.update' : 'orgLife.goals.submit',
      entityType: 'memberGoals',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return presentGoals(row!, m);
  });
}

/** A year later: were last year's goals met? Not before the target year has begun. */
export async function reviewGoals(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { result: 'met' | 'notMet'; note?: string | null },
  today = todayInShanghai(),
) {
  return db.transaction(async (tx) => {
    const [g] = await tx
      .select()
      .from(memberGoals)
      .where(and(eq(memberGoals.id, id), eq(memberGoals.parkId, actor.parkId)));
    if (!g) throw notFound('未找到该目标');
    const m = await readableMember(tx, actor, g.personId).catch(() => {
      throw notFound('未找到该目标');
    });
    if (!canManageMemberOrgLife(actor, m)) throw forbidden('只有本支部书记或上级管理员可以对照评定');
    if (Number(today.slice(0, 4)) < g.year + 1) {
      throw unprocessable('GOALS_NOT_DUE', `这是${g.year + 1}年的目标，${g.year + 1}年开始后才能对照评定`);
    }
    const [row] = await tx
      .update(memberGoals)
      .set({
        reviewResult: input.result,
        reviewNote: input.note ?? null,
        reviewedBy: actor.accountId,
        reviewedByName: actorName(actor),
        reviewedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(memberGoals.id, g.id))
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.goals.review',
      entityType: 'memberGoals',
      entityId: g.id,
      before: g,
      after: row,
    });
    return presentGoals(row!, m);
  });
}

export async function listGoals(db: Db, actor: Actor, f: ListFilters & { reviewed?: boolean }) {
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

// ——— proposals ———

export const PROPOSAL_STATUS_LABELS: Record<string, string> = {
  received: '已受理',
  assigned: '已转交科室',
  answered: '已答复',
  closed: '已办结',
};

type ProposalRow = typeof proposals.$inferSelect;

async function presentProposal(db: Db, p: ProposalRow, m: { name: string; branchName: string }) {
  let departmentName: string | null = null;
  if (p.departmentId) {
    const [d] = await db
      .select({ name: orgNodes.name })
      .from(orgNodes)
      .where(eq(orgNodes.id, p.departmentId));
    departmentName = d?.name ?? null;
  }
  return {
    id: p.id,
    personId: p.personId,
    name: m.name,
    branchName: m.branchName,
    year: p.year,
    target: p.target as 'school' | 'branch',
    targetLabel: p.target === 'school' ? '对学校发展' : '对支部建设',
    title: p.title,
    content: p.content,
    status: p.status,
    statusLabel: PROPOSAL_STATUS_LABELS[p.status] ?? p.status,
    departmentId: p.departmentId,
    departmentName,
    answer: p.answer,
    history: p.history,
    createdAt: p.createdAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
  };
}

const event = (status: string, actor: Actor, note: string | null = null): ProposalEvent => ({
  status,
  at: new Date().toISOString(),
  byName: actorName(actor),
  note,
});

export async function createProposal(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { personId: string; year: number; target: 'school' | 'branch'; title: string; content: string },
) {
  const m = await ownMember(db, actor, input.personId);
  assertBirthdayYear(m, input.year);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(proposals)
      .values({
        parkId: actor.parkId,
        personId: m.id,
        year: input.year,
        target: input.target,
        title: input.title,
        content: input.content,
        status: 'received',
        history: [event('received', actor)],
      })
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.proposal.create',
      entityType: 'proposal',
      entityId: row!.id,
      after: row,
    });
    return presentProposal(tx, row!, m);
  });
}

async function proposalWithMember(db: Db, actor: Actor, id: string) {
  const [p] = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.id, id), eq(proposals.parkId, actor.parkId)));
  if (!p) throw notFound('未找到该建议');
  const m = await readableMember(db, actor, p.personId).catch(() => {
    throw notFound('未找到该建议');
  });
  return { p, m };
}

export async function getProposal(db: Db, actor: Actor, id: string) {
  const { p, m } = await proposalWithMember(db, actor, id);
  return presentProposal(db, p, m);
}

/** Which step may follow which (received → assigned → answered → closed; reassigning is allowed). */
const NEXT: Record<string, readonly string[]> = {
  received: ['assigned', 'closed'],
  assigned: ['assigned', 'answered'],
  answered: ['closed'],
  closed: [],
};

export type ProposalAction =
  | { action: 'assign'; departmentId: string; note?: string | null }
  | { action: 'answer'; answer: string }
  | { action: 'close'; note?: string | null };

export async function advanceProposal(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  a: ProposalAction,
) {
  return db.transaction(async (tx) => {
    const { p, m } = await proposalWithMember(tx, actor, id);
    if (!canManageMemberOrgLife(actor, m)) throw forbidden('只有本支部书记或上级管理员可以办理建议');
    const to = a.action === 'assign' ? 'assigned' : a.action === 'answer' ? 'answered' : 'closed';
    if (!NEXT[p.status]!.includes(to)) {
      throw conflict(
        'PROPOSAL_STATE',
        `建议当前为「${PROPOSAL_STATUS_LABELS[p.status]}」，不能${a.action === 'assign' ? '转交' : a.action === 'answer' ? '答复' : '办结'}`,
      );
    }
    const patch: Partial<ProposalRow> = { status: to, updatedAt: new Date() };
    let note: string | null = null;
    if (a.action === 'assign') {
      const [dept] = await tx
        .select()
        .from(orgNodes)
        .where(and(eq(orgNodes.id, a.departmentId), eq(orgNodes.parkId, actor.parkId)));
      if (!dept || dept.kind !== 'department') {
        throw unprocessable('NOT_A_DEPARTMENT', '请选择一个科室', { departmentId: '请选择一个科室' });
      }
      patch.departmentId = dept.id;
      note = `转交${dept.name}${a.note ? `：${a.note}` : ''}`;
    } else if (a.action === 'answer') {
      patch.answer = a.answer;
      note = a.answer;
    } else {
      patch.closedAt = new Date();
      note = a.note ?? null;
    }
    patch.history = [...p.history, event(to, actor, note)];
    const [row] = await tx.update(proposals).set(patch).where(eq(proposals.id, p.id)).returning();
    await audit(tx, ctx, {
      action: `orgLife.proposal.${a.action}`,
      entityType: 'proposal',
      entityId: p.id,
      before: p,
      after: row,
    });
    return presentProposal(tx, row!, m);
  });
}

export async function listProposals(db: Db, actor: Actor, f: ListFilters & { status?: string }) {
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
      target: string;
      title: string;
      status: string;
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
