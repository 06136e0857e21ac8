import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import {
  mediaFiles,
  orgNodes,
  portalArticleAttachments,
  portalArticleColumns,
  portalArticleEvents,
  portalArticleRevisions,
  portalColumns,
} from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { unprocessable } from '../../../errors';
import { buildTitleTsvector, buildTsvector } from '../../../platform/search/text';
import { segment } from '../../../platform/search/segmenter';
import { htmlToText } from '../../../platform/sanitize';
import type { Actor } from '../../../access/actor';
import type { WorkflowAction } from '../rules';
import type { ArticleRow } from '../presenter';

/** What the article commands share: reference checks, revisions, column and attachment links. */

/** States whose articles are, or will by themselves become, visible on the public site. */
export const isPublicState = (status: string) => status === 'published' || status === 'scheduled';

export const consoleLink = (id: string) => `/admin/portal/articles/${id}`;

/**
 * The search columns of an article (platform/search/text.ts): the terms of its title and
 * (plain-text) body, and its title's terms alone. Spread into an insert or update.
 */
export const articleSearchColumns = (title: string, bodyHtml: string) => ({
  termsTsv: sql`${buildTsvector(title, htmlToText(bodyHtml), segment)}::tsvector` as unknown as string,
  titleTsv: sql`${buildTitleTsvector(title, segment)}::tsvector` as unknown as string,
});

export async function assertSchool(db: Db, parkId: string, schoolId: string | null) {
  if (!schoolId) return;
  const [s] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, schoolId), eq(orgNodes.parkId, parkId), eq(orgNodes.kind, 'school')));
  if (!s) throw unprocessable('INVALID_SCHOOL', '所选学校不存在', { schoolId: '请选择本园区的学校' });
}

export async function assertColumns(db: Db, parkId: string, ids: string[]) {
  if (!ids.length) return;
  const rows = await db
    .select({ id: portalColumns.id })
    .from(portalColumns)
    .where(and(eq(portalColumns.parkId, parkId), inArray(portalColumns.id, ids)));
  if (rows.length !== new Set(ids).size) {
    throw unprocessable('INVALID_COLUMN', '所选栏目不存在', { columnIds: '请选择本园区的栏目' });
  }
}

export async function assertMedia(
  db: Db,
  parkId: string,
  ids: string[],
  field: string,
  purposeImage = false,
) {
  if (!ids.length) return;
  const rows = await db
    .select({ id: mediaFiles.id, mime: mediaFiles.mime })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.parkId, parkId), inArray(mediaFiles.id, ids)));
  if (rows.length !== new Set(ids).size) {
    throw unprocessable('INVALID_MEDIA', '引用的文件不存在', { [field]: '文件不存在，请重新上传' });
  }
  if (purposeImage && rows.some((r) => !r.mime.startsWith('image/'))) {
    throw unprocessable('INVALID_MEDIA', '封面必须是图片', { [field]: '封面必须是图片' });
  }
}

export function parsePublishAt(v: string | null | undefined): Date | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw unprocessable('INVALID_PUBLISH_AT', '发布时间格式不正确', { publishAt: '发布时间格式不正确' });
  }
  return d;
}

export const cleanTags = (tags: string[] | undefined) =>
  tags === undefined ? undefined : [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

export async function writeRevision(
  tx: Db,
  actor: Actor,
  a: Pick<ArticleRow, 'id' | 'parkId' | 'title' | 'subtitle' | 'summary' | 'bodyHtml'>,
  reason: 'create' | 'save' | 'restore',
  restoredFrom: number | null = null,
) {
  const [{ next } = { next: 1 }] = await tx
    .select({ next: sql<number>`coalesce(max(${portalArticleRevisions.number}), 0)::int + 1` })
    .from(portalArticleRevisions)
    .where(eq(portalArticleRevisions.articleId, a.id));
  await tx.insert(portalArticleRevisions).values({
    parkId: a.parkId,
    articleId: a.id,
    number: next,
    title: a.title,
    subtitle: a.subtitle,
    summary: a.summary,
    bodyHtml: a.bodyHtml,
    reason,
    restoredFrom,
    createdBy: actor.accountId,
    createdByName: actor.displayName,
  });
  return next;
}

export async function setColumns(tx: Db, a: { id: string; parkId: string }, columnIds: string[]) {
  await tx.delete(portalArticleColumns).where(eq(portalArticleColumns.articleId, a.id));
  const unique = [...new Set(columnIds)];
  if (unique.length) {
    await tx
      .insert(portalArticleColumns)
      .values(unique.map((columnId) => ({ articleId: a.id, columnId, parkId: a.parkId })));
  }
}

export async function setAttachments(tx: Db, a: { id: string; parkId: string }, mediaIds: string[]) {
  await tx.delete(portalArticleAttachments).where(eq(portalArticleAttachments.articleId, a.id));
  const unique = [...new Set(mediaIds)];
  if (unique.length) {
    await tx
      .insert(portalArticleAttachments)
      .values(unique.map((mediaId, i) => ({ articleId: a.id, mediaId, parkId: a.parkId, sortOrder: i })));
  }
}

/** What the audit trail keeps of an article (the body is in the revisions). */
export const auditView = (a: ArticleRow, columnIds?: string[], attachmentIds?: string[]) => ({
  title: a.title,
  status: a.status,
  schoolId: a.schoolId,
  pinned: a.pinned,
  publishAt: a.publishAt,
  bodyLength: a.bodyHtml.length,
  ...(columnIds ? { columnIds } : {}),
  ...(attachmentIds ? { attachmentIds } : {}),
});

/** One workflow step, in the article's own history and in the audit trail. */
export async function recordTransition(
  tx: Db,
  ctx: RequestContext,
  before: ArticleRow,
  after: ArticleRow,
  action: WorkflowAction,
  reason: string | null,
  actorName: string | null,
) {
  await tx.insert(portalArticleEvents).values({
    parkId: before.parkId,
    articleId: before.id,
    action,
    fromStatus: before.status,
    toStatus: after.status,
    reason: reason?.trim() || null,
    actorAccountId: ctx.actor?.accountId ?? null,
    actorName: actorName ?? '系统',
  });
  await audit(tx, ctx, {
    parkId: before.parkId,
    action: `newsroom.article.${action}`,
    entityType: 'portalArticle',
    entityId: before.id,
    before: { status: before.status },
    after: { status: after.status, reason: reason?.trim() || null, publishedAt: after.publishedAt },
  });
}
