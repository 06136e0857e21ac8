import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { forbidden, notFound } from '../../../errors';
import { sanitizeRichText } from '../../../platform/sanitize';
import { ARTICLE_STATUS_LABELS, canEditContent, type ArticleStatus } from '../rules';
import { articleCapabilities } from '../policy';
import { notifyPortalChanged } from '../events';
import { articleRowColumns, getArticle, getRevision } from '../queries/articles';
import { articleSearchColumns, isPublicState, writeRevision } from './articleWrites';

/** Puts a revision's title/subtitle/summary/body back; recorded as a new revision. */
export async function restoreRevision(db: Db, ctx: RequestContext, actor: Actor, id: string, number: number) {
  const rev = await getRevision(db, actor, id, number);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select(articleRowColumns)
      .from(portalArticles)
      .where(eq(portalArticles.id, id))
      .for('update');
    if (!before) throw notFound('文章不存在');
    if (!canEditContent(before.status as ArticleStatus, articleCapabilities(actor, before))) {
      throw forbidden(
        `文章当前为「${ARTICLE_STATUS_LABELS[before.status as ArticleStatus]}」，您不能恢复旧版本`,
      );
    }
    const bodyHtml = sanitizeRichText(rev.bodyHtml);
    const [a] = await tx
      .update(portalArticles)
      .set({
        title: rev.title,
        subtitle: rev.subtitle,
        summary: rev.summary,
        bodyHtml,
        version: before.version + 1,
        updatedBy: actor.accountId,
        updatedAt: sql`now()`,
        ...articleSearchColumns(rev.title, bodyHtml),
      })
      .where(eq(portalArticles.id, id))
      .returning(articleRowColumns);
    const newNumber = await writeRevision(tx, actor, a!, 'restore', number);
    await audit(tx, ctx, {
      action: 'newsroom.article.restore',
      entityType: 'portalArticle',
      entityId: id,
      before: { title: before.title, bodyLength: before.bodyHtml.length },
      after: { title: a!.title, bodyLength: a!.bodyHtml.length, restoredFrom: number, revision: newNumber },
    });
    if (isPublicState(before.status)) await notifyPortalChanged(tx, actor.parkId);
  });
  return getArticle(db, actor, id);
}
