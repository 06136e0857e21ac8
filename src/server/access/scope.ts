import type { Actor, RoleGrant } from './actor';
import { ROLE_PERMISSIONS, type Permission } from './roles';

/**
 * What part of the park a permission reaches, as data. List endpoints turn a Scope[] into one SQL
 * condition (OR of the clauses; an empty list matches nothing); single-record checks use
 * `subjectInScope`. Both read the same clauses, so a list and a detail page can never disagree.
 */
export type Scope =
  | { type: 'park' }
  | { type: 'school'; schoolId: string; personKind?: 'staff' | 'student' }
  /** An org subtree; `schoolId` is set when its root is (inside) a school, and then covers that school's people. */
  | { type: 'subtree'; path: string; schoolId: string | null }
  | { type: 'unit'; unitId: string }
  | { type: 'branch'; branchId: string }
  | { type: 'self'; personId: string };

/** A person (or a record about one) as the scope rules see it. */
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

function grantScope(g: RoleGrant, permission: Permission): Scope | null {
  switch (g.role) {
    case 'parkAdmin':
      return { type: 'park' };
    case 'schoolAdmin':
      return permission === 'org.read'
        ? { type: 'park' }
        : { type: 'subtree', path: g.scopePath, schoolId: g.scopeSchoolId };
    case 'branchSecretary':
      if (permission === 'org.read') return { type: 'park' };
      if (permission === 'people.read')
        return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId } : null;
      return { type: 'branch', branchId: g.scopeNodeId };
    case 'leagueCommittee':
      if (permission === 'org.read') return { type: 'park' };
      return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId, personKind: 'student' } : null;
    case 'homeroomTeacher':
      if (permission === 'org.read') return { type: 'park' };
      return { type: 'unit', unitId: g.scopeNodeId };
    case 'portalEditor':
    case 'portalReviewer':
      return g.scopeKind === 'park'
        ? { type: 'park' }
        : { type: 'subtree', path: g.scopePath, schoolId: g.scopeSchoolId };
    case 'mentor':
      // A mentor reaches their own mentees; the mentors module adds that clause. Until then: nothing.
      return null;
    case 'member':
    case 'student':
      return null; // self scope is added for every actor below
  }
}

/** Permissions that every signed-in person holds over their own record. */
const SELF_PERMISSIONS: ReadonlySet<Permission> = new Set(['people.read', 'members.read', 'people.reveal']);

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return (
    actor.grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission)) ||
    (actor.personId !== null && SELF_PERMISSIONS.has(permission))
  );
}

/** Every clause through which `actor` holds `permission`. Empty: the actor holds it nowhere. */
export function scopesFor(actor: Actor, permission: Permission): Scope[] {
  const scopes: Scope[] = [];
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role].includes(permission)) continue;
    const s = grantScope(g, permission);
    if (s) scopes.push(s);
  }
  if (actor.personId && SELF_PERMISSIONS.has(permission))
    scopes.push({ type: 'self', personId: actor.personId });
  // A park-wide clause makes every other one redundant.
  return scopes.some((s) => s.type === 'park') ? [{ type: 'park' }] : scopes;
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
        return subject.unitId === s.unitId;
      case 'branch':
        return subject.branchId === s.branchId;
      case 'self':
        return subject.personId === s.personId;
    }
  });
}

export function can(actor: Actor, permission: Permission, subject: ScopeSubject): boolean {
  return subjectInScope(scopesFor(actor, permission), subject, actor);
}
