import { describe, expect, it } from 'vitest';
import {
  availableActions,
  canAdjustLive,
  canEditContent,
  transition,
  TRANSITIONS,
  type ArticleWorkflowState,
  type Capability,
  type TransitionInput,
} from './rules';

const now = new Date('2025-05-01T08:00:00Z');
const editor = 'editor';
const reviewer = 'reviewer';
const chief = 'chief';
const EDIT = new Set<Capability>(['edit']);
const REVIEW = new Set<Capability>(['edit', 'review']);
const SIGN = new Set<Capability>(['signOff']);
const ALL = new Set<Capability>(['edit', 'review', 'signOff']);

const draft = (over: Partial<ArticleWorkflowState> = {}): ArticleWorkflowState => ({
  status: 'draft',
  createdBy: editor,
  submittedBy: null,
  approvedBy: null,
  publishAt: null,
  ...over,
});
const input = (over: Partial<TransitionInput> & Pick<TransitionInput, 'action'>): TransitionInput => ({
  actorId: editor,
  capabilities: EDIT,
  signoffRequired: false,
  now,
  ...over,
});

describe('editorial workflow', () => {
  it('lets an editor submit a draft and notifies reviewers', () => {
    const r = transition(draft(), input({ action: 'submit' }));
    expect(r).toMatchObject({ ok: true, to: 'submitted', set: { submittedBy: editor }, notify: 'reviewers' });
  });

  it('does not let an editor approve, even their own submission', () => {
    const r = transition(draft({ status: 'submitted', submittedBy: editor }), input({ action: 'approve' }));
    expect(r).toMatchObject({ ok: false, status: 403 });
  });

  it('does not let an account holding every role approve or sign off its own article', () => {
    const s = draft({ status: 'submitted', submittedBy: editor });
    const r = transition(s, input({ action: 'approve', capabilities: ALL }));
    expect(r).toMatchObject({ ok: false, code: 'SELF_APPROVAL' });
    const approved = draft({ status: 'approved', submittedBy: editor, approvedBy: reviewer });
    expect(transition(approved, input({ action: 'signOff', capabilities: ALL }))).toMatchObject({
      ok: false,
      code: 'SELF_SIGNOFF',
    });
    expect(
      transition(approved, input({ action: 'signOff', actorId: reviewer, capabilities: ALL })),
    ).toMatchObject({ ok: false, code: 'SELF_SIGNOFF' });
  });

  it('does not let a reviewer approve a draft they submitted for someone else', () => {
    // Creator and submitter differ: only the submitter check can refuse this.
    const s = draft({ status: 'submitted', createdBy: editor, submittedBy: reviewer });
    const r = transition(s, input({ action: 'approve', actorId: reviewer, capabilities: REVIEW }));
    expect(r).toMatchObject({ ok: false, status: 403, code: 'SELF_APPROVAL' });
    expect(
      availableActions(s, { actorId: reviewer, capabilities: REVIEW, signoffRequired: false, now }),
    ).not.toContain('approve');
    // Another reviewer may.
    expect(transition(s, input({ action: 'approve', actorId: chief, capabilities: REVIEW }))).toMatchObject({
      ok: true,
      set: { approvedBy: chief },
    });
  });

  it('publishes on approval when sign-off is off, at once or scheduled', () => {
    const s = draft({ status: 'submitted', submittedBy: editor });
    const r = transition(s, input({ action: 'approve', actorId: reviewer, capabilities: REVIEW }));
    expect(r).toMatchObject({ ok: true, to: 'published', set: { approvedBy: reviewer, publishedAt: now } });
    const later = new Date(now.getTime() + 3600_000);
    const r2 = transition(
      { ...s, publishAt: later },
      input({ action: 'approve', actorId: reviewer, capabilities: REVIEW }),
    );
    expect(r2).toMatchObject({ ok: true, to: 'scheduled', set: { publishedAt: later } });
    const past = new Date(now.getTime() - 3600_000);
    expect(
      transition(
        { ...s, publishAt: past },
        input({ action: 'approve', actorId: reviewer, capabilities: REVIEW }),
      ),
    ).toMatchObject({ ok: true, to: 'published', set: { publishedAt: now } });
  });

  it('waits for the general branch sign-off when it is on', () => {
    const s = draft({ status: 'submitted', submittedBy: editor });
    const r = transition(
      s,
      input({ action: 'approve', actorId: reviewer, capabilities: REVIEW, signoffRequired: true }),
    );
    expect(r).toMatchObject({ ok: true, to: 'approved', notify: 'signoff' });
    const approved = { ...s, status: 'approved' as const, approvedBy: reviewer };
    expect(
      transition(approved, input({ action: 'signOff', actorId: reviewer, capabilities: REVIEW })),
    ).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(
      transition(approved, input({ action: 'signOff', actorId: chief, capabilities: SIGN })),
    ).toMatchObject({
      ok: true,
      to: 'published',
      set: { signedOffBy: chief },
      notify: 'author',
    });
  });

  it('requires a reason to return or take down', () => {
    const s = draft({ status: 'submitted', submittedBy: editor });
    expect(
      transition(s, input({ action: 'return', actorId: reviewer, capabilities: REVIEW, reason: '  ' })),
    ).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(
      transition(s, input({ action: 'return', actorId: reviewer, capabilities: REVIEW, reason: '标题有误' })),
    ).toMatchObject({ ok: true, to: 'returned', set: { returnReason: '标题有误' }, notify: 'author' });
    const pub = draft({ status: 'published' });
    expect(
      transition(pub, input({ action: 'takeDown', actorId: reviewer, capabilities: REVIEW })),
    ).toMatchObject({
      ok: false,
      code: 'REASON_REQUIRED',
    });
    expect(transition(pub, input({ action: 'takeDown', capabilities: EDIT, reason: '过时' }))).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('goes returned → draft → submitted again, and takenDown → draft', () => {
    const returned = draft({ status: 'returned' });
    expect(transition(returned, input({ action: 'reopen' }))).toMatchObject({ ok: true, to: 'draft' });
    expect(transition(returned, input({ action: 'submit' }))).toMatchObject({ ok: true, to: 'submitted' });
    expect(transition(draft({ status: 'takenDown' }), input({ action: 'reopen' }))).toMatchObject({
      ok: true,
      to: 'draft',
    });
  });

  it('publishes a scheduled article only through the system', () => {
    const s = draft({ status: 'scheduled' });
    expect(transition(s, input({ action: 'publishDue', capabilities: REVIEW }))).toMatchObject({ ok: false });
    expect(
      transition(s, input({ action: 'publishDue', actorId: null, capabilities: new Set(['system']) })),
    ).toMatchObject({ ok: true, to: 'published' });
  });

  it('refuses actions that do not apply to the current status with 409', () => {
    expect(
      transition(draft(), input({ action: 'approve', actorId: reviewer, capabilities: REVIEW })),
    ).toMatchObject({
      ok: false,
      status: 409,
      code: 'INVALID_TRANSITION',
    });
  });

  it('lists the actions an actor may take', () => {
    const s = draft({ status: 'submitted', submittedBy: editor });
    const ctx = { actorId: reviewer, capabilities: REVIEW, signoffRequired: false, now };
    // A reviewer approves or returns someone else's submission; only its author withdraws it.
    expect(availableActions(s, ctx).sort()).toEqual(['approve', 'return']);
    expect(availableActions(s, { ...ctx, actorId: editor, capabilities: EDIT })).toEqual(['withdraw']);
    expect(transition(s, { ...ctx, action: 'withdraw' })).toMatchObject({ ok: false, code: 'NOT_SUBMITTER' });
  });

  it('says who may edit content in each status', () => {
    expect(canEditContent('draft', EDIT)).toBe(true);
    expect(canEditContent('submitted', EDIT)).toBe(false);
    expect(canEditContent('submitted', REVIEW)).toBe(true);
    expect(canEditContent('takenDown', ALL)).toBe(false);
    // What the site shows (or will) is not edited in place, by anyone.
    expect(canEditContent('published', ALL)).toBe(false);
    expect(canEditContent('scheduled', ALL)).toBe(false);
    // Its placement still is, by a reviewer.
    expect(canAdjustLive('published', REVIEW, ['pinned', 'version'])).toBe(true);
    expect(canAdjustLive('scheduled', REVIEW, ['publishAt'])).toBe(true);
    expect(canAdjustLive('published', REVIEW, ['pinned', 'title'])).toBe(false);
    expect(canAdjustLive('published', EDIT, ['pinned'])).toBe(false);
    expect(canAdjustLive('draft', ALL, ['pinned'])).toBe(false);
  });

  it('has every rule reachable from some status', () => {
    for (const r of TRANSITIONS) expect(r.from.length).toBeGreaterThan(0);
  });
});
