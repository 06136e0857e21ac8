import { sql, type SQL } from 'drizzle-orm';
import { memberships, people } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import { canReadPerson, personSubject, type PersonFacts } from '../people/policy';
import { can, scopesFor, type Scope } from '../../access/scope';

/**
 * Party-membership policy. A membership is judged by its person (school, unit, kind, id) and by
 * its branch: a branch secretary reaches the memberships of their branch, a school admin those of
 * their school's people, everyone their own.
 */
export const canReadMembership = (actor: Actor, p: PersonFacts) =>
  can(actor, 'members.read', personSubject(p));

/**
 * May the actor record `p` as a member of `targetBranchId` (or change / remove the membership)?
 * They must be able to see the person, hold members.write over the membership as it is (when it
 * exists) and over the membership as it will be.
 */
export function canWriteMembership(
  actor: Actor,
  p: PersonFacts,
  change: { currentBranchId: string | null; targetBranchId: string | null },
): boolean {
  if (!canReadPerson(actor, p)) return false;
  const at = (branchId: string) => can(actor, 'members.write', personSubject({ ...p, branchId }));
  if (change.currentBranchId && !at(change.currentBranchId)) return false;
  if (change.targetBranchId && !at(change.targetBranchId)) return false;
  return change.currentBranchId !== null || change.targetBranchId !== null;
}

export const membersReadScopes = (actor: Actor) => scopesFor(actor, 'members.read');

function membershipClause(s: Scope): SQL {
  switch (s.type) {
    case 'park':
      return sql`true`;
    case 'school':
      return s.personKind
        ? sql`(${people.schoolId} = ${s.schoolId} and ${people.kind} = ${s.personKind})`
        : sql`${people.schoolId} = ${s.schoolId}`;
    case 'subtree':
      return s.schoolId ? sql`${people.schoolId} = ${s.schoolId}` : sql`false`;
    case 'unit':
      return sql`${people.unitId} = ${s.unitId}`;
    case 'branch':
      return sql`${memberships.branchId} = ${s.branchId}`;
    case 'self':
      return sql`${memberships.personId} = ${s.personId}`;
  }
}

/**
 * The WHERE condition for a query over `memberships` joined to `people` (on the person id):
 * the actor's park and the OR of the scope clauses. An empty scope list matches nothing.
 */
export function membershipScopeCondition(actor: Actor, scopes: readonly Scope[]): SQL {
  const clauses = scopes.map(membershipClause);
  const any = clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
  return sql`(${memberships.parkId} = ${actor.parkId} and ${any})`;
}
