import { sql, type SQL } from 'drizzle-orm';
import type { Actor, RoleGrant } from '../../access/actor';
import { subjectInScope, type Scope } from '../../access/scope';

/**
 * Activities policy (issue 4 §2). An activity belongs to its organiser node; managing it (edit,
 * participants, sign-in by ticking, QR codes, awards, photos, article draft) reaches:
 *   parkAdmin → every activity of the park;
 *   schoolAdmin → activities organised inside their school;
 *   branchSecretary → activities organised by their branch (or its party groups);
 *   leagueCommittee → activities organised by their League committee or its League branches.
 * Everyone reads the activities they take part in (self), and their own participation history.
 * These grants live here rather than in roles.ts (which has no activity permissions yet): the
 * clauses are the ordinary Scope clauses, so lists (SQL below) and single records agree.
 */
function manageClause(g: RoleGrant): Scope | null {
  switch (g.role) {
    case 'parkAdmin':
      return { type: 'park' };
    case 'schoolAdmin':
    case 'branchSecretary':
    case 'leagueCommittee':
      return { type: 'subtree', path: g.scopePath, schoolId: g.scopeSchoolId };
    default:
      return null;
  }
}

/** The subtree clauses through which the actor manages activities (empty: nowhere). */
export function activityManageScopes(actor: Actor): Scope[] {
  const scopes = actor.grants.map(manageClause).filter((s): s is Scope => s !== null);
  return scopes.some((s) => s.type === 'park') ? [{ type: 'park' }] : scopes;
}

/** May the actor manage activities at all (create, see the management lists)? */
export const canManageActivities = (actor: Actor) => activityManageScopes(actor).length > 0;

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
  const clauses: SQL[] = activityManageScopes(actor).map((s) => {
    switch (s.type) {
      case 'park':
        return sql`true`;
      case 'subtree':
        return sql`o.path like ${s.path + '%'}`;
      default:
        return sql`false`;
    }
  });
  if (opts.includeOwn && actor.personId) {
    clauses.push(
      sql`exists (select 1 from activity_participants p_scope where p_scope.activity_id = a.id and p_scope.person_id = ${actor.personId})`,
    );
  }
  const any = clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
  return sql`(a.park_id = ${actor.parkId} and ${any})`;
}
