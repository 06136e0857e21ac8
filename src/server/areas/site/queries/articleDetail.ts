import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, mediaUrl, PAGE_SIZE, PUBLIC_STATUSES, publicCondition, toDate, UUID } from './common';
import { CARD_COLUMNS_TEXT, CARD_JOINS_TEXT, toCard, type ArticleCard, type CardRow } from './articles';
import { executePrepared, prepared } from '../../../platform/db/prepared';
import type { PublicColumn } from './site';

/** One public article with its body, columns and attachments; a column's downloads. */

export interface Attachment {
  mediaId: string;
  name: string;
  mime: string;
  ext: string;
  size: number;
}

export interface ArticleDetail extends ArticleCard {
  bodyHtml: string;
  author: string | null;
  source: string | null;
  tags: string[];
  viewCount: number;
  updatedAt: Date;
  schoolId: string | null;
  coverLargeUrl: string | null;
  /** The cover's description (the editor's), or null: the page then says 《title》配图. */
  coverAlt: string | null;
  /** Visible columns the article is in, in column order. */
  columns: PublicColumn[];
  attachments: Attachment[];
}

/** The article's visible columns (in column order, the first is the one its page sits in) and attachments. */
const DETAIL_TEXT = `${CARD_COLUMNS_TEXT}, a.body_html, a.author, a.source, a.tags, a.cover_alt,
  coalesce(vw.views, 0) as view_count,
  a.updated_at, a.school_id, coalesce(cols.list, '[]') as columns, coalesce(att.list, '[]') as attachments`;
const DETAIL_JOINS = `${CARD_JOINS_TEXT}
  left join portal_article_views vw on vw.article_id = a.id
  left join lateral (
    select json_agg(json_build_object('id', c.id, 'name', c.name, 'slug', c.slug, 'kind', c.kind,
             'description', c.description) order by c.sort_order, c.name) as list,
           (array_agg(c.id order by c.sort_order, c.name))[1] as first_id
    from portal_article_columns ac join portal_columns c on c.id = ac.column_id
    where ac.article_id = a.id and c.park_id = $1 and c.visible) cols on true
  left join lateral (
    select json_agg(json_build_object('mediaId', m.id, 'name', m.original_name, 'mime', m.mime,
             'ext', m.ext, 'size', m.size) order by t.sort_order, m.original_name) as list
    from portal_article_attachments t join media_files m on m.id = t.media_id
    where t.article_id = a.id and m.park_id = $1) att on true`;

/**
 * The article next to `a` in its first column's date order: older (prev) or newer (next). One
 * branch per public status, because the public index (park, status, published_at) is in date order
 * only within one status; each branch walks it from the article and stops at the first row in the
 * column, so a neighbour costs a few index entries, not a sort of the column.
 */
function neighbour(direction: 'older' | 'newer'): string {
  const cmp = direction === 'older' ? '<' : '>';
  const order = direction === 'older' ? 'desc' : 'asc';
  const branch = (status: string) => `(select p.id, p.title, p.published_at from portal_articles p
      where p.park_id = $1 and p.status = '${status}' and p.published_at <= now()
        and p.published_at ${cmp}= a.published_at and (p.published_at ${cmp} a.published_at or p.id ${cmp} a.id)
        and exists (select 1 from portal_article_columns pc
                    where pc.article_id = p.id and pc.column_id = cols.first_id)
      order by p.published_at ${order}, p.id ${order} limit 1)`;
  return `select x.id, x.title from (${PUBLIC_STATUSES.map(branch).join(' union all ')}) x
    order by x.published_at ${order}, x.id ${order} limit 1`;
}

/** An article page's one statement: $1 park, $2 article. */
const ARTICLE_PAGE = prepared(
  'article_page',
  ['uuid', 'uuid'],
  `select ${DETAIL_TEXT}, prev.id as prev_id, prev.title as prev_title, next.id as next_id,
     next.title as next_title
   from portal_articles a ${DETAIL_JOINS}
   left join lateral (${neighbour('older')}) prev on true
   left join lateral (${neighbour('newer')}) next on true
   where a.id = $2 and a.park_id = $1 and ${publicCondition('a')}`,
);

/** A single-page column's page (园区概况): its pinned or else newest public article. $1 park, $2 column. */
const COLUMN_PAGE = prepared(
  'column_page',
  ['uuid', 'uuid'],
  `select ${DETAIL_TEXT}
   from portal_article_columns pac join portal_articles a on a.id = pac.article_id ${DETAIL_JOINS}
   where pac.column_id = $2 and pac.park_id = $1 and a.park_id = $1 and ${publicCondition('a')}
   order by a.pinned desc, a.published_at desc, a.id desc limit 1`,
);

interface DetailRow extends CardRow {
  body_html: string;
  cover_alt: string | null;
  author: string | null;
  source: string | null;
  tags: string[] | null;
  view_count: number;
  updated_at: Date | string;
  school_id: string | null;
  columns: PublicColumn[];
  attachments: { mediaId: string; name: string; mime: string; ext: string; size: number | string }[];
}

function toDetail(r: DetailRow): ArticleDetail {
  return {
    ...toCard(r),
    bodyHtml: r.body_html,
    author: r.author,
    source: r.source,
    tags: r.tags ?? [],
    viewCount: Number(r.view_count),
    updatedAt: toDate(r.updated_at),
    schoolId: r.school_id,
    coverLargeUrl: mediaUrl(r.cover_media_id, r.cover_variants, ['large', 'original']),
    coverAlt: r.cover_alt,
    columns: r.columns,
    attachments: r.attachments.map((m) => ({ ...m, size: Number(m.size) })),
  };
}

export interface ArticleLink {
  id: string;
  title: string;
}

export interface ArticlePage {
  article: ArticleDetail;
  /** The neighbours in the article's first column: prev = older, next = newer. */
  nav: { prev: ArticleLink | null; next: ArticleLink | null };
}

/** A public article with everything its page shows, in one statement. */
export async function getPublicArticlePage(db: Db, parkId: string, id: string): Promise<ArticlePage | null> {
  if (!UUID.test(id)) return null;
  const [r] = await executePrepared<
    DetailRow & { prev_id: string | null; prev_title: string; next_id: string | null; next_title: string }
  >(db, ARTICLE_PAGE, [{ uuid: parkId }, { uuid: id }]);
  if (!r) return null;
  return {
    article: toDetail(r),
    nav: {
      prev: r.prev_id ? { id: r.prev_id, title: r.prev_title } : null,
      next: r.next_id ? { id: r.next_id, title: r.next_title } : null,
    },
  };
}

/** The page of a single-page column (园区概况): its pinned or else newest public article. */
export async function getColumnPage(db: Db, parkId: string, columnId: string): Promise<ArticleDetail | null> {
  const [r] = await executePrepared<DetailRow>(db, COLUMN_PAGE, [{ uuid: parkId }, { uuid: columnId }]);
  return r ? toDetail(r) : null;
}

export interface DownloadItem extends Attachment {
  articleId: string;
  articleTitle: string;
  publishedAt: Date;
}

/** A download-list column: the attachments of its public articles, newest first. */
export async function listColumnDownloads(
  db: Db,
  parkId: string,
  columnId: string,
  opts: { page: number; pageSize?: number },
): Promise<{ items: DownloadItem[]; total: number }> {
  const size = opts.pageSize ?? PAGE_SIZE;
  const from = sql`from portal_article_columns ac
    join portal_articles a on a.id = ac.article_id
    join portal_article_attachments t on t.article_id = a.id
    join media_files m on m.id = t.media_id and m.park_id = ${parkId}
    where ac.column_id = ${columnId} and ac.park_id = ${parkId} and a.park_id = ${parkId}
      and ${isPublic('a')}`;
  // The total rides along on every row (a page past the end has none, and is a 404 anyway).
  const rows = await queryRows<{
    id: string;
    original_name: string;
    mime: string;
    ext: string;
    size: number | string;
    article_id: string;
    title: string;
    published_at: Date | string;
    total: number;
  }>(
    db,
    sql`select m.id, m.original_name, m.mime, m.ext, m.size, a.id as article_id, a.title, a.published_at,
          (count(*) over ())::int as total
        ${from}
        order by a.published_at desc, a.id desc, t.sort_order, m.original_name
        limit ${size} offset ${(opts.page - 1) * size}`,
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((r) => ({
      mediaId: r.id,
      name: r.original_name,
      mime: r.mime,
      ext: r.ext,
      size: Number(r.size),
      articleId: r.article_id,
      articleTitle: r.title,
      publishedAt: toDate(r.published_at),
    })),
  };
}
