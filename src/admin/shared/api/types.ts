/** Shapes of the API responses the console reads (see brief api-contract and src/server/modules). */
import type { OrgKind } from '../../../common/orgTree';
import type { Permission } from '../../../server/access/roles';

export type { OrgKind, Permission };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface MeRole {
  role: string;
  label: string;
  scopeNodeId: string;
  scopeKind: string;
}

export interface Me {
  accountId: string;
  username: string;
  displayName: string;
  personId: string | null;
  parkId: string;
  mustChangePassword: boolean;
  csrfToken: string;
  roles: MeRole[];
  permissions: Permission[];
  /** The permissions held through a role (not only over oneself): these draw the menu. */
  rolePermissions: Permission[];
}

export interface LoginResult {
  csrfToken: string;
  mustChangePassword: boolean;
}

export interface OrgNode {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  kindLabel: string;
  name: string;
  code: string | null;
  sortOrder: number;
  schoolId: string | null;
  disabled: boolean;
  peopleCount: number;
  memberCount: number;
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

export interface RoleInfo {
  role: string;
  label: string;
  scopeKinds: string[];
  permissions: string[];
}

export interface AccountRole {
  id: string;
  role: string;
  label: string;
  scopeNodeId: string;
  scopeName: string | null;
  scopeKind: string | null;
}

export interface AccountItem {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  personId: string | null;
  personName: string | null;
  personNumber: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  roles: AccountRole[];
}

export interface CreatedAccount {
  account: AccountItem;
  temporaryPassword?: string | null;
}

export interface AuditEntry {
  id: number | string;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}
