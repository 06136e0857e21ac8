import { partyAgeYears, probationEndsOn, todayInShanghai } from '../../../common/dates';
import {
  MEMBER_STATUSES,
  type DuesGroup,
  type MemberStatus,
  type MembershipView,
} from '../../../common/contracts/people';

export { MEMBER_STATUSES, type MemberStatus, type DuesGroup };
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  probationary: '预备党员',
  full: '正式党员',
};

export interface MembershipFacts {
  memberStatus: string | null;
  branchId: string | null;
  branchName: string | null;
  partyGroupId: string | null;
  partyGroupName: string | null;
  joinedOn: string | null;
  fullOn: string | null;
  probationExtensionMonths: number | null;
  duesBaseFen: number | null;
  duesGroup: string | null;
}

/**
 * A Party membership as the API shows it, with the derived dates (RULES §3, domain/dates.ts):
 * probation end from 入党时间 (+ extension), 党龄 in whole years from 转正时间 as of today in Shanghai.
 */
export function presentMembership(
  m: MembershipFacts,
  today: string = todayInShanghai(),
): MembershipView | null {
  if (!m.memberStatus || !m.joinedOn || !m.branchId) return null;
  const status = m.memberStatus as MemberStatus;
  return {
    status,
    statusLabel: MEMBER_STATUS_LABELS[status] ?? status,
    branchId: m.branchId,
    branchName: m.branchName ?? '',
    partyGroupId: m.partyGroupId,
    partyGroupName: m.partyGroupName,
    joinedOn: m.joinedOn,
    fullOn: m.fullOn,
    probationExtensionMonths: m.probationExtensionMonths ?? 0,
    probationEndsOn: probationEndsOn(m.joinedOn, m.probationExtensionMonths ?? 0),
    partyAgeYears: status === 'full' ? partyAgeYears(m.fullOn, today) : 0,
    duesBaseFen: m.duesBaseFen,
    duesGroup: (m.duesGroup ?? 'working') as DuesGroup,
  };
}
export type Membership = MembershipView;
