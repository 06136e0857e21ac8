import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { newsletterIssueArticles, newsletterIssues, portalArticles } from '../../../platform/db/schema/index';
import { conflict, unprocessable } from '../../../errors';

/** What every issue write checks: only published articles, each once; a number not yet taken. */

export async function assertArticlesPublished(db: Db, parkId: string, ids: string[]) {
  if (new Set(ids).size !== ids.length) {
    throw unprocessable('DUPLICATE_ARTICLE', '同一篇文章不能重复加入', { articleIds: '文章重复' });
  }
  if (!ids.length) return;
  const rows = await db
    .select({ id: portalArticles.id, status: portalArticles.status, title: portalArticles.title })
    .from(portalArticles)
    .where(and(eq(portalArticles.parkId, parkId), inArray(portalArticles.id, ids)));
  if (rows.length !== ids.length) {
    throw unprocessable('INVALID_ARTICLE', '所选文章不存在', { articleIds: '文章不存在' });
  }
  const unpublished = rows.find((r) => r.status !== 'published');
  if (unpublished) {
    throw unprocessable('ARTICLE_NOT_PUBLISHED', `《${unpublished.title}》尚未发布，不能编入简讯`, {
      articleIds: '只能选择已发布的文章',
    });
  }
}

export async function setIssueArticles(tx: Db, issue: { id: string; parkId: string }, ids: string[]) {
  await tx.delete(newsletterIssueArticles).where(eq(newsletterIssueArticles.issueId, issue.id));
  if (ids.length) {
    await tx
      .insert(newsletterIssueArticles)
      .values(
        ids.map((articleId, i) => ({ issueId: issue.id, articleId, parkId: issue.parkId, sortOrder: i })),
      );
  }
}

export async function assertNumberFree(tx: Db, parkId: string, number: number, exceptId?: string) {
  const [dup] = await tx
    .select({ id: newsletterIssues.id })
    .from(newsletterIssues)
    .where(
      and(
        eq(newsletterIssues.parkId, parkId),
        eq(newsletterIssues.number, number),
        exceptId ? sql`${newsletterIssues.id} <> ${exceptId}` : undefined,
      ),
    );
  if (dup) throw conflict('ISSUE_NUMBER_TAKEN', `第 ${number} 期已存在`, { number: '期号已存在' });
}
