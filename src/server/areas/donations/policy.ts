import type { Actor } from '../../access/actor';
import { scopesFor, subjectInScope, withSelf, type Scope, type ScopeSubject } from '../../access/scope';
import { eligibilityError, type DonorCategory, type DriveType } from './rules';

/**
 * Donation drives and special dues. Managing a drive (create, change while open, close) is
 * `donations.drives` over the organiser's place in the tree. Entries (recording, reversing,
 * reading, totals) are `donations.entries`, judged by whom the gift is from as snapshotted on the
 * entry (school, class, branch, person); everyone reads their own gifts. The reach of each role is
 * the grant table's (access/roles.ts); queries.ts compiles the same clauses to SQL. Special dues
 * are always voluntary (RULES §4): no clause anywhere lists who has NOT given.
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

/** A donor as snapshotted on an entry: the scope facts, the name and Party membership. */
export interface DonorSnapshot extends EntryFacts {
  donorName: string;
  isMember: boolean;
}

export interface DonorProblem {
  status: 403 | 422;
  code: 'FORBIDDEN' | 'NOT_ELIGIBLE';
  message: string;
}

/** May the actor book this donor's gift in this drive? Null when so, else the Chinese reason. */
export function donorProblem(
  actor: Actor,
  drive: { type: string; eligible: readonly string[] },
  donor: DonorSnapshot,
): DonorProblem | null {
  const notEligible = eligibilityError(drive.type as DriveType, drive.eligible as DonorCategory[], donor);
  if (notEligible) return { status: 422, code: 'NOT_ELIGIBLE', message: notEligible };
  if (!canWriteEntry(actor, donor))
    return { status: 403, code: 'FORBIDDEN', message: `没有权限为「${donor.donorName}」登记` };
  return null;
}
