import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { memberships } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canWriteMembership } from '../policy';
import { personFacts } from '../../people/presenter';
import { loadReadablePerson } from '../../people/queries';

/** Removes a person's Party membership, for an actor who manages it where it is. */
export async function deleteMembership(db: Db, ctx: RequestContext, actor: Actor, personId: string) {
  const person = await loadReadablePerson(db, actor, personId);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(memberships)
      .where(eq(memberships.personId, personId))
      .for('update');
    if (!before) throw notFound('该人员没有党员信息');
    if (
      !canWriteMembership(actor, personFacts(person), {
        currentBranchId: before.branchId,
        targetBranchId: null,
      })
    )
      throw forbidden('没有权限删除该人员的党员信息');
    await tx.delete(memberships).where(eq(memberships.id, before.id));
    await audit(tx, ctx, {
      action: 'members.membership.delete',
      entityType: 'membership',
      entityId: personId,
      before,
    });
  });
}
