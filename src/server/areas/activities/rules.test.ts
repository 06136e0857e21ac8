import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  ACTIVITY_RULES,
  activityTimesError,
  checkinTokenExpiry,
  decideCheckin,
  groupExpansion,
  inOpenAudience,
  isOrganiserKind,
  openAudience,
} from './rules';
import { activityArticleDraft } from './articleDraft';

describe('rule metadata and kinds', () => {
  it('carries a version and a source for every rule', () => {
    for (const rule of Object.values(ACTIVITY_RULES)) {
      expect(rule.ruleVersion).toBeGreaterThan(0);
      expect(rule.source.length).toBeGreaterThan(0);
    }
  });
  it('has the seed’s kinds with Chinese labels', () => {
    expect(ACTIVITY_KINDS).toHaveLength(9);
    expect(ACTIVITY_KIND_LABELS.blackboardIssue).toBe('黑板报');
    expect(ACTIVITY_KIND_LABELS.quizContest).toBe('知识抢答赛');
    expect(ACTIVITY_KIND_LABELS.themedDay).toBe('主题党日');
  });
  it('lets only the four organiser kinds organise', () => {
    expect(['generalBranch', 'branch', 'leagueCommittee', 'leagueBranch'].every(isOrganiserKind)).toBe(true);
    expect(isOrganiserKind('class')).toBe(false);
    expect(isOrganiserKind('school')).toBe(false);
  });
  it('expands groups by their kind', () => {
    expect(groupExpansion('class')).toBe('unitSubtree');
    expect(groupExpansion('grade')).toBe('unitSubtree');
    expect(groupExpansion('branch')).toBe('branchMembers');
    expect(groupExpansion('partyGroup')).toBe('partyGroupMembers');
    expect(groupExpansion('school')).toBe('school');
  });
});

describe('open audience', () => {
  const staffMember = { parkId: 'p', kind: 'staff' as const, schoolId: 'sA', branchId: 'bA' };
  const student = { parkId: 'p', kind: 'student' as const, schoolId: 'sA', branchId: null };
  it('maps organisers to audiences', () => {
    expect(openAudience('generalBranch')).toBe('park');
    expect(openAudience('branch')).toBe('branchMembers');
    expect(openAudience('leagueBranch')).toBe('schoolStudents');
  });
  it('a branch reaches its members only', () => {
    const branch = { parkId: 'p', kind: 'branch' as const, branchId: 'bA', schoolId: 'sA' };
    expect(inOpenAudience(branch, staffMember)).toBe(true);
    expect(inOpenAudience(branch, { ...staffMember, branchId: 'bB' })).toBe(false);
    expect(inOpenAudience(branch, student)).toBe(false);
  });
  it('a League committee reaches its school’s students', () => {
    const league = { parkId: 'p', kind: 'leagueCommittee' as const, branchId: null, schoolId: 'sA' };
    expect(inOpenAudience(league, student)).toBe(true);
    expect(inOpenAudience(league, { ...student, schoolId: 'sB' })).toBe(false);
    expect(inOpenAudience(league, staffMember)).toBe(false);
  });
  it('the general branch reaches the park, never another park', () => {
    const gb = { parkId: 'p', kind: 'generalBranch' as const, branchId: null, schoolId: null };
    expect(inOpenAudience(gb, student)).toBe(true);
    expect(inOpenAudience(gb, { ...student, parkId: 'q' })).toBe(false);
  });
});

describe('decideCheckin', () => {
  const now = new Date('2026-05-01T02:00:00Z');
  const valid = { expiresAt: new Date('2026-05-01T03:00:00Z'), revokedAt: null };
  const base = {
    now,
    token: valid,
    activity: { status: 'planned' as const, isOpen: false },
    invited: true,
    inAudience: false,
  };
  it('signs in an invited participant', () => {
    expect(decideCheckin(base)).toEqual({ ok: true, action: 'checkIn' });
  });
  it('refuses unknown, revoked and expired tokens', () => {
    expect(decideCheckin({ ...base, token: null })).toEqual({ ok: false, code: 'CHECKIN_TOKEN_INVALID' });
    expect(decideCheckin({ ...base, token: { ...valid, revokedAt: now } })).toEqual({
      ok: false,
      code: 'CHECKIN_TOKEN_INVALID',
    });
    expect(decideCheckin({ ...base, token: { ...valid, expiresAt: now } })).toEqual({
      ok: false,
      code: 'CHECKIN_TOKEN_EXPIRED',
    });
  });
  it('refuses a cancelled activity', () => {
    expect(decideCheckin({ ...base, activity: { status: 'cancelled', isOpen: true } }).ok).toBe(false);
  });
  it('closed activity: only the invited; open: also the audience, as walk-ins', () => {
    expect(decideCheckin({ ...base, invited: false, inAudience: true })).toEqual({
      ok: false,
      code: 'NOT_A_PARTICIPANT',
    });
    expect(
      decideCheckin({
        ...base,
        invited: false,
        inAudience: true,
        activity: { status: 'planned', isOpen: true },
      }),
    ).toEqual({
      ok: true,
      action: 'walkIn',
    });
    expect(
      decideCheckin({
        ...base,
        invited: false,
        inAudience: false,
        activity: { status: 'planned', isOpen: true },
      }),
    ).toEqual({ ok: false, code: 'NOT_A_PARTICIPANT' });
  });
});

describe('checkinTokenExpiry', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  it('defaults to two hours after the end', () => {
    const end = new Date('2026-05-01T04:00:00Z');
    expect(checkinTokenExpiry(now, end).toISOString()).toBe('2026-05-01T06:00:00.000Z');
  });
  it('lasts at least 30 minutes and at most 7 days', () => {
    const past = new Date('2026-04-01T00:00:00Z');
    expect(checkinTokenExpiry(now, past).toISOString()).toBe('2026-05-01T00:30:00.000Z');
    expect(checkinTokenExpiry(now, past, 60 * 24 * 30).toISOString()).toBe('2026-05-08T00:00:00.000Z');
    expect(checkinTokenExpiry(now, past, 45).toISOString()).toBe('2026-05-01T00:45:00.000Z');
  });
});

describe('activityTimesError', () => {
  it('refuses an end before the start and year-long activities', () => {
    const s = new Date('2026-05-01T00:00:00Z');
    expect(activityTimesError(s, s)).toBeNull();
    expect(activityTimesError(s, new Date('2026-04-30T23:59:00Z'))?.field).toBe('endsAt');
    expect(activityTimesError(s, new Date('2027-06-01T00:00:00Z'))?.message).toContain('一年');
  });
});

describe('activityArticleDraft', () => {
  const draft = activityArticleDraft({
    title: '歌咏比赛 <圆满> 落幕',
    kindLabel: '歌咏比赛',
    theme: '学习二十大，唱响主旋律',
    organiserName: '学校A团委',
    startsAt: new Date('2026-04-30T17:00:00Z'), // 1 May in Shanghai
    place: '报告厅',
    description: '各班参赛。\n<script>alert(1)</script>',
    results: '高二(1)班获得第一名',
    participantCount: 120,
    checkedInCount: 98,
    groups: ['2025级1班', '2025级2班'],
    awards: [{ award: '一等奖', recipient: '2025级1班' }],
    photos: [{ url: '/media/abc/large', caption: '合唱 "现场"' }],
  });
  it('writes a dated summary in Shanghai time', () => {
    expect(draft.summary).toBe(
      '2026年5月1日，学校A团委在报告厅开展“学习二十大，唱响主旋律”歌咏比赛活动，98人参加。',
    );
    expect(draft.title).toBe('歌咏比赛 <圆满> 落幕');
  });
  it('escapes every piece of text in the body', () => {
    expect(draft.bodyHtml).not.toContain('<script>');
    expect(draft.bodyHtml).toContain('&lt;script&gt;');
    expect(draft.bodyHtml).toContain('<li>一等奖：2025级1班</li>');
    expect(draft.bodyHtml).toContain('<img src="/media/abc/large" alt="合唱 &quot;现场&quot;">');
    expect(draft.bodyHtml).toContain('参加单位：2025级1班、2025级2班。');
  });
});
