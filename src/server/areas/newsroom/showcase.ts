import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { mediaFiles, portalArticles, showcaseItems } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { forbidden, notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageSite, canUseNewsroom } from './policy';
import { notifyPortalChanged } from './events';
import { mediaUrl } from './media';

/**
 * 宣传橱窗 items: chosen articles and photos, in order, each active within an optional window.
 * The public /showcase page (src/server/areas/site) reads them with `activeShowcaseItems`.
 */
export type ShowcaseRow = typeof showcaseItems.$inferSelect;

export interface ShowcaseInput {
  kind: 'article' | 'photo';
  articleId?: string | null;
  mediaId?: string | null;
  title?: string | null;
  caption?: string | null;
  sortOrder?: number;
  durationSeconds?: number;
  active?: boolean;
  startsAt?: string | null;
  endsAt?: string | null;
}

const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);

async function present(db: Db, rows: ShowcaseRow[]) {
  const articleIds = rows.map((r) => r.articleId).filter((x): x is string => !!x);
  const articles = articleIds.length
    ? await db
        .select({
          id: portalArticles.id,
          title: portalArticles.title,
          status: portalArticles.status,
          cover: portalArticles.coverMediaId,
        })
        .from(portalArticles)
        .where(inArray(portalArticles.id, articleIds))
    : [];
  const byId = new Map(articles.map((a) => [a.id, a]));
  return rows.map((r) => {
    const a = r.articleId ? byId.get(r.articleId) : undefined;
    const imageId = r.kind === 'photo' ? r.mediaId : (r.mediaId ?? a?.cover ?? null);
    return {
      id: r.id,
      kind: r.kind as 'article' | 'photo',
      articleId: r.articleId,
      articleTitle: a?.title ?? null,
      articleStatus: a?.status ?? null,
      mediaId: r.mediaId,
      imageUrl: imageId ? mediaUrl(imageId, 'large') : null,
      title: r.title ?? a?.title ?? null,
      caption: r.caption,
      sortOrder: r.sortOrder,
      durationSeconds: r.durationSeconds,
      active: r.active,
      startsAt: r.startsAt?.toISOString() ?? null,
      endsAt: r.endsAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
    };
  });
}

export async function listShowcase(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const rows = await db
    .select()
    .from(showcaseItems)
    .where(eq(showcaseItems.parkId, actor.parkId))
    .orderBy(asc(showcaseItems.sortOrder), asc(showcaseItems.createdAt));
  return present(db, rows);
}

async function validate(db: Db, actor: Actor, input: ShowcaseInput) {
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

export async function createShowcaseItem(db: Db, ctx: RequestContext, actor: Actor, input: ShowcaseInput) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  return db.transaction(async (tx) => {
    const { startsAt, endsAt } = await validate(tx, actor, input);
    const [row] = await tx
      .insert(showcaseItems)
      .values({
        parkId: actor.parkId,
        kind: input.kind,
        articleId: input.kind === 'article' ? input.articleId! : null,
        mediaId: input.mediaId ?? null,
        title: input.title ?? null,
        caption: input.caption ?? null,
        sortOrder: input.sortOrder ?? 0,
        durationSeconds: input.durationSeconds ?? 12,
        active: input.active ?? true,
        startsAt,
        endsAt,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.showcase.create',
      entityType: 'showcaseItem',
      entityId: row!.id,
      after: row,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return (await present(tx, [row!]))[0]!;
  });
}

export async function updateShowcaseItem(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: Partial<ShowcaseInput>,
) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(showcaseItems)
      .where(and(eq(showcaseItems.id, id), eq(showcaseItems.parkId, actor.parkId)));
    if (!before) throw notFound('橱窗条目不存在');
    const merged: ShowcaseInput = {
      kind: (input.kind ?? before.kind) as 'article' | 'photo',
      articleId: input.articleId === undefined ? before.articleId : input.articleId,
      mediaId: input.mediaId === undefined ? before.mediaId : input.mediaId,
      title: input.title === undefined ? before.title : input.title,
      caption: input.caption === undefined ? before.caption : input.caption,
      sortOrder: input.sortOrder ?? before.sortOrder,
      durationSeconds: input.durationSeconds ?? before.durationSeconds,
      active: input.active ?? before.active,
      startsAt: input.startsAt === undefined ? (before.startsAt?.toISOString() ?? null) : input.startsAt,
      endsAt: input.endsAt === undefined ? (before.endsAt?.toISOString() ?? null) : input.endsAt,
    };
    const { startsAt, endsAt } = await validate(tx, actor, merged);
    const [row] = await tx
      .update(showcaseItems)
      .set({
        kind: merged.kind,
        articleId: merged.kind === 'article' ? merged.articleId! : null,
        mediaId: merged.mediaId ?? null,
        title: merged.title ?? null,
        caption: merged.caption ?? null,
        sortOrder: merged.sortOrder!,
        durationSeconds: merged.durationSeconds!,
        active: merged.active!,
        startsAt,
        endsAt,
        updatedAt: sql`now()`,
      })
      .where(eq(showcaseItems.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.showcase.update',
      entityType: 'showcaseItem',
      entityId: id,
      before,
      after: row,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return (await present(tx, [row!]))[0]!;
  });
}

export async function deleteShowcaseItem(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(showcaseItems)
      .where(and(eq(showcaseItems.id, id), eq(showcaseItems.parkId, actor.parkId)))
      .returning();
    if (!before) throw notFound('橱窗条目不存在');
    await audit(tx, ctx, {
      action: 'newsroom.showcase.delete',
      entityType: 'showcaseItem',
      entityId: id,
      before,
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
}
