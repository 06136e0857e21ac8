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

export async function getPublishedNewsletter(
  db: Db,
  parkId: string,
  id: string,
): Promise<NewsletterDetail | null> {
  if (!UUID.test(id)) return null;
  const issue = (await listPublishedNewsletters(db, parkId)).find((i) => i.id === id);
  if (!issue) return null;
  const rows = await queryRows<{
    id: string;
    title: string;
    summary: string | null;
    body_html: string;
    published_at: Date | string;
  }>(
    db,
    sql`select a.id, a.title, a.summary, a.body_html, a.published_at
        from newsletter_issue_articles ia join portal_articles a on a.id = ia.article_id
        where ia.issue_id = ${id} and a.park_id = ${parkId} and ${isPublic('a')}
        order by ia.sort_order, a.published_at`,
  );
  return {
    ...issue,
    articles: rows.map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      bodyHtml: r.body_html,
      publishedAt: toDate(r.published_at),
    })),
  };
}
