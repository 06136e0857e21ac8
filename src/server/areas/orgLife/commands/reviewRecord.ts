import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import {
  memberGoals,
  orgNodes,
  proposals,
  thoughtReports,
  type ProposalEvent,
} from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { AuditAction } from '../../../../common/auditActions';
import type { ReviewGoalsInput } from '../../../../common/contracts/orgLife';
import { todayInShanghai } from '../../../../common/dates';
import { conflict, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import type { MemberRow } from '../../members/memberRecords';
import { canManageMemberOrgLife } from '../policy';
import {
  PROPOSAL_STATUS_LABELS,
  STEP_LABELS,
  STEP_STATUS,
  canTakeStep,
  goalsDue,
  type ProposalStep,
} from '../rules/records';
import { presentGoals, presentReport, type ProposalRow } from '../presenter';
import { proposalView, readableRecord, type RecordKind } from '../queries/records';

/**
 * The secretary's answer to a member's record — commenting a thought report, judging last year's
 * goals, handling a proposal — as one write: find the record (404 past the actor's read scope),
 * check the actor manages the member (403), change the row, audit, show it. Only the change differs.
 */

const REFUSED: Record<RecordKind, string> = {
  thoughtReport: '只有本支部书记或上级管理员可以批阅',
  goals: '只有本支部书记或上级管理员可以对照评定',
  proposal: '只有本支部书记或上级管理员可以办理建议',
};
const ENTITY_TYPES: Record<RecordKind, string> = {
  thoughtReport: 'thoughtReport',
  goals: 'memberGoals',
  proposal: 'proposal',
};

type Loaded<K extends RecordKind> = Awaited<ReturnType<typeof readableRecord<K>>>;

async function reviewRecord<K extends RecordKind, V>(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  kind: K,
  id: string,
  change: (
    tx: Db,
    row: Loaded<K>['row'],
    member: MemberRow,
  ) => Promise<{ action: AuditAction; after: unknown; view: V }>,
): Promise<V> {
  return db.transaction(async (tx) => {
    const { row, member } = await readableRecord(tx, actor, kind, id);
    if (!canManageMemberOrgLife(actor, member)) throw forbidden(REFUSED[kind]);
    const { action, after, view } = await change(tx, row, member);
    await audit(tx, ctx, { action, entityType: ENTITY_TYPES[kind], entityId: row.id, before: row, after });
    return view;
  });
}

export const commentThoughtReport = (
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  comment: string,
) =>
  reviewRecord(db, ctx, actor, 'thoughtReport', id, async (tx, r, m) => {
    const [row] = await tx
      .update(thoughtReports)
      .set({
        comment,
        commentedBy: actor.accountId,
        commentedByName: actor.displayName,
        commentedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(thoughtReports.id, r.id))
      .returning();
    return { action: 'orgLife.thoughtReport.comment', after: row, view: presentReport(row!, m) };
  });

/** A year later: were last year's goals met? Not before the target year has begun. */
export const reviewGoals = (
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: ReviewGoalsInput,
  today = todayInShanghai(),
) =>
  reviewRecord(db, ctx, actor, 'goals', id, async (tx, g, m) => {
    if (!goalsDue(g.year, today)) {
      throw unprocessable('GOALS_NOT_DUE', `这是${g.year + 1}年的目标，${g.year + 1}年开始后才能对照评定`);
    }
    const [row] = await tx
      .update(memberGoals)
      .set({
        reviewResult: input.result,
        reviewNote: input.note ?? null,
        reviewedBy: actor.accountId,
        reviewedByName: actor.displayName,
        reviewedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(memberGoals.id, g.id))
      .returning();
    return { action: 'orgLife.goals.review', after: row, view: presentGoals(row!, m) };
  });

export const proposalEvent = (status: string, actor: Actor, note: string | null = null): ProposalEvent => ({
  status,
  at: new Date().toISOString(),
  byName: actor.displayName,
  note,
});

export type ProposalAction =
  | { action: 'assign'; departmentId: string; note?: string | null }
  | { action: 'answer'; answer: string }
  | { action: 'close'; note?: string | null };

/** Moves a proposal one step: transfer to a department, record its answer, or close it. */
export const advanceProposal = (db: Db, ctx: RequestContext, actor: Actor, id: string, a: ProposalAction) =>
  reviewRecord(db, ctx, actor, 'proposal', id, async (tx, p, m) => {
    const step: ProposalStep = a.action;
    if (!canTakeStep(p.status, step)) {
      throw conflict(
        'PROPOSAL_STATE',
        `建议当前为「${PROPOSAL_STATUS_LABELS[p.status]}」，不能${STEP_LABELS[step]}`,
      );
    }
    const to = STEP_STATUS[step];
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
    patch.history = [...p.history, proposalEvent(to, actor, note)];
    const [row] = await tx.update(proposals).set(patch).where(eq(proposals.id, p.id)).returning();
    return {
      action: `orgLife.proposal.${a.action}` as const,
      after: row,
      view: await proposalView(tx, row!, m),
    };
  });
