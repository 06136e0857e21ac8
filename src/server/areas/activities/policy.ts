import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../access/actor';
import { hasPermission, scopesFor, subjectInScope, type Scope } from '../../access/scope';
import { scopeSql } from '../../access/scopeSql';

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

/**
 * The WHERE condition for a query over `activities a` joined to `org_nodes o` (the organiser):
 * the actor's park and (a managed subtree, or the actor takes part).
 */
export function activityScopeCondition(
  actor: Actor,
  opts: { includeOwn: boolean } = { includeOwn: true },
): SQL {
  const own =
    opts.includeOwn && actor.personId
      ? [
          sql`exists (select 1 from activity_participants p_scope where p_scope.activity_id = a.id and p_scope.person_id = ${actor.personId})`,
        ]
      : [];
  return scopeSql(actor, activityManageScopes(actor), { parkId: sql`a.park_id`, path: sql`o.path` }, own);
}
