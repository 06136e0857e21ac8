import { ROLE_LABELS, ROLE_SCOPE_KINDS, ROLES, permissionsOfRole, type Role } from '../../access/roles';
import type { AccountView } from '../../../common/contracts/accounts';
import type { AccountRow, GrantRow } from './queries';

export const presentGrant = (g: GrantRow) => ({
  id: g.id,
  role: g.role,
  label: ROLE_LABELS[g.role as Role] ?? g.role,
  scopeNodeId: g.scopeNodeId,
  scopeName: g.scopeName,
  scopeKind: g.scopeKind,
});

export function presentAccount(row: AccountRow, grants: readonly GrantRow[]): AccountView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    email: row.email,
    personId: row.personId,
    personName: row.personName,
    personNumber: row.personNumber,
    disabled: row.disabledAt !== null,
    mustChangePassword: row.mustChangePassword,
    lastLoginAt: row.lastLoginAt ? new Date(row.lastLoginAt).toISOString() : null,
    roles: grants.filter((g) => g.accountId === row.id).map(presentGrant),
  };
}

/** What the audit trail keeps of an account: never its password or hash. */
export const auditedAccount = (a: AccountView) => ({
  username: a.username,
  displayName: a.displayName,
  email: a.email,
  personId: a.personId,
  disabled: a.disabled,
  mustChangePassword: a.mustChangePassword,
});

export const roleCatalog = () => ({
  items: ROLES.map((role) => ({
    role,
    label: ROLE_LABELS[role],
    scopeKinds: [...ROLE_SCOPE_KINDS[role]],
    permissions: permissionsOfRole(role),
  })),
});
