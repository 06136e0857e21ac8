import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { mediaFiles, portalArticles } from '../../../platform/db/schema/index';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import type { ShowcaseInput } from '../../../../common/contracts/newsroom';

/** A showcase item names an article of the park, or a picture; its window ends after it starts. */
const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

export async function validateShowcase(db: Db, actor: Actor, input: ShowcaseInput) {
  if (input.kind === 'article') {
    if (!input.articleId) throw unprocessable('ARTICLE_REQUIRED', '请选择文章', { articleId: '请选择文章' });
    const [a] = await db
      .select({ id: portalArticles.id })
      .from(portalArticles)
      .where(and(eq(portalArticles.id, input.articleId), eq(portalArticles.parkId, actor.parkId)));
    if (!a) throw unprocessable('INVALID_ARTICLE', '所选文章不存在', { articleId: '文章不存在' });
  }
  const mediaId = input.mediaId ?? null;
  if (input.kind === 'photo' && !mediaId)
    throw unprocessable('PHOTO_REQUIRED', '请上传照片', { mediaId: '请上传照片' });
  if (mediaId) {
    const [m] = await db
      .select({ mime: mediaFiles.mime })
      .from(mediaFiles)
      .where(and(eq(mediaFiles.id, mediaId), eq(mediaFiles.parkId, actor.parkId)));
    if (!m || !m.mime.startsWith('image/')) {
      throw unprocessable('INVALID_MEDIA', '照片不存在或不是图片', { mediaId: '请选择图片' });
    }
  }
  const startsAt = toDate(input.startsAt);
  const endsAt = toDate(input.endsAt);
  if (startsAt && endsAt && endsAt <= startsAt) {
    throw unprocessable('INVALID_WINDOW', '结束时间须晚于开始时间', { endsAt: '结束时间须晚于开始时间' });
  }
  return { startsAt, endsAt };
}
