import { sql, type SQL } from 'drizzle-orm';
import type { Actor, RoleGrant } from '../../access/actor';
import { subjectInScope, type Scope, type ScopeSubject } from '../../access/scope';

/**
 * Donation drives and special dues (issue 4 §3).
 *
 * Drives: managing one (create, change while open, close) reaches
 *   parkAdmin → every drive; schoolAdmin → drives organised in their school; branchSecretary →
 *   drives organised by their branch.
 * Entries (recording, reversing, reading, totals) are judged by whom the gift is from, as
 * snapshotted on the entry (school, class, branch, person):
 *   parkAdmin → all; schoolAdmin → their school; branchSecretary → members of their branch;
 *   homeroomTeacher → their class (its students and the class's collective gift);
 *   leagueCommittee → their school's students and classes; everyone → their own gifts (read only).
 * Special dues are always voluntary: no clause anywhere lists who has NOT given.
 * The grants live here rather than in roles.ts (which has no donation permissions yet).
 */
function driveClause(g: RoleGrant): Scope | null {
  switch (g.role) {
    case 'parkAdmin':
      return { type: 'park' };
    case 'schoolAdmin':
    case 'branchSecretary':
      return { type: 'subtree', path: g.scopePath, schoolId: g.scopeSchoolId };
    default:
      return null;
  }
}

function entryClause(g: RoleGrant): Scope | null {
  switch (g.role) {
    case 'parkAdmin':
      return { type: 'park' };
    case 'schoolAdmin':
      return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId } : null;
    case 'branchSecretary':
      return { type: 'branch', branchId: g.scopeNodeId };
    case 'homeroomTeacher':
      return { type: 'unit', unitId: g.scopeNodeId };
    case 'leagueCommittee':
      return g.scopeSchoolId ? { type: 'school', schoolId: g.scopeSchoolId, personKind: 'student' } : null;
    default:
      return null;
  }
}

const collapse = (scopes: Scope[]) =>
  scopes.some((s) => s.type === 'park') ? [{ type: 'park' } as Scope] : scopes;

export function driveManageScopes(actor: Actor): Scope[] {
  return collapse(actor.grants.map(driveClause).filter((s): s is Scope => s !== null));
}

/** Clauses over entries the actor may record and reverse (never self: nobody books their own gift). */
export function entryWriteScopes(actor: Actor): Scope[] {
  return collapse(actor.grants.map(entryClause).filter((s): s is Scope => s !== null));
}

/** Clauses over entries the actor may read: the write clauses plus their own gifts. */
export function entryReadScopes(actor: Actor): Scope[] {
  const scopes = entryWriteScopes(actor);
  if (scopes.some((s) => s.type === 'park')) return scopes;
  return actor.personId ? [...scopes, { type: 'self', personId: actor.personId }] : scopes;
}

/** Console users who take part in running drives see every drive of the park; others only those they gave to. */
export const seesAllDrives = (actor: Actor) =>
  driveManageScopes(actor).length > 0 || entryWriteScopes(actor).length > 0;

export interface DriveOrganiser {
  parkId: string;
  path: string;
}
export const canManageDrive = (actor: Actor, organiser: DriveOrganiser) =>
  subjectInScope(driveManageScopes(actor), { parkId: organiser.parkId, path: organiser.path }, actor);

/** An entry (or an entry about to be made) as the scope rules see it. */
export interface EntryFacts {
  parkId: string;
  donorType: 'person' | 'class';
  personId: string | null;
  personKind: 'staff' | 'student' | null;
  schoolId: string | null;
  classId: string | null;
  branchId: string | null;
}

export const entrySubject = (e: EntryFacts): ScopeSubject => ({
  parkId: e.parkId,
  personId: e.personId,
  // A class's collective gift counts as the students'.
  kind: e.donorType === 'class' ? 'student' : (e.personKind ?? undefined),
  schoolId: e.schoolId,
  unitId: e.classId,
  branchId: e.branchId,
});

export const canWriteEntry = (actor: Actor, e: EntryFacts) =>
  subjectInScope(entryWriteScopes(actor), entrySubject(e), actor);
export const canReadEntry = (actor: Actor, e: EntryFacts) =>
  subjectInScope(entryReadScopes(actor), entrySubject(e), actor);

/** One clause as SQL over `donation_entries e`; mirrors subjectInScope for an entry subject. */
function entrySqlClause(s: Scope): SQL {
  switch (s.type) {
    case 'park':
      return sql`true`;
    case 'school':
      return s.personKind === 'student'
        ? sql`(e.school_id = ${s.schoolId} and (e.donor_type = 'class' or e.person_kind = 'student'))`
        : s.personKind === 'staff'
          ? sql`(e.school_id = ${s.schoolId} and e.person_kind = 'staff')`
          : sql`e.school_id = ${s.schoolId}`;
    case 'subtree':
      return s.schoolId ? sql`e.school_id = ${s.schoolId}` : sql`false`;
    case 'unit':
      return sql`e.class_id = ${s.unitId}`;
    case 'branch':
      return sql`e.branch_id = ${s.branchId}`;
    case 'self':
      return sql`e.person_id = ${s.personId}`;
  }
}

/** WHERE condition over `donation_entries e`: the actor's park and the OR of the clauses. */
export function entryScopeCondition(actor: Actor, scopes: readonly Scope[]): SQL {
  const clauses = scopes.map(entrySqlClause);
  const any = clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
  return sql`(e.park_id = ${actor.parkId} and ${any})`;
}

/** WHERE condition over `donation_drives d` for the drive list. */
export function driveListCondition(actor: Actor): SQL {
  if (seesAllDrives(actor)) return sql`d.park_id = ${actor.parkId}`;
  if (!actor.personId) return sql`false`;
  return sql`(d.park_id = ${actor.parkId} and exists (select 1 from donation_entries e_own where e_own.drive_id = d.id and e_own.person_id = ${actor.personId}))`;
}
