/**
 * Activities and themed Party days: the seed's kinds, who may organise, which groups
 * expand to people, who may sign in to an open activity, how long a QR sign-in token lives. Pure: no
 * IO. The article an activity becomes is articleDraft.ts (it needs the platform's escapeHtml).
 */
import type { OrgKind } from '../../../common/orgTree';
import { ACTIVITY_STATUSES, type ActivityStatus } from '../../../common/contracts/activities';

export { ACTIVITY_STATUSES, type ActivityStatus };

export const ACTIVITY_RULES = {
  kinds: {
    value: 'the seed’s activity carriers plus custom kinds per park',
    ruleVersion: 1,
    source:
      'seed: 广播系列报道、专题黑板报、系列讲座、歌咏大赛、主题辩论赛、知识抢答赛、座谈会；RULES.md §5 主题党日',
    scope: 'local',
  },
  themedDayMonthly: {
    value: 'one themed Party day (主题党日) on a fixed day each month',
    ruleVersion: 1,
    source: 'RULES.md §5 (《中国共产党支部工作条例(试行)》)',
    scope: 'national',
  },
  openCheckinAudience: {
    value:
      'open activities: general branch → everyone in the park; branch / party group → the branch’s members; League committee / League branch → the school’s students',
    ruleVersion: 1,
    source: 'local decision (issue 4 §2): who counts as “in the organiser’s scope” for self sign-in',
    scope: 'local',
  },
  checkinTokenLifetime: {
    /** Default: until two hours after the activity ends, but at least 30 minutes from now. */
    afterEndMinutes: 120,
    minMinutes: 30,
    maxMinutes: 7 * 24 * 60,
    ruleVersion: 1,
    source: 'local decision (issue 4 §2): a QR code stops working soon after the activity',
    scope: 'local',
  },
} as const;

export const ACTIVITY_KINDS = [
  'broadcastSeries',
  'blackboardIssue',
  'lectureSeries',
  'singingContest',
  'themedDebate',
  'quizContest',
  'symposium',
  'volunteerService',
  'themedDay',
] as const;
export type BuiltinActivityKind = (typeof ACTIVITY_KINDS)[number];
export type ActivityKind = BuiltinActivityKind | 'custom';

export const ACTIVITY_KIND_LABELS: Record<BuiltinActivityKind, string> = {
  broadcastSeries: '广播系列报道',
  blackboardIssue: '黑板报',
  lectureSeries: '系列讲座',
  singingContest: '歌咏比赛',
  themedDebate: '主题辩论赛',
  quizContest: '知识抢答赛',
  symposium: '座谈会',
  volunteerService: '志愿服务',
  themedDay: '主题党日',
};

export const isBuiltinActivityKind = (k: string): k is BuiltinActivityKind =>
  (ACTIVITY_KINDS as readonly string[]).includes(k);

export const ACTIVITY_STATUS_LABELS: Record<ActivityStatus, string> = {
  planned: '筹备中',
  held: '已举办',
  cancelled: '已取消',
};

/** Org nodes that may organise an activity. */
export const ORGANISER_KINDS = ['generalBranch', 'branch', 'leagueCommittee', 'leagueBranch'] as const;
export type OrganiserKind = (typeof ORGANISER_KINDS)[number];
export const isOrganiserKind = (k: string): k is OrganiserKind =>
  (ORGANISER_KINDS as readonly string[]).includes(k);

/**
 * Org nodes that can be added as a whole group of participants, and how each expands to people
 * (at the time of adding; the group is remembered with the activity):
 * class / grade / department → the active people whose unit lies in that subtree;
 * branch → the branch's members; partyGroup → the group's members; school → everyone in the school.
 */
export const GROUP_KINDS = ['school', 'grade', 'class', 'department', 'branch', 'partyGroup'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
export const isGroupKind = (k: string): k is GroupKind => (GROUP_KINDS as readonly string[]).includes(k);

export type GroupExpansion = 'unitSubtree' | 'branchMembers' | 'partyGroupMembers' | 'school';
export function groupExpansion(kind: GroupKind): GroupExpansion {
  switch (kind) {
    case 'branch':
      return 'branchMembers';
    case 'partyGroup':
      return 'partyGroupMembers';
    case 'school':
      return 'school';
    case 'grade':
    case 'class':
    case 'department':
      return 'unitSubtree';
  }
}

/** Who may sign in to an OPEN activity without being on the list (ACTIVITY_RULES.openCheckinAudience). */
export type OpenAudience = 'park' | 'branchMembers' | 'schoolStudents';
export function openAudience(organiserKind: OrgKind): OpenAudience {
  switch (organiserKind) {
    case 'branch':
    case 'partyGroup':
      return 'branchMembers';
    case 'leagueCommittee':
    case 'leagueBranch':
      return 'schoolStudents';
    default:
      return 'park';
  }
}

/** Facts about a person for the open-audience rule. */
export interface AudienceFacts {
  parkId: string;
  kind: 'staff' | 'student';
  schoolId: string | null;
  branchId: string | null;
}
/** The organiser as the audience rule needs it: its kind, park, school and (for a party group) branch. */
export interface OrganiserFacts {
  parkId: string;
  kind: OrgKind;
  /** The node itself for a branch; the parent branch for a party group. */
  branchId: string | null;
  schoolId: string | null;
}

export function inOpenAudience(organiser: OrganiserFacts, person: AudienceFacts): boolean {
  if (organiser.parkId !== person.parkId) return false;
  switch (openAudience(organiser.kind)) {
    case 'park':
      return true;
    case 'branchMembers':
      return organiser.branchId !== null && person.branchId === organiser.branchId;
    case 'schoolStudents':
      return (
        person.kind === 'student' && organiser.schoolId !== null && person.schoolId === organiser.schoolId
      );
  }
}

export type CheckinRefusal =
  'CHECKIN_TOKEN_INVALID' | 'CHECKIN_TOKEN_EXPIRED' | 'ACTIVITY_CANCELLED' | 'NOT_A_PARTICIPANT';
export const CHECKIN_REFUSAL_MESSAGES: Record<CheckinRefusal, string> = {
  CHECKIN_TOKEN_INVALID: '签到二维码无效，请向组织者索取新的二维码',
  CHECKIN_TOKEN_EXPIRED: '签到二维码已过期，请向组织者索取新的二维码',
  ACTIVITY_CANCELLED: '该活动已取消，无需签到',
  NOT_A_PARTICIPANT: '您不在本次活动的参加名单中，请联系组织者',
};

/**
 * Decides a QR sign-in. `invited`: the person is already on the participant list.
 * Returns 'checkIn' (mark the existing participant), 'walkIn' (add to an open activity and mark), or a refusal.
 */
export function decideCheckin(input: {
  now: Date;
  token: { expiresAt: Date; revokedAt: Date | null } | null;
  activity: { status: ActivityStatus; isOpen: boolean };
  invited: boolean;
  inAudience: boolean;
}): { ok: true; action: 'checkIn' | 'walkIn' } | { ok: false; code: CheckinRefusal } {
  if (!input.token || input.token.revokedAt) return { ok: false, code: 'CHECKIN_TOKEN_INVALID' };
  if (input.token.expiresAt.getTime() <= input.now.getTime())
    return { ok: false, code: 'CHECKIN_TOKEN_EXPIRED' };
  if (input.activity.status === 'cancelled') return { ok: false, code: 'ACTIVITY_CANCELLED' };
  if (input.invited) return { ok: true, action: 'checkIn' };
  if (input.activity.isOpen && input.inAudience) return { ok: true, action: 'walkIn' };
  return { ok: false, code: 'NOT_A_PARTICIPANT' };
}

/** When a new QR sign-in token expires: the given minutes, else until two hours after the end. */
export function checkinTokenExpiry(now: Date, activityEndsAt: Date, minutes?: number): Date {
  const rule = ACTIVITY_RULES.checkinTokenLifetime;
  const wanted =
    minutes ?? Math.ceil((activityEndsAt.getTime() - now.getTime()) / 60_000) + rule.afterEndMinutes;
  const clamped = Math.min(rule.maxMinutes, Math.max(rule.minMinutes, wanted));
  return new Date(now.getTime() + clamped * 60_000);
}

/** Start and end of an activity: the end may not precede the start; at most a year long. */
export function activityTimesError(
  startsAt: Date,
  endsAt: Date,
): { field: 'endsAt'; message: string } | null {
  if (endsAt.getTime() < startsAt.getTime()) return { field: 'endsAt', message: '结束时间不能早于开始时间' };
  if (endsAt.getTime() - startsAt.getTime() > 366 * 24 * 3_600_000)
    return { field: 'endsAt', message: '活动时长不能超过一年' };
  return null;
}
