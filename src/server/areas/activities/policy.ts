import type { Actor } from '../../access/actor';
import { hasPermission, scopesFor, subjectInScope, type Scope } from '../../access/scope';

/**
 * Activities policy. An activity belongs to its organiser node; managing it (edit, participants,
 * sign-in by ticking, QR codes, awards, photos, article draft) is `activities.manage` over the
 * organiser's place in the tree (the grant table, access/roles.ts). Everyone reads the activities
 * they take part in, and their own participation history.
 */
export const activityManageScopes = (actor: Actor): Scope[] => scopesFor(actor, 'activities.manage');

/** May the actor manage activities at all (create, see the management lists)? */
export const canManageActivities = (actor: Actor) => hasPermission(actor, 'activities.manage');

export interface OrganiserNode {
  parkId: string;
  path: string;
  schoolId: string | null;
}

/** May the actor organise an activity at this node, or manage one organised there? */
export const canManageActivityAt = (actor: Actor, organiser: OrganiserNode) =>
  subjectInScope(activityManageScopes(actor), { parkId: organiser.parkId, path: organiser.path }, actor);

/** May the actor read this activity? Managers in scope, and its participants. */
export const canReadActivity = (actor: Actor, organiser: OrganiserNode, isParticipant: boolean) =>
  canManageActivityAt(actor, organiser) || (organiser.parkId === actor.parkId && isParticipant);

/**
 * Who may be a participant: people of the organiser's school when the organiser sits in a school,
 * anyone in the park otherwise (general-branch activities).
 */
export const canBeParticipant = (
  organiser: OrganiserNode,
  person: { parkId: string; schoolId: string | null },
) =>
  person.parkId === organiser.parkId &&
  (organiser.schoolId === null || person.schoolId === organiser.schoolId);
