import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, mediaUrl, PAGE_SIZE, publicCondition, toDate, type Variants } from './common';
import { executePrepared, prepared } from '../../../platform/db/prepared';

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

/** What a list shows of an article (never its body or search terms), as text for prepared statements. */
export const CARD_COLUMNS_TEXT = `a.id, a.title, a.subtitle, a.summary, a.published_at, a.pinned,
  a.cover_media_id, cm.variants as cover_variants, sc.name as school_name`;
export const CARD_JOINS_TEXT = `left join media_files cm on cm.id = a.cover_media_id
  left join org_nodes sc on sc.id = a.school_id`;
export const CARD_COLUMNS = sql.raw(CARD_COLUMNS_TEXT);
export const CARD_JOINS = sql.raw(CARD_JOINS_TEXT);

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

/**
 * The home page's articles in one statement: the pinned ones, newest first (the carousel), and the
 * latest `perColumn` of every column. Ranks are computed over the lean (column, article, date) rows;
 * card columns are read only for the rows shown.
 */
export async function homeArticles(
  db: Db,
  parkId: string,
  opts: { pinned: number; perColumn: number },
): Promise<{ pinned: ArticleCard[]; latest: Map<string, ArticleCard[]> }> {
  const rows = await queryRows<CardRow & { column_id: string | null }>(
    db,
    sql`with latest as (
          select column_id, id, rn from (
            select ac.column_id, a.id,
              row_number() over (partition by ac.column_id order by a.published_at desc, a.id desc) as rn
            from portal_article_columns ac join portal_articles a on a.id = ac.article_id
            where ac.park_id = ${parkId} and a.park_id = ${parkId} and ${isPublic('a')}
          ) t where rn <= ${opts.perColumn}
        ), pinned as (
          select null::uuid as column_id, a.id,
            row_number() over (order by a.published_at desc, a.id desc) as rn
          from portal_articles a
          where a.park_id = ${parkId} and a.pinned and ${isPublic('a')}
          order by a.published_at desc, a.id desc limit ${opts.pinned}
        ), picks as (select * from latest union all select * from pinned)
        select picks.column_id, ${CARD_COLUMNS}
        from picks join portal_articles a on a.id = picks.id ${CARD_JOINS}
        order by picks.column_id nulls first, picks.rn`,
  );
  const pinned: ArticleCard[] = [];
  const latest = new Map<string, ArticleCard[]>();
  for (const r of rows) {
    if (r.column_id === null) {
      pinned.push(toCard(r));
      continue;
    }
    const list = latest.get(r.column_id) ?? [];
    list.push(toCard(r));
    latest.set(r.column_id, list);
  }
  return { pinned, latest };
}

export interface ColumnArticlesPage {
  items: ArticleCard[];
  /** Public articles in the column (of the school, when one is chosen). */
  total: number;
  /** The schools the column has public articles from (the school filter shows only these). */
  schoolIds: string[];
}

/**
 * A column page's one statement: $1 park, $2 column, $3 school or null, $4 page size, $5 offset.
 * The column's public articles are read once (lean rows); the count, the schools and the page's
 * cards come from them. Without any article the statement still returns one row (the totals).
 */
const COLUMN_ARTICLES = prepared(
  'column_articles',
  ['uuid', 'uuid', 'uuid', 'int', 'int'],
  `with m as materialized (
     select a.id, a.school_id, a.pinned, a.published_at
     from portal_article_columns ac join portal_articles a on a.id = ac.article_id
     where ac.column_id = $2 and ac.park_id = $1 and a.park_id = $1 and ${publicCondition('a')}
   )
   select t.total, t.school_ids, c.*
   from (select (count(*) filter (where $3::uuid is null or m.school_id = $3))::int as total,
                coalesce(array_agg(distinct m.school_id::text) filter (where m.school_id is not null),
                         '{}') as school_ids
         from m) t
   left join lateral (
     select ${CARD_COLUMNS_TEXT} from m join portal_articles a on a.id = m.id ${CARD_JOINS_TEXT}
     where $3::uuid is null or m.school_id = $3
     order by m.pinned desc, m.published_at desc, m.id desc limit $4 offset $5) c on true`,
);

/** One page of a column's public articles, pinned first, optionally of one school. */
export async function columnArticlesPage(
  db: Db,
  parkId: string,
  columnId: string,
  opts: { schoolId?: string | null; page: number; pageSize?: number },
): Promise<ColumnArticlesPage> {
  const size = opts.pageSize ?? PAGE_SIZE;
  const rows = await executePrepared<
    Omit<CardRow, 'id'> & { id: string | null; total: number; school_ids: string[] }
  >(db, COLUMN_ARTICLES, [
    { uuid: parkId },
    { uuid: columnId },
    { uuid: opts.schoolId ?? null },
    { int: size },
    { int: (opts.page - 1) * size },
  ]);
  return {
    total: Number(rows[0]?.total ?? 0),
    schoolIds: rows[0]?.school_ids ?? [],
    items: rows.flatMap((r) => (r.id === null ? [] : [toCard({ ...r, id: r.id })])),
  };
}

export interface FeedItem {
  id: string;
  title: string;
  summary: string | null;
  /** Only for an article without a summary (its description is cut from the body); '' otherwise. */
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
    // The body only where there is no summary: the feed's description is then cut from it.
    sql`select a.id, a.title, a.summary,
          case when coalesce(a.summary, '') = '' then a.body_html else '' end as body_html,
          a.author, a.published_at from portal_articles a
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
