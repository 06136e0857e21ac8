import type { Actor } from '../../../access/actor';
import { subjectInScope, type ScopeSubject } from '../../../access/scope';
import { managesAssessment, reviewScopes } from '../policy';

/**
 * Who runs a democratic-appraisal round: a round belongs to its node — a branch, or the general
 * branch for a park-wide round. Reviewers (`assessment.review`) run the rounds of the branches they
 * review; a park-wide round needs `assessment.manage` to open (the general branch's own act) and is
 * reviewed by whoever reviews the park. Voting is not a permission: the round's roll says who votes.
 * No SQL here; queries.ts compiles the same clauses.
 */

/** The facts of a round's node that reach is judged by. */
export interface RoundNodeFacts {
  id: string;
  parkId: string;
  kind: string;
  schoolId: string | null;
  path: string;
}

/** A round's node as a scope subject: a branch by id and path; the general branch by its path only. */
export const roundSubject = (n: RoundNodeFacts): ScopeSubject => ({
  parkId: n.parkId,
  branchId: n.kind === 'branch' ? n.id : null,
  schoolId: n.schoolId,
  path: n.path,
});

/** Reviews the round: sees its roll and turnout, closes it, records the final grades. */
export const canRunRound = (actor: Actor, node: RoundNodeFacts) =>
  subjectInScope(reviewScopes(actor), roundSubject(node), actor);

/** May open a round over the node: a branch they review; the general branch with assessment.manage. */
export const canOpenRound = (actor: Actor, node: RoundNodeFacts) =>
  node.kind === 'generalBranch'
    ? managesAssessment(actor) && canRunRound(actor, node)
    : node.kind === 'branch' && canRunRound(actor, node);
