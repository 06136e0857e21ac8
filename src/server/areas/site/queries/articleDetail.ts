import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, mediaUrl, PAGE_SIZE, toDate, UUID } from './common';
import { CARD_COLUMNS, CARD_JOINS, toCard, type ArticleCard, type CardRow } from './articles';
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
  /** Visible columns the article is in, in column order. */
  columns: PublicColumn[];
  attachments: Attachment[];
}

const DETAIL_COLUMNS = sql.raw(`a.body_html, a.author, a.source, a.tags, a.view_count, a.updated_at,
  a.school_id`);

interface DetailRow extends CardRow {
  body_html: string;
  author: string | null;
  source: string | null;
  tags: string[] | null;
  view_count: number;
  updated_at: Date | string;
  school_id: string | null;
}

async function completeDetail(db: Db, parkId: string, r: DetailRow): Promise<ArticleDetail> {
  const [columns, attachments] = await Promise.all([
    queryRows<PublicColumn>(
      db,
      sql`select c.id, c.name, c.slug, c.kind, c.description
          from portal_article_columns ac join portal_columns c on c.id = ac.column_id
          where ac.article_id = ${r.id} and c.park_id = ${parkId} and c.visible
          order by c.sort_order, c.name`,
    ),
    queryRows<{ id: string; original_name: string; mime: string; ext: string; size: number | string }>(
      db,
      sql`select m.id, m.original_name, m.mime, m.ext, m.size
          from portal_article_attachments t join media_files m on m.id = t.media_id
          where t.article_id = ${r.id} and m.park_id = ${parkId}
          order by t.sort_order, m.original_name`,
    ),
  ]);
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
    columns,
    attachments: attachments.map((m) => ({
      mediaId: m.id,
      name: m.original_name,
      mime: m.mime,
      ext: m.ext,
      size: Number(m.size),
    })),
  };
}

export async function getPublicArticle(db: Db, parkId: string, id: string): Promise<ArticleDetail | null> {
  if (!UUID.test(id)) return null;
  const rows = await queryRows<DetailRow>(
    db,
    sql`select ${CARD_COLUMNS}, ${DETAIL_COLUMNS} from portal_articles a ${CARD_JOINS}
        where a.id = ${id} and a.park_id = ${parkId} and ${isPublic('a')}`,
  );
  return rows[0] ? completeDetail(db, parkId, rows[0]) : null;
}

/** The page of a single-page column (园区概况): its pinned or else newest public article. */
export async function getColumnPage(db: Db, parkId: string, columnId: string): Promise<ArticleDetail | null> {
  const rows = await queryRows<DetailRow>(
    db,
    sql`select ${CARD_COLUMNS}, ${DETAIL_COLUMNS} from portal_article_columns ac
        join portal_articles a on a.id = ac.article_id ${CARD_JOINS}
        where ac.column_id = ${columnId} and ac.park_id = ${parkId} and a.park_id = ${parkId}
          and ${isPublic('a')}
        order by a.pinned desc, a.published_at desc, a.id desc limit 1`,
  );
  return rows[0] ? completeDetail(db, parkId, rows[0]) : null;
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
  const [countRow] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n ${from}`);
  const rows = await queryRows<{
    id: string;
    original_name: string;
    mime: string;
    ext: string;
    size: number | string;
    article_id: string;
    title: string;
    published_at: Date | string;
  }>(
    db,
    sql`select m.id, m.original_name, m.mime, m.ext, m.size, a.id as article_id, a.title, a.published_at
        ${from}
        order by a.published_at desc, a.id desc, t.sort_order, m.original_name
        limit ${size} offset ${(opts.page - 1) * size}`,
  );
  return {
    total: Number(countRow?.n ?? 0),
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
