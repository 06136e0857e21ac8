import type { OrgKind } from '../../../common/orgTree';
import type { Actor } from '../../access/actor';
import { ADMIN_ROLES, LAST_ADMIN_ROLE, ROLE_SCOPE_KINDS, type Role } from '../../access/roles';

export { ADMIN_ROLES, LAST_ADMIN_ROLE };
import { scopesFor, subjectInScope, type Scope, type ScopeSubject } from '../../access/scope';

/**
 * Accounts and role grants. An account is "in" a scope through its person (their school, unit …) or
 * through any role it holds over a node inside that scope. Reading needs the account in the actor's
 * `accounts.read` scope; managing it (edit, disable, reset its password, grant it roles) needs it wholly
 * inside the actor's `accounts.write` scope: its person and every role it holds, none of them an
 * administrator role. A park-wide actor manages every account of the park.
 */

export interface AccountPersonSubject {
  id: string;
  kind: 'staff' | 'student';
  schoolId: string | null;
  unitId: string | null;
  branchId?: string | null;
}

export interface AccountGrantSubject {
  role: Role;
  scopePath: string;
}

export interface AccountSubject {
  id: string;
  parkId: string;
  person: AccountPersonSubject | null;
  grants: readonly AccountGrantSubject[];
}

const isParkWide = (scopes: readonly Scope[]) => scopes.some((s) => s.type === 'park');

const personSubject = (parkId: string, p: AccountPersonSubject): ScopeSubject => ({
  parkId,
  personId: p.id,
  kind: p.kind,
  schoolId: p.schoolId,
  unitId: p.unitId,
  branchId: p.branchId ?? null,
});

const nodeInScope = (scopes: readonly Scope[], actor: Actor, parkId: string, path: string) =>
  subjectInScope(scopes, { parkId, path }, actor);

/** Is the account visible through `scopes` (via its person or any role it holds)? */
export function accountInScope(scopes: readonly Scope[], account: AccountSubject, actor: Actor): boolean {
  if (account.parkId !== actor.parkId) return false;
  if (isParkWide(scopes)) return true;
  if (account.person && subjectInScope(scopes, personSubject(account.parkId, account.person), actor))
    return true;
  return account.grants.some((g) => nodeInScope(scopes, actor, account.parkId, g.scopePath));
}

export const canReadAccount = (actor: Actor, account: AccountSubject) =>
  accountInScope(scopesFor(actor, 'accounts.read'), account, actor);

/** May the actor edit, disable/enable, reset the password of, or grant roles to this account? */
export function canManageAccount(actor: Actor, account: AccountSubject): boolean {
  const scopes = scopesFor(actor, 'accounts.write');
  if (!accountInScope(scopes, account, actor)) return false;
  if (isParkWide(scopes)) return true;
  if (account.person && !subjectInScope(scopes, personSubject(account.parkId, account.person), actor))
    return false;
  return account.grants.every(
    (g) => !ADMIN_ROLES.has(g.role) && nodeInScope(scopes, actor, account.parkId, g.scopePath),
  );
}

/**
 * May the actor create an account, for `person` (or for nobody)? A park-wide actor may create any
 * account; others only accounts for a person inside their scope.
 */
export function canCreateAccount(actor: Actor, person: AccountPersonSubject | null): boolean {
  const scopes = scopesFor(actor, 'accounts.write');
  if (isParkWide(scopes)) return true;
  return person !== null && subjectInScope(scopes, personSubject(actor.parkId, person), actor);
}

/** Does a role fit a node of this kind (ROLE_SCOPE_KINDS)? */
export const roleFitsNode = (role: Role, kind: OrgKind | string) => ROLE_SCOPE_KINDS[role].includes(kind);

/**
 * May the actor grant `role` over the node at `node` to `account`? Park-wide: anything. Otherwise
 * only non-administrator roles, over nodes inside the actor's scope, to accounts the actor manages.
 */
export function canGrantRole(
  actor: Actor,
  role: Role,
  node: { parkId: string; path: string },
  account: AccountSubject,
): boolean {
  const scopes = scopesFor(actor, 'accounts.write');
  if (node.parkId !== actor.parkId || account.parkId !== actor.parkId) return false;
  if (isParkWide(scopes)) return true;
  if (ADMIN_ROLES.has(role)) return false;
  return nodeInScope(scopes, actor, node.parkId, node.path) && canManageAccount(actor, account);
}

/**
 * May the actor revoke this grant from `account`? Park-wide: any. Otherwise a non-administrator role
 * held over a node inside the actor's scope (even when the account itself reaches further).
 */
export function canRevokeRole(
  actor: Actor,
  grant: { role: Role; parkId: string; scopePath: string },
  account: AccountSubject,
): boolean {
  const scopes = scopesFor(actor, 'accounts.write');
  if (grant.parkId !== actor.parkId || account.parkId !== actor.parkId) return false;
  if (isParkWide(scopes)) return true;
  if (ADMIN_ROLES.has(grant.role)) return false;
  return nodeInScope(scopes, actor, grant.parkId, grant.scopePath);
}

/**
 * Revoking this grant would take the actor's own last park-administrator role: refused, so that a
 * park is never left without an administrator by its administrators' own hand.
 */
export function isOwnLastParkAdminGrant(
  actor: Actor,
  accountId: string,
  grant: { role: Role },
  parkAdminGrantsOfAccount: number,
): boolean {
  return accountId === actor.accountId && grant.role === LAST_ADMIN_ROLE && parkAdminGrantsOfAccount <= 1;
}
