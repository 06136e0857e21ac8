import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityAwards } from '../../../platform/db/schema/index';
import { notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';

export async function removeAward(db: Db, ctx: RequestContext, actor: Actor, id: string, awardId: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityAwards)
      .where(and(eq(activityAwards.id, awardId), eq(activityAwards.activityId, id)))
      .returning();
    if (!removed) throw notFound('获奖记录不存在');
    await audit(tx, ctx, {
      action: 'activities.award.remove',
      entityType: 'activityAward',
      entityId: awardId,
      before: removed,
    });
  });
}
