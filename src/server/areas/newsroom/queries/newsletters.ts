import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { newsletterIssueArticles, newsletterIssues, portalArticles } from '../../../platform/db/schema/index';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canUseNewsroom } from '../policy';
import { presentIssue, type IssueFull } from '../presenter';
import { NEWSLETTER_MASTHEAD, renderIssueDocx, renderIssueHtml } from '../newsletterDocument';
import { getPortalSettingsRow } from './settings';
import type { Storage } from '../../../platform/storage';
import { mediaImageLoader } from '../newsletterImages';

/** 简讯 issues: numbered, composed from published articles, listed on the site once published. */

export async function loadIssue(db: Db, parkId: string, id: string): Promise<IssueFull> {
  const [issue] = await db
    .select()
    .from(newsletterIssues)
    .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.parkId, parkId)));
  if (!issue) throw notFound('简讯不存在');
  const articles = await db
    .select({
      id: portalArticles.id,
      title: portalArticles.title,
      subtitle: portalArticles.subtitle,
      author: portalArticles.author,
      source: portalArticles.source,
      publishedAt: portalArticles.publishedAt,
      bodyHtml: portalArticles.bodyHtml,
      status: portalArticles.status,
    })
    .from(newsletterIssueArticles)
    .innerJoin(portalArticles, eq(portalArticles.id, newsletterIssueArticles.articleId))
    .where(eq(newsletterIssueArticles.issueId, id))
    .orderBy(asc(newsletterIssueArticles.sortOrder));
  return { issue, articles };
}

export async function listIssues(db: Db, actor: Actor, opts: { page: number; pageSize: number }) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const where = eq(newsletterIssues.parkId, actor.parkId);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({
        issue: newsletterIssues,
        articleCount: sql<number>`(select count(*)::int from ${newsletterIssueArticles} ia where ia.issue_id = ${newsletterIssues.id})`,
      })
      .from(newsletterIssues)
      .where(where)
      .orderBy(desc(newsletterIssues.number))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(newsletterIssues)
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      ...presentIssue({ issue: r.issue, articles: [] }),
      articleCount: Number(r.articleCount),
    })),
    total,
    page: opts.page,
    pageSize: opts.pageSize,
  };
}

export async function getIssue(db: Db, actor: Actor, id: string) {
  if (!canUseNewsroom(actor)) throw forbidden();
  return presentIssue(await loadIssue(db, actor.parkId, id));
}

/** Who publishes the bulletin: the park's general branch. */
export async function publisherName(db: Db, parkId: string): Promise<string> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from org_nodes where park_id = ${parkId} and kind = 'generalBranch' order by created_at limit 1`,
  );
  const name = rows[0]?.name;
  if (name) return name;
  return (await getPortalSettingsRow(db, parkId)).siteTitle;
}

async function issueForExport(db: Db, actor: Actor, id: string) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const full = await loadIssue(db, actor.parkId, id);
  const publisher = await publisherName(db, actor.parkId);
  const fileName = `${full.issue.title || NEWSLETTER_MASTHEAD}第${full.issue.number}期`;
  return { full, publisher, fileName };
}

/** The issue as a Word bulletin, its articles' pictures read from the media storage. */
export async function exportIssueDocx(
  db: Db,
  actor: Actor,
  id: string,
  media: { storage: Storage; siteUrl?: string },
) {
  const { full, publisher, fileName } = await issueForExport(db, actor, id);
  const body = await renderIssueDocx(full, publisher, {
    loadImage: mediaImageLoader(db, media.storage, actor.parkId),
    siteUrl: media.siteUrl,
  });
  return { body, fileName: `${fileName}.docx` };
}

/** The issue as a printable web page. */
export async function exportIssueHtml(db: Db, actor: Actor, id: string) {
  const { full, publisher, fileName } = await issueForExport(db, actor, id);
  return { body: renderIssueHtml(full, publisher), fileName: `${fileName}.html` };
}
