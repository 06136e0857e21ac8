import type { Actor } from '../../access/actor';
import {
  hasPermission,
  reachesPark,
  scopesFor,
  subjectInScope,
  withSelf,
  type Scope,
  type ScopeSubject,
} from '../../access/scope';

/**
 * The annual assessment. The general branch (`assessment.manage` over the park) sets the year's
 * scheme, runs park-wide appraisal rounds and approves vanguard posts park-wide; a branch
 * (`assessment.review`, the grant table's reach) decides its members' posts and evidence, records
 * evidence on their behalf and runs its own rounds. A member files their own post, evidence and
 * self-evaluation (self-service, checked to be a Party member) and reads only their own record.
 * Reach is judged by the member's current membership (branch, school, class), as everywhere else.
 */
export const reviewScopes = (actor: Actor): Scope[] => scopesFor(actor, 'assessment.review');

/** Whose records the actor reads: the members they review, and themself. */
export const readScopes = (actor: Actor): Scope[] => withSelf(actor, reviewScopes(actor));

export const managesAssessment = (actor: Actor) => reachesPark(actor, 'assessment.manage');

/** Works on other members' assessment at all (console lists, the branch's queue). */
export const reviewsAnyone = (actor: Actor) => hasPermission(actor, 'assessment.review');

export const canReview = (actor: Actor, member: ScopeSubject) =>
  subjectInScope(reviewScopes(actor), member, actor);

export const canRead = (actor: Actor, member: ScopeSubject) =>
  subjectInScope(readScopes(actor), member, actor);

/** The member's own record (self-service writes). */
export const isSelf = (actor: Actor, personId: string) =>
  actor.personId !== null && actor.personId === personId;

/** An org node as dedication days are judged by it: a branch, or the general branch (the park). */
export interface HostNode {
  parkId: string;
  id: string;
  kind: string;
  path: string;
  schoolId: string | null;
}

/**
 * Who schedules dedication days at a node: for the general branch (park-wide days) the general
 * branch (`assessment.manage`); for a branch whoever reviews its members.
 */
export function canHostAt(actor: Actor, node: HostNode): boolean {
  if (node.parkId !== actor.parkId) return false;
  if (node.kind === 'generalBranch') return managesAssessment(actor);
  if (node.kind !== 'branch') return false;
  return subjectInScope(
    reviewScopes(actor),
    { parkId: node.parkId, branchId: node.id, path: node.path, schoolId: node.schoolId },
    actor,
  );
}
