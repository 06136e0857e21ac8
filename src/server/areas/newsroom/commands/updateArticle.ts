import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { conflict, forbidden } from '../../../errors';
import { sanitizeRichText } from '../../../platform/sanitize';
import type { ArticlePatch } from '../../../../common/contracts/newsroom';
import { ARTICLE_STATUS_LABELS, canAdjustLive, canEditContent, type ArticleStatus } from '../rules';
import { articleCapabilities, canCreateArticle } from '../policy';
import { notifyPortalChanged } from '../events';
import { articleRowColumns, getArticle, loadArticleForUpdate } from '../queries/articles';
import {
  articleSearchColumns,
  assertColumns,
  assertMedia,
  assertSchool,
  auditView,
  cleanTags,
  isPublicState,
  parsePublishAt,
  setAttachments,
  setColumns,
  writeRevision,
} from './articleWrites';

/** Saves an article where its state lets this actor edit; a change of title or body is a new revision. */
export async function updateArticle(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: ArticlePatch,
) {
  await db.transaction(async (tx) => {
    const before = await loadArticleForUpdate(tx, actor, id);
    const caps = articleCapabilities(actor, before);
    const status = before.status as ArticleStatus;
    const fields = Object.keys(input).filter((k) => input[k as keyof ArticlePatch] !== undefined);
    if (!canEditContent(status, caps) && !canAdjustLive(status, caps, fields)) {
      throw forbidden(
        status === 'takenDown'
          ? '文章已撤下，请先点击「重新编辑」'
          : status === 'published' || status === 'scheduled'
            ? `${ARTICLE_STATUS_LABELS[status]}的文章不能直接修改内容：请先「撤下」并说明原因，再「重新编辑」、提交审核（置顶和发布时间仍可由审核人调整）`
            : `文章当前为「${ARTICLE_STATUS_LABELS[status]}」，您不能修改`,
      );
    }
    if (input.version !== undefined && input.version !== before.version) {
      throw conflict('VERSION_CONFLICT', '文章已被他人修改，请刷新后再编辑', { version: '版本已过期' });
    }
    const schoolId = input.schoolId === undefined ? before.schoolId : input.schoolId;
    if (schoolId !== before.schoolId) {
      if (!canCreateArticle(actor, schoolId) && !caps.has('review')) {
        throw forbidden('您不能把文章移到自己负责范围以外的学校');
      }
      await assertSchool(tx, actor.parkId, schoolId);
    }
    if (input.columnIds) await assertColumns(tx, actor.parkId, input.columnIds);
    if (input.coverMediaId) await assertMedia(tx, actor.parkId, [input.coverMediaId], 'coverMediaId', true);
    if (input.attachmentIds) await assertMedia(tx, actor.parkId, input.attachmentIds, 'attachmentIds');

    const bodyHtml = input.bodyHtml === undefined ? before.bodyHtml : sanitizeRichText(input.bodyHtml);
    const title = input.title ?? before.title;
    const subtitle = input.subtitle === undefined ? before.subtitle : input.subtitle;
    const summary = input.summary === undefined ? before.summary : input.summary;
    const publishAt = parsePublishAt(input.publishAt);
    let nextPublishAt = publishAt === undefined ? before.publishAt : publishAt;
    // A scheduled article whose time is cleared goes out at the next scheduler tick.
    if (before.status === 'scheduled' && nextPublishAt === null) nextPublishAt = new Date();
    const contentChanged =
      title !== before.title ||
      bodyHtml !== before.bodyHtml ||
      subtitle !== before.subtitle ||
      summary !== before.summary;
    const [a] = await tx
      .update(portalArticles)
      .set({
        title,
        subtitle,
        summary,
        bodyHtml,
        coverMediaId: input.coverMediaId === undefined ? before.coverMediaId : input.coverMediaId,
        coverAlt: input.coverAlt === undefined ? before.coverAlt : input.coverAlt,
        author: input.author === undefined ? before.author : input.author,
        source: input.source === undefined ? before.source : input.source,
        schoolId,
        tags: cleanTags(input.tags) ?? before.tags,
        pinned: input.pinned ?? before.pinned,
        publishAt: nextPublishAt,
        // A scheduled article follows its new publish time.
        publishedAt: before.status === 'scheduled' && nextPublishAt ? nextPublishAt : before.publishedAt,
        version: before.version + 1,
        updatedBy: actor.accountId,
        updatedAt: sql`now()`,
        // Unchanged text keeps its terms (the columns are left out of the update).
        ...(title !== before.title || bodyHtml !== before.bodyHtml
          ? articleSearchColumns(title, bodyHtml)
          : {}),
      })
      .where(eq(portalArticles.id, id))
      .returning(articleRowColumns);
    if (input.columnIds) await setColumns(tx, a!, input.columnIds);
    if (input.attachmentIds) await setAttachments(tx, a!, input.attachmentIds);
    const revision = contentChanged ? await writeRevision(tx, actor, a!, 'save') : null;
    await audit(tx, ctx, {
      action: 'newsroom.article.update',
      entityType: 'portalArticle',
      entityId: id,
      before: auditView(before),
      after: { ...auditView(a!, input.columnIds, input.attachmentIds), revision },
    });
    if (isPublicState(before.status)) await notifyPortalChanged(tx, actor.parkId);
  });
  return getArticle(db, actor, id);
}
