import type { Actor } from '../../access/actor';
import { reachesBeyondBranch } from '../../access/scope';
import {
  canManageMemberOrgLife,
  canWriteOwnRecords,
  ORGLIFE_WRITE,
  type MemberFacts,
} from '../orgLife/policy';

/**
 * Party dues (RULES §4) ride on the membership permissions: reading a member's dues is
 * `members.read` (park, school, branch, oneself), recording bases, payments and reversals is
 * `members.write` over the member. The SQL form of the same reach is in queries.ts.
 */
export const canManageMemberDues = (actor: Actor, m: MemberFacts) => canManageMemberOrgLife(actor, m);

/**
 * Hardship reduction: asked by the member themself or by someone managing them; approved by a
 * manager reaching beyond the branch (park or school level), and never by the account that asked.
 */
export const canRequestReduction = (actor: Actor, m: MemberFacts) =>
  canWriteOwnRecords(actor, m) || canManageMemberOrgLife(actor, m);

export function canApproveReduction(actor: Actor, m: MemberFacts, requestedBy: string | null): boolean {
  if (requestedBy !== null && requestedBy === actor.accountId) return false;
  return canManageMemberOrgLife(actor, m) && reachesBeyondBranch(actor, ORGLIFE_WRITE);
}
