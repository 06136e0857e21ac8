import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, toDate, UUID } from './common';

/** Published newsletter issues and the public articles in them. */

export interface NewsletterSummary {
  id: string;
  number: number;
  issueDate: string;
  title: string;
  editorNote: string | null;
  articleCount: number;
}

export async function listPublishedNewsletters(db: Db, parkId: string): Promise<NewsletterSummary[]> {
  const rows = await queryRows<{
    id: string;
    number: number;
    issue_date: string | Date;
    title: string;
    editor_note: string | null;
    n: number;
  }>(
    db,
    sql`select i.id, i.number, i.issue_date::text as issue_date, i.title, i.editor_note,
          (select count(*)::int from newsletter_issue_articles ia
             join portal_articles a on a.id = ia.article_id
             where ia.issue_id = i.id and ${isPublic('a')}) as n
        from newsletter_issues i
        where i.park_id = ${parkId} and i.status = 'published'
        order by i.issue_date desc, i.number desc`,
  );
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    issueDate: String(r.issue_date),
    title: r.title,
    editorNote: r.editor_note,
    articleCount: Number(r.n),
  }));
}

export interface NewsletterDetail extends NewsletterSummary {
  articles: { id: string; title: string; summary: string | null; bodyHtml: string; publishedAt: Date }[];
}

/** A published issue with its public articles, in one statement. */
export async function getPublishedNewsletter(
  db: Db,
  parkId: string,
  id: string,
): Promise<NewsletterDetail | null> {
  if (!UUID.test(id)) return null;
  const [r] = await queryRows<{
    id: string;
    number: number;
    issue_date: string;
    title: string;
    editor_note: string | null;
    articles: { id: string; title: string; summary: string | null; bodyHtml: string; publishedAt: string }[];
  }>(
    db,
    sql`select i.id, i.number, i.issue_date::text as issue_date, i.title, i.editor_note,
          coalesce((select json_agg(json_build_object('id', a.id, 'title', a.title, 'summary', a.summary,
                      'bodyHtml', a.body_html, 'publishedAt', a.published_at)
                      order by ia.sort_order, a.published_at)
                    from newsletter_issue_articles ia join portal_articles a on a.id = ia.article_id
                    where ia.issue_id = i.id and a.park_id = ${parkId} and ${isPublic('a')}), '[]') as articles
        from newsletter_issues i
        where i.id = ${id} and i.park_id = ${parkId} and i.status = 'published'`,
  );
  if (!r) return null;
  return {
    id: r.id,
    number: Number(r.number),
    issueDate: String(r.issue_date),
    title: r.title,
    editorNote: r.editor_note,
    articleCount: r.articles.length,
    articles: r.articles.map((a) => ({ ...a, publishedAt: toDate(a.publishedAt) })),
  };
}
