import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityKinds } from '../../../platform/db/schema/index';
import { conflict, forbidden } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canManageActivities } from '../policy';
import { presentKind } from '../presenter';
import { ACTIVITY_KIND_LABELS } from '../rules';

/** Adds a park's own activity kind; its name may repeat neither a built-in kind nor another custom one. */
export async function createKind(db: Db, ctx: RequestContext, actor: Actor, name: string) {
  if (!canManageActivities(actor)) throw forbidden('只有活动组织者可以添加活动类型');
  if ((Object.values(ACTIVITY_KIND_LABELS) as string[]).includes(name)) {
    throw conflict('DUPLICATE_KIND', `「${name}」已是内置活动类型`, { name: '与内置类型重名' });
  }
  return db.transaction(async (tx) => {
    const [dup] = await tx
      .select({ id: activityKinds.id })
      .from(activityKinds)
      .where(and(eq(activityKinds.parkId, actor.parkId), eq(activityKinds.name, name)));
    if (dup) throw conflict('DUPLICATE_KIND', `已有名为「${name}」的活动类型`, { name: '名称重复' });
    const [kind] = await tx.insert(activityKinds).values({ parkId: actor.parkId, name }).returning();
    await audit(tx, ctx, {
      action: 'activities.kind.create',
      entityType: 'activityKind',
      entityId: kind!.id,
      after: kind,
    });
    return presentKind(kind!);
  });
}
