import type { Actor } from '../../access/actor';
import { canReadPerson, personSubject, type PersonFacts } from '../people/policy';
import { can, scopesFor } from '../../access/scope';

/**
 * Party-membership policy. A membership is judged by its person (school, unit, kind, id) and by
 * its branch: a branch secretary reaches the memberships of their branch, a school admin those of
 * their school's people, everyone their own.
 */
export type { PersonFacts };

export const canReadMembership = (actor: Actor, p: PersonFacts) =>
  can(actor, 'members.read', personSubject(p));

/** May the actor manage this member's Party records (organisational life, dues)? */
export const canManageMember = (actor: Actor, p: PersonFacts) =>
  can(actor, 'members.write', personSubject(p));

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
