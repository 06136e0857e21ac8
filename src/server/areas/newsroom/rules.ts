/**
 * The portal's editorial workflow as data, and one pure function that applies it.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──signOff──▶ published | scheduled
 *     ▲                 │    │                 │   (only when second-level sign-off is on)
 *     │                 │    └─approve (sign-off off)──────────────▶ published | scheduled
 *     │◀──withdraw──────┘    return (reason)   │ return (reason)
 *     │                      ▼                 ▼
 *     └──────reopen────── returned ◀───────────┘        scheduled ──publishDue (job)──▶ published
 *                           │ submit again                 published | scheduled ──takeDown (reason)──▶ takenDown
 *                                                         takenDown ──reopen──▶ draft
 *
 * Rules: an editor cannot publish alone. Whoever created or submitted an article may not
 * approve it, and whoever created, submitted or approved it may not sign it off — even when the
 * same account holds the editor, reviewer and sign-off roles. Return and take-down need a reason.
 * Only the author or submitter withdraws a submission. A published or scheduled article's content
 * is not edited in place (EDITABLE_BY): it is taken down, reopened and reviewed again.
 */

import {
  ARTICLE_STATUSES,
  WORKFLOW_ACTIONS,
  type ArticleStatus,
  type WorkflowAction,
} from '../../../common/contracts/newsroom';

export { ARTICLE_STATUSES, WORKFLOW_ACTIONS, type ArticleStatus, type WorkflowAction };

export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '待签发',
  scheduled: '定时发布',
  published: '已发布',
  returned: '已退回',
  takenDown: '已撤下',
};

export const WORKFLOW_ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: '提交审核',
  withdraw: '撤回',
  approve: '审核通过',
  return: '退回',
  signOff: '签发',
  publishDue: '定时发布',
  takeDown: '撤下',
  reopen: '重新编辑',
};

/** What the actor may do, as the workflow needs to know it (the policy decides scope beforehand). */
export type Capability = 'edit' | 'review' | 'signOff' | 'system';

/** Where an action may lead. 'publish' resolves to published or scheduled by the publish time. */
type Target = ArticleStatus | 'publish' | 'approveTarget';

export interface TransitionRule {
  action: WorkflowAction;
  from: readonly ArticleStatus[];
  to: Target;
  needs: Capability;
  reasonRequired: boolean;
}

export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'submit', from: ['draft', 'returned'], to: 'submitted', needs: 'edit', reasonRequired: false },
  { action: 'withdraw', from: ['submitted'], to: 'draft', needs: 'edit', reasonRequired: false },
  { action: 'approve', from: ['submitted'], to: 'approveTarget', needs: 'review', reasonRequired: false },
  { action: 'return', from: ['submitted'], to: 'returned', needs: 'review', reasonRequired: true },
  { action: 'return', from: ['approved'], to: 'returned', needs: 'signOff', reasonRequired: true },
  { action: 'signOff', from: ['approved'], to: 'publish', needs: 'signOff', reasonRequired: false },
  { action: 'publishDue', from: ['scheduled'], to: 'published', needs: 'system', reasonRequired: false },
  {
    action: 'takeDown',
    from: ['published', 'scheduled'],
    to: 'takenDown',
    needs: 'review',
    reasonRequired: true,
  },
  { action: 'reopen', from: ['returned', 'takenDown'], to: 'draft', needs: 'edit', reasonRequired: false },
];

/** Statuses in which the content may be edited, and by whom. */
export const EDITABLE_BY: Record<ArticleStatus, Capability | null> = {
  draft: 'edit',
  returned: 'edit',
  submitted: 'review',
  approved: 'signOff',
  // What the site shows (or will show at its time) was approved as it is: a change goes through
  // review again (撤下 with a reason → 重新编辑 → submit), or one person could publish alone by
  // editing after approval. Where it sits may still be adjusted: LIVE_ADJUSTABLE.
  scheduled: null,
  published: null,
  takenDown: null,
};

/** Fields a reviewer may still change on a published or scheduled article: placement, not content. */
export const LIVE_ADJUSTABLE: readonly string[] = ['pinned', 'publishAt', 'version'];

/** May this patch of a published or scheduled article go ahead (only LIVE_ADJUSTABLE fields, by a reviewer)? */
export function canAdjustLive(
  status: ArticleStatus,
  capabilities: ReadonlySet<Capability>,
  fields: string[],
): boolean {
  return (
    (status === 'published' || status === 'scheduled') &&
    capabilities.has('review') &&
    fields.every((f) => LIVE_ADJUSTABLE.includes(f))
  );
}

/** The public can see these. */
export const isPublic = (s: ArticleStatus) => s === 'published';

export interface ArticleWorkflowState {
  status: ArticleStatus;
  createdBy: string | null;
  submittedBy: string | null;
  approvedBy: string | null;
  publishAt: Date | null;
}

export interface TransitionInput {
  action: WorkflowAction;
  /** Null for the system (the scheduler). */
  actorId: string | null;
  capabilities: ReadonlySet<Capability>;
  signoffRequired: boolean;
  now: Date;
  reason?: string | null;
}

export type TransitionResult =
  | {
      ok: true;
      from: ArticleStatus;
      to: ArticleStatus;
      /** Field changes the transition implies (who/when), for the service to store. */
      set: Partial<{
        submittedBy: string | null;
        approvedBy: string | null;
        signedOffBy: string | null;
        publishedAt: Date | null;
        returnReason: string | null;
        takedownReason: string | null;
      }>;
      /** Who should hear about it next. */
      notify: 'reviewers' | 'signoff' | 'author' | null;
    }
  | { ok: false; status: 403 | 409 | 422; code: string; message: string };

const fail = (status: 403 | 409 | 422, code: string, message: string): TransitionResult => ({
  ok: false,
  status,
  code,
  message,
});

export const REASON_MAX = 500;

/** Applies one workflow action to an article's state. Pure: no IO, no clock but `now`. */
export function transition(state: ArticleWorkflowState, input: TransitionInput): TransitionResult {
  const rules = TRANSITIONS.filter((r) => r.action === input.action);
  const rule = rules.find((r) => r.from.includes(state.status));
  const label = WORKFLOW_ACTION_LABELS[input.action];
  if (!rule) {
    return fail(
      409,
      'INVALID_TRANSITION',
      `文章当前为「${ARTICLE_STATUS_LABELS[state.status]}」，不能${label}`,
    );
  }
  if (!input.capabilities.has(rule.needs)) {
    const who = { edit: '网站编辑', review: '网站审核', signOff: '党总支签发人', system: '系统' }[rule.needs];
    return fail(403, 'FORBIDDEN', `只有${who}可以${label}`);
  }
  const reason = input.reason?.trim() || null;
  if (rule.reasonRequired && !reason) return fail(422, 'REASON_REQUIRED', `${label}需要填写原因`);
  if (reason && reason.length > REASON_MAX)
    return fail(422, 'REASON_TOO_LONG', `原因不能超过 ${REASON_MAX} 个字`);

  const actor = input.actorId;
  // Withdrawing takes back one's own submission; a reviewer who disagrees returns it with a reason.
  if (input.action === 'withdraw' && actor && actor !== state.submittedBy && actor !== state.createdBy) {
    return fail(403, 'NOT_SUBMITTER', '只有撰写或提交人可以撤回；审核人如需修改意见，请「退回」并说明原因');
  }
  if (input.action === 'approve' && actor && (actor === state.createdBy || actor === state.submittedBy)) {
    return fail(403, 'SELF_APPROVAL', '不能审核自己撰写或提交的文章，须由其他审核人审核');
  }
  if (
    input.action === 'signOff' &&
    actor &&
    (actor === state.createdBy || actor === state.submittedBy || actor === state.approvedBy)
  ) {
    return fail(403, 'SELF_SIGNOFF', '签发须由未参与撰写和审核的人完成');
  }

  const publishTarget = (): { to: ArticleStatus; publishedAt: Date } =>
    state.publishAt && state.publishAt.getTime() > input.now.getTime()
      ? { to: 'scheduled', publishedAt: state.publishAt }
      : { to: 'published', publishedAt: input.now };

  switch (input.action) {
    case 'submit':
      return {
        ok: true,
        from: state.status,
        to: 'submitted',
        set: { submittedBy: actor, returnReason: null },
        notify: 'reviewers',
      };
    case 'withdraw':
      return { ok: true, from: state.status, to: 'draft', set: { submittedBy: null }, notify: null };
    case 'approve': {
      if (input.signoffRequired) {
        return {
          ok: true,
          from: state.status,
          to: 'approved',
          set: { approvedBy: actor },
          notify: 'signoff',
        };
      }
      const p = publishTarget();
      return {
        ok: true,
        from: state.status,
        to: p.to,
        set: { approvedBy: actor, publishedAt: p.publishedAt, takedownReason: null },
        notify: 'author',
      };
    }
    case 'signOff': {
      const p = publishTarget();
      return {
        ok: true,
        from: state.status,
        to: p.to,
        set: { signedOffBy: actor, publishedAt: p.publishedAt, takedownReason: null },
        notify: 'author',
      };
    }
    case 'return':
      return {
        ok: true,
        from: state.status,
        to: 'returned',
        set: { returnReason: reason, approvedBy: null },
        notify: 'author',
      };
    case 'publishDue':
      return { ok: true, from: state.status, to: 'published', set: {}, notify: 'author' };
    case 'takeDown':
      return {
        ok: true,
        from: state.status,
        to: 'takenDown',
        set: { takedownReason: reason },
        notify: 'author',
      };
    case 'reopen':
      return {
        ok: true,
        from: state.status,
        to: 'draft',
        set: { submittedBy: null, approvedBy: null, signedOffBy: null, publishedAt: null },
        notify: null,
      };
  }
}

/** Which actions an actor could take now (for the console's buttons). */
export function availableActions(
  state: ArticleWorkflowState,
  ctx: Omit<TransitionInput, 'action' | 'reason'>,
): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter(
    (action) => action !== 'publishDue' && transition(state, { ...ctx, action, reason: 'x' }).ok,
  );
}

/** May content be edited in this status by an actor with these capabilities? */
export function canEditContent(status: ArticleStatus, capabilities: ReadonlySet<Capability>): boolean {
  const needed = EDITABLE_BY[status];
  return needed !== null && capabilities.has(needed);
}
