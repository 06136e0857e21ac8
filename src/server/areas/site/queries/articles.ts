import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, mediaUrl, PAGE_SIZE, toDate, type Variants } from './common';

/** Public articles as lists: the home page's blocks, column pages, neighbours, feeds, the sitemap. */

export interface ArticleCard {
  id: string;
  title: string;
  subtitle: string | null;
  summary: string | null;
  publishedAt: Date;
  coverUrl: string | null;
  schoolName: string | null;
  pinned: boolean;
}

export interface CardRow {
  id: string;
  title: string;
  subtitle: string | null;
  summary: string | null;
  published_at: Date | string;
  cover_media_id: string | null;
  cover_variants: Variants;
  school_name: string | null;
  pinned: boolean;
}

export const CARD_COLUMNS = sql.raw(`a.id, a.title, a.subtitle, a.summary, a.published_at, a.pinned,
  a.cover_media_id, cm.variants as cover_variants, sc.name as school_name`);
export const CARD_JOINS = sql.raw(`left join media_files cm on cm.id = a.cover_media_id
  left join org_nodes sc on sc.id = a.school_id`);

export function toCard(r: CardRow): ArticleCard {
  return {
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    publishedAt: toDate(r.published_at),
    coverUrl: mediaUrl(r.cover_media_id, r.cover_variants, ['medium', 'large', 'original']),
    schoolName: r.school_name,
    pinned: r.pinned,
  };
}

/** The latest `perColumn` public articles of every column, in one query. */
export async function latestByColumn(
  db: Db,
  parkId: string,
  perColumn: number,
): Promise<Map<string, ArticleCard[]>> {
  const rows = await queryRows<CardRow & { column_id: string }>(
    db,
    sql`select * from (
          select ac.column_id, ${CARD_COLUMNS},
            row_number() over (partition by ac.column_id order by a.published_at desc, a.id desc) as rn
          from portal_article_columns ac
          join portal_articles a on a.id = ac.article_id
          ${CARD_JOINS}
          where ac.park_id = ${parkId} and a.park_id = ${parkId} and ${isPublic('a')}
        ) t where rn <= ${perColumn}
        order by column_id, rn`,
  );
  const out = new Map<string, ArticleCard[]>();
  for (const r of rows) {
    const list = out.get(r.column_id) ?? [];
    list.push(toCard(r));
    out.set(r.column_id, list);
  }
  return out;
}

/** Pinned public articles, newest first (the home page carousel). */
export async function listPinned(db: Db, parkId: string, limit: number): Promise<ArticleCard[]> {
  const rows = await queryRows<CardRow>(
    db,
    sql`select ${CARD_COLUMNS} from portal_articles a ${CARD_JOINS}
        where a.park_id = ${parkId} and a.pinned and ${isPublic('a')}
        order by a.published_at desc, a.id desc limit ${limit}`,
  );
  return rows.map(toCard);
}

/** One page of a column's public articles, pinned first, optionally of one school. */
export async function listColumnArticles(
  db: Db,
  parkId: string,
  columnId: string,
  opts: { schoolId?: string | null; page: number; pageSize?: number },
): Promise<{ items: ArticleCard[]; total: number }> {
  const size = opts.pageSize ?? PAGE_SIZE;
  const school = opts.schoolId ? sql`and a.school_id = ${opts.schoolId}` : sql``;
  const where = sql`ac.column_id = ${columnId} and ac.park_id = ${parkId} and a.park_id = ${parkId}
    and ${isPublic('a')} ${school}`;
  const [countRow] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from portal_article_columns ac
        join portal_articles a on a.id = ac.article_id where ${where}`,
  );
  const rows = await queryRows<CardRow>(
    db,
    sql`select ${CARD_COLUMNS} from portal_article_columns ac
        join portal_articles a on a.id = ac.article_id ${CARD_JOINS}
        where ${where}
        order by a.pinned desc, a.published_at desc, a.id desc
        limit ${size} offset ${(opts.page - 1) * size}`,
  );
  return { items: rows.map(toCard), total: Number(countRow?.n ?? 0) };
}

/** The schools that a column has public articles from (the school filter shows only these). */
export async function schoolsInColumn(db: Db, parkId: string, columnId: string): Promise<string[]> {
  const rows = await queryRows<{ school_id: string }>(
    db,
    sql`select distinct a.school_id from portal_article_columns ac
        join portal_articles a on a.id = ac.article_id
        where ac.column_id = ${columnId} and ac.park_id = ${parkId} and a.park_id = ${parkId}
          and a.school_id is not null and ${isPublic('a')}`,
  );
  return rows.map((r) => r.school_id);
}

export interface ArticleLink {
  id: string;
  title: string;
}

/** The neighbours of an article in a column's date order: prev = older, next = newer. */
export async function prevNextInColumn(
  db: Db,
  parkId: string,
  columnId: string,
  article: { id: string; publishedAt: Date },
): Promise<{ prev: ArticleLink | null; next: ArticleLink | null }> {
  const base = sql`from portal_article_columns ac join portal_articles a on a.id = ac.article_id
    where ac.column_id = ${columnId} and ac.park_id = ${parkId} and a.park_id = ${parkId}
      and ${isPublic('a')}`;
  const at = article.publishedAt.toISOString();
  const [prev, next] = await Promise.all([
    queryRows<ArticleLink>(
      db,
      sql`select a.id, a.title ${base}
          and (a.published_at < ${at}::timestamptz
               or (a.published_at = ${at}::timestamptz and a.id < ${article.id}))
          order by a.published_at desc, a.id desc limit 1`,
    ),
    queryRows<ArticleLink>(
      db,
      sql`select a.id, a.title ${base}
          and (a.published_at > ${at}::timestamptz
               or (a.published_at = ${at}::timestamptz and a.id > ${article.id}))
          order by a.published_at asc, a.id asc limit 1`,
    ),
  ]);
  return { prev: prev[0] ?? null, next: next[0] ?? null };
}

export interface FeedItem {
  id: string;
  title: string;
  summary: string | null;
  bodyHtml: string;
  author: string | null;
  publishedAt: Date;
}

/** The newest public articles, of one column or of the whole site (RSS). */
export async function feedItems(
  db: Db,
  parkId: string,
  columnId: string | null,
  limit: number,
): Promise<FeedItem[]> {
  const inColumn = columnId
    ? sql`and exists (select 1 from portal_article_columns ac
                      where ac.article_id = a.id and ac.column_id = ${columnId})`
    : sql``;
  const rows = await queryRows<{
    id: string;
    title: string;
    summary: string | null;
    body_html: string;
    author: string | null;
    published_at: Date | string;
  }>(
    db,
    sql`select a.id, a.title, a.summary, a.body_html, a.author, a.published_at from portal_articles a
        where a.park_id = ${parkId} and ${isPublic('a')} ${inColumn}
        order by a.published_at desc, a.id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.summary,
    bodyHtml: r.body_html,
    author: r.author,
    publishedAt: toDate(r.published_at),
  }));
}

/** Every public article's id and last change (sitemap.xml), newest first. */
export async function sitemapArticles(
  db: Db,
  parkId: string,
  limit: number,
): Promise<{ id: string; updatedAt: Date }[]> {
  const rows = await queryRows<{ id: string; updated_at: Date | string }>(
    db,
    sql`select a.id, greatest(a.updated_at, a.published_at) as updated_at from portal_articles a
        where a.park_id = ${parkId} and ${isPublic('a')}
        order by a.published_at desc, a.id desc limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, updatedAt: toDate(r.updated_at) }));
}
