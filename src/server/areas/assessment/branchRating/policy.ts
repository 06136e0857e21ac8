import type { Actor } from '../../../access/actor';
import { reachesBeyondBranch } from '../../../access/scope';
import { canHostAt } from '../policy';
import type { BranchNode } from './queries';

/**
 * Who speaks for a branch — rates it itself and files its evidence: the branch (whoever reviews its
 * members and reaches no further than branches — its secretary). The general branch and a school's
 * admin read the branch, its self-rating and evidence but do not write them: the rating compares
 * what the branch says of itself with what the general branch finds, so the two are never the same hand.
 */
export const actsAsBranch = (actor: Actor, branch: BranchNode) =>
  canHostAt(actor, branch) && !reachesBeyondBranch(actor, 'assessment.review');
