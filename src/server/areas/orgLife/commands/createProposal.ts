import type { Db } from '../../../platform/db/client';
import { proposals } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { CreateProposalInput } from '../../../../common/contracts/orgLife';
import type { Actor } from '../../../access/actor';
import { assertBirthdayYear } from '../rules/records';
import { ownMember, proposalView } from '../queries/records';
import { proposalEvent } from './reviewRecord';

/** The member puts forward a proposal (合理化建议) at a political birthday; it starts as received. */
export async function createProposal(db: Db, ctx: RequestContext, actor: Actor, input: CreateProposalInput) {
  const m = await ownMember(db, actor, input.personId);
  assertBirthdayYear(m, input.year);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(proposals)
      .values({
        parkId: actor.parkId,
        personId: m.id,
        year: input.year,
        target: input.target,
        title: input.title,
        content: input.content,
        status: 'received',
        history: [proposalEvent('received', actor)],
      })
      .returning();
    await audit(tx, ctx, {
      action: 'orgLife.proposal.create',
      entityType: 'proposal',
      entityId: row!.id,
      after: row,
    });
    return proposalView(tx, row!, m);
  });
}
