import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityPhotos, mediaFiles } from '../../../platform/db/schema/index';
import type { AddPhotoInput } from '../../../../common/contracts/activities';
import { badRequest } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { presentPhoto } from '../presenter';
import { loadManageableActivity } from '../queries';

/** Adds a photo of the park's media library (uploaded there first) to the activity. */
export async function addPhoto(db: Db, ctx: RequestContext, actor: Actor, id: string, input: AddPhotoInput) {
  return db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [media] = await tx
      .select({ id: mediaFiles.id, purpose: mediaFiles.purpose })
      .from(mediaFiles)
      .where(and(eq(mediaFiles.id, input.mediaId), eq(mediaFiles.parkId, actor.parkId)));
    if (!media) throw badRequest('INVALID_MEDIA', '照片文件不存在，请先上传', { mediaId: '照片文件不存在' });
    if (media.purpose !== 'image')
      throw badRequest('INVALID_MEDIA', '只能添加图片', { mediaId: '只能添加图片' });
    const [row] = await tx
      .insert(activityPhotos)
      .values({
        parkId: actor.parkId,
        activityId: id,
        mediaRef: media.id,
        caption: input.caption ?? null,
        sortOrder: input.sortOrder ?? 0,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.photo.add',
      entityType: 'activityPhoto',
      entityId: row!.id,
      after: row,
    });
    return presentPhoto(row!);
  });
}
