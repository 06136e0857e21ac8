import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityPhotos } from '../../../platform/db/schema/index';
import { notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';

export async function removePhoto(db: Db, ctx: RequestContext, actor: Actor, id: string, photoId: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityPhotos)
      .where(and(eq(activityPhotos.id, photoId), eq(activityPhotos.activityId, id)))
      .returning();
    if (!removed) throw notFound('照片不存在');
    await audit(tx, ctx, {
      action: 'activities.photo.remove',
      entityType: 'activityPhoto',
      entityId: photoId,
      before: removed,
    });
  });
}
