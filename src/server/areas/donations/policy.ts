import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../access/actor';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';
import { scopesFor, subjectInScope, withSelf, type Scope, type ScopeSubject } from '../../access/scope';

/**
 * Donation drives and special dues. Managing a drive (create, change while open, close) is
 * `donations.drives` over the organiser's place in the tree. Entries (recording, reversing,
 * reading, totals) are `donations.entries`, judged by whom the gift is from as snapshotted on the
 * entry (school, class, branch, person); everyone reads their own gifts. The reach of each role is
 * the grant table's (access/roles.ts). Special dues are always voluntary (RULES §4): no clause
 * anywhere lists who has NOT given.
 */
export const driveManageScopes = (actor: Actor): Scope[] => scopesFor(actor, 'donations.drives');

/** Clauses over entries the actor may record and reverse (never self: nobody books their own gift). */
export const entryWriteScopes = (actor: Actor): Scope[] => scopesFor(actor, 'donations.entries');

/** Clauses over entries the actor may read: the write clauses plus their own gifts. */
export const entryReadScopes = (actor: Actor): Scope[] => withSelf(actor, entryWriteScopes(actor));

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

/** Where an entry's scope facts live in `donation_entries e`; a class's collective gift counts as the students'. */
const ENTRY_COLUMNS: ScopeColumns = {
  parkId: sql`e.park_id`,
  personId: sql`e.person_id`,
  kind: sql`(case when e.donor_type = 'class' then 'student' else e.person_kind end)`,
  schoolId: sql`e.school_id`,
  unitId: sql`e.class_id`,
  branchId: sql`e.branch_id`,
};

/** WHERE condition over `donation_entries e`: the actor's park and the OR of the clauses. */
export const entryScopeCondition = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopeSql(actor, scopes, ENTRY_COLUMNS);

/** WHERE condition over `donation_drives d` for the drive list. */
export function driveListCondition(actor: Actor): SQL {
  if (seesAllDrives(actor)) return sql`d.park_id = ${actor.parkId}`;
  if (!actor.personId) return sql`false`;
  return sql`(d.park_id = ${actor.parkId} and exists (select 1 from donation_entries e_own where e_own.drive_id = d.id and e_own.person_id = ${actor.personId}))`;
}
