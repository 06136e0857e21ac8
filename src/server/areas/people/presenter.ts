import type { Gender } from '../../../common/idNumber';
import type {
  MemberStatus,
  MembershipView,
  PersonDetail,
  PersonListItem,
} from '../../../common/contracts/people';
import type { MemberListItem } from '../../../common/contracts/members';
import type { PersonFacts, PersonKind } from './policy';
import { presentMembership } from '../members/presenter';
import type { PersonRow } from './queries';

/** The columns a list row is made of (the people list selects only these). */
export type PersonListRow = Pick<
  PersonRow,
  | 'id'
  | 'kind'
  | 'number'
  | 'name'
  | 'gender'
  | 'schoolId'
  | 'schoolName'
  | 'unitId'
  | 'unitName'
  | 'title'
  | 'isCadre'
  | 'isLeagueMember'
  | 'idNumberMasked'
  | 'phoneMasked'
  | 'memberStatus'
  | 'branchName'
  | 'status'
>;

/** What a person looks like in a list (contracts/people.ts). Sensitive numbers only ever masked. */
export function presentListItem(r: PersonListRow): PersonListItem {
  return {
    id: r.id,
    kind: r.kind as PersonKind,
    number: r.number,
    name: r.name,
    gender: (r.gender as Gender | null) ?? null,
    schoolId: r.schoolId,
    schoolName: r.schoolName,
    unitId: r.unitId,
    unitName: r.unitName,
    title: r.title,
    isCadre: r.isCadre,
    isLeagueMember: r.isLeagueMember,
    idNumberMasked: r.idNumberMasked,
    phoneMasked: r.phoneMasked,
    memberStatus: (r.memberStatus as MemberStatus | null) ?? null,
    branchName: r.branchName,
    status: r.status as 'active' | 'left',
  };
}

export function presentDetail(
  r: PersonRow,
  extra: {
    membership: MembershipView | null;
    account: { id: string; username: string } | null;
    canReveal: boolean;
    canEdit: boolean;
  },
): PersonDetail {
  return {
    ...presentListItem(r),
    birthDate: r.birthDate,
    ethnicity: r.ethnicity,
    hireDate: r.hireDate,
    leagueJoinedOn: r.leagueJoinedOn,
    guardianName: r.guardianName,
    guardianPhoneMasked: r.guardianPhoneMasked,
    ...extra,
  };
}

/** A members-list row: the person plus their membership. */
export function presentMemberItem(r: PersonRow, today: string): MemberListItem {
  return { ...presentListItem(r), membership: presentMembership(r, today) };
}

/** The facts the policies judge a person by. */
export const personFacts = (r: {
  parkId: string;
  id: string;
  kind: string;
  schoolId: string | null;
  unitId: string | null;
  branchId: string | null;
}): PersonFacts => ({
  parkId: r.parkId,
  id: r.id,
  kind: r.kind as PersonKind,
  schoolId: r.schoolId,
  unitId: r.unitId,
  branchId: r.branchId,
});

/** A person's row for the audit trail: masked numbers only, never ciphertext or blind index. */
export function auditSnapshot(p: Record<string, unknown> | undefined | null) {
  if (!p) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (/Enc$|Hash$|^namePinyin$|^nameInitials$/.test(k)) continue;
    out[k] = v;
  }
  return out;
}
