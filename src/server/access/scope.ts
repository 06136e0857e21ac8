import type { Actor, RoleGrant } from './actor';
import { GRANTS, PERMISSIONS, SELF_GRANTS, type Permission, type Reach } from './roles';

/**
 * What part of the park a permission reaches for one actor, as data: the grant table (roles.ts)
 * applied to the actor's grants. List queries compile a Scope[] to SQL (scopeSql.ts); single
 * records are checked here with `subjectInScope`. Both read the same clauses, so a list and a
 * detail page can never disagree.
 */
export type Scope =
  | { type: 'park' }
  | { type: 'school'; schoolId: string; personKind?: 'staff' | 'student' }
  /** An org subtree; `schoolId` is set when its root is (inside) a school, and then covers that school's people. */
  | { type: 'subtree'; path: string; schoolId: string | null }
  | { type: 'unit'; unitId: string }
  | { type: 'branch'; branchId: string }
  | { type: 'self'; personId: string };

/** A subject (a person, a record about one, an org node) as the scope rules see it. */
export interface ScopeSubject {
  parkId: string;
  personId?: string | null;
  kind?: 'staff' | 'student';
  schoolId?: string | null;
  unitId?: string | null;
  branchId?: string | null;
  /** The org-tree path of the subject's node, for subtree scopes over org nodes. */
  path?: string | null;
}

/** One grant's reach as a clause (null: it reaches nothing here, e.g. a school reach above the schools). */
function clauseOf(actor: Actor, g: RoleGrant, reach: Reach): Scope | null {
  if (reach === 'self') return actor.personId ? { type: 'self', personId: actor.personId } : null;
  if (reach === 'park' || g.scopeKind === 'park') return { type: 'park' };
  switch (reach) {
    case 'subtree':
      return { type: 'subtree', path: g.scopePath, schoolId: g.scopeSchoolId };
    case 'school':
      return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId } : null;
    case 'schoolStudents':
      return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId, personKind: 'student' } : null;
    case 'unit':
      return { type: 'unit', unitId: g.scopeNodeId };
    case 'branch':
      return { type: 'branch', branchId: g.scopeNodeId };
  }
}

/** Does one of the actor's roles grant the permission (anywhere)? Self reach not counted. */
export const holdsThroughRole = (actor: Actor, permission: Permission): boolean =>
  actor.grants.some((g) => GRANTS[permission][g.role] !== undefined);

/** Does the actor hold the permission anywhere, including over their own record? */
export const hasPermission = (actor: Actor, permission: Permission): boolean =>
  holdsThroughRole(actor, permission) || (actor.personId !== null && SELF_GRANTS.has(permission));

/** Every permission the actor holds, and those they hold through a role (for menus and buttons). */
export function heldPermissions(actor: Actor): { all: Permission[]; throughRoles: Permission[] } {
  return {
    all: PERMISSIONS.filter((p) => hasPermission(actor, p)),
    throughRoles: PERMISSIONS.filter((p) => holdsThroughRole(actor, p)),
  };
}

/**
 * Every clause through which `actor` holds `permission`. Empty: the actor holds it nowhere.
 * `self: false` leaves out the self clause (for writes nobody makes about themselves).
 */
export function scopesFor(actor: Actor, permission: Permission, opts: { self?: boolean } = {}): Scope[] {
  const scopes: Scope[] = [];
  for (const g of actor.grants) {
    const reach = GRANTS[permission][g.role];
    if (!reach) continue;
    const s = clauseOf(actor, g, reach);
    if (s) scopes.push(s);
  }
  if ((opts.self ?? true) && actor.personId && SELF_GRANTS.has(permission))
    scopes.push({ type: 'self', personId: actor.personId });
  const unique = [...new Map(scopes.map((s) => [JSON.stringify(s), s])).values()];
  // A park-wide clause makes every other one redundant.
  return unique.some((s) => s.type === 'park') ? [{ type: 'park' }] : unique;
}

/** Adds the actor's own record to a clause list (e.g. "the gifts I may book, and my own"). */
export function withSelf(actor: Actor, scopes: readonly Scope[]): Scope[] {
  if (isParkWide(scopes) || !actor.personId) return [...scopes];
  return [...scopes, { type: 'self', personId: actor.personId }];
}

export const isParkWide = (scopes: readonly Scope[]) => scopes.some((s) => s.type === 'park');

/** Does the actor hold the permission over the whole park? */
export const reachesPark = (actor: Actor, permission: Permission) => isParkWide(scopesFor(actor, permission));

/** Does the actor hold the permission beyond one branch or unit (over a school, a subtree or the park)? */
export const reachesBeyondBranch = (actor: Actor, permission: Permission) =>
  scopesFor(actor, permission).some((s) => s.type === 'park' || s.type === 'subtree' || s.type === 'school');

/** The schools a clause list names (for policies that scope by school, such as article tags). */
export function schoolsOf(scopes: readonly Scope[]): string[] {
  const ids = new Set<string>();
  for (const s of scopes) {
    if ((s.type === 'subtree' || s.type === 'school') && s.schoolId) ids.add(s.schoolId);
  }
  return [...ids];
}

export function subjectInScope(scopes: readonly Scope[], subject: ScopeSubject, actor: Actor): boolean {
  if (subject.parkId !== actor.parkId) return false;
  return scopes.some((s) => {
    switch (s.type) {
      case 'park':
        return true;
      case 'school':
        return subject.schoolId === s.schoolId && (!s.personKind || subject.kind === s.personKind);
      case 'subtree':
        if (subject.path != null) return subject.path.startsWith(s.path);
        return s.schoolId !== null && subject.schoolId === s.schoolId;
      case 'unit':
        return subject.unitId != null && subject.unitId === s.unitId;
      case 'branch':
        return subject.branchId != null && subject.branchId === s.branchId;
      case 'self':
        return subject.personId != null && subject.personId === s.personId;
    }
  });
}

export function can(actor: Actor, permission: Permission, subject: ScopeSubject): boolean {
  return subjectInScope(scopesFor(actor, permission), subject, actor);
}
