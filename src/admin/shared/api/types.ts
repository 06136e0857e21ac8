/**
 * Hand-written shapes of API responses that areas have not yet replaced with their api.ts
 * (z.infer of src/common/contracts). An area deletes its types here once nothing imports them.
 */
import type { OrgNodeView } from '../../../common/contracts/org';
import type { OrgKind } from '../../../common/orgTree';

export type { OrgKind };
/** GET /org/tree's node (the org contract). */
export type OrgNode = OrgNodeView;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type PersonKind = 'staff' | 'student';
export type MemberStatus = 'probationary' | 'full';

export interface PersonListItem {
  id: string;
  kind: PersonKind;
  number: string;
  name: string;
  gender: 'male' | 'female' | null;
  schoolId: string | null;
  schoolName: string | null;
  unitId: string | null;
  unitName: string | null;
  title: string | null;
  isCadre: boolean;
  isLeagueMember: boolean;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  memberStatus: MemberStatus | null;
  branchName: string | null;
  status: 'active' | 'left';
}

export interface Membership {
  status: MemberStatus;
  statusLabel?: string;
  branchId: string;
  branchName: string | null;
  partyGroupId: string | null;
  partyGroupName: string | null;
  joinedOn: string;
  fullOn: string | null;
  probationEndsOn: string | null;
  probationExtensionMonths?: number;
  partyAgeYears: number | null;
  duesBaseFen: number | null;
  duesGroup: string | null;
}

export interface PersonDetail extends PersonListItem {
  birthDate: string | null;
  ethnicity: string | null;
  hireDate: string | null;
  leagueJoinedOn: string | null;
  guardianName: string | null;
  guardianPhoneMasked: string | null;
  membership: Membership | null;
  account: { id: string; username: string } | null;
  canReveal: boolean;
  canEdit: boolean;
}

export interface MemberListItem extends PersonListItem {
  membership: Membership;
}

export type RevealField = 'idNumber' | 'phone' | 'guardianPhone';
export type Revealed = Partial<Record<RevealField, string | null>>;

export type ImportStatus = 'validated' | 'invalid' | 'committing' | 'committed' | 'failed';
export interface ImportRowError {
  row: number;
  column: string | null;
  message: string;
}
export interface ImportJob {
  id: string;
  kind: PersonKind;
  fileName: string;
  status: ImportStatus;
  totalRows: number;
  toCreate: number;
  toUpdate: number;
  errors: ImportRowError[];
  progress: { done: number; total: number } | null;
  /** Present on some servers when a commit failed. */
  message?: string | null;
}
