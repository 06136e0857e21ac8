import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';

/**
 * Read-only queries of the public site. Everything here shows only what the public may see: the
 * portal's park, visible columns, published articles whose publish time has come, published
 * newsletter issues, active showcase items. Rendering (pages.ts) and caching (cache.ts) sit on top.
 */

export const PAGE_SIZE = 15;

/**
 * What the public sees of an article: published, or scheduled (fully approved, see
 * domain/editorial.ts) once its publish time has come — so a scheduled article appears at its time
 * even before the scheduler job flips it to 'published' (cache.ts expires pages at that moment).
 */
const isPublic = (alias: string): SQL =>
  sql.raw(`(${alias}.status in ('published', 'scheduled') and ${alias}.published_at <= now())`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Variants = Record<string, { mime?: string; width?: number } | undefined> | null;

/** The URL of a stored file (served by the newsroom's /media route), preferring the given variants. */
export function mediaUrl(
  id: string | null | undefined,
  variants: Variants,
  prefer: string[] = ['large', 'medium', 'original'],
): string | null {
  if (!id) return null;
  const name = prefer.find((v) => variants?.[v]) ?? 'original';
  return `/media/${id}/${name}`;
}

/** The park the public site shows: the first one created (a deployment serves one portal). */
export async function findPortalParkId(db: Db): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from org_nodes where kind = 'park' order by created_at, id limit 1`,
  );
  return rows[0]?.id ?? null;
}

export interface SiteSettings {
  parkName: string;
  siteTitle: string;
  heroSlogan: string;
  heroText: string | null;
  heroImageUrl: string | null;
  musicUrl: string | null;
  musicMime: string | null;
  musicTitle: string | null;
  footerText: string | null;
}

export async function getSiteSettings(db: Db, parkId: string): Promise<SiteSettings> {
  const rows = await queryRows<{
    park_name: string;
    site_title: string | null;
    hero_slogan: string | null;
    hero_text: string | null;
    hero_image_id: string | null;
    hero_variants: Variants;
    music_media_id: string | null;
    music_mime: string | null;
    music_title: string | null;
    footer_text: string | null;
  }>(
    db,
    sql`select p.name as park_name, s.site_title, s.hero_slogan, s.hero_text,
          s.hero_image_id, hi.variants as hero_variants,
          s.music_media_id, mu.mime as music_mime, s.music_title, s.footer_text
        from org_nodes p
        left join portal_settings s on s.park_id = p.id
        left join media_files hi on hi.id = s.hero_image_id and hi.park_id = p.id
        left join media_files mu on mu.id = s.music_media_id and mu.park_id = p.id
        where p.id = ${parkId}`,
  );
  const r = rows[0];
  return {
    parkName: r?.park_name ?? '',
    siteTitle: r?.site_title || '校园党建',
    heroSlogan: r?.hero_slogan || '不忘初心 牢记使命',
    heroText: r?.hero_text ?? null,
    heroImageUrl: r?.hero_image_id ? mediaUrl(r.hero_image_id, r.hero_variants, ['large', 'original']) : null,
    musicUrl: r?.music_media_id ? `/media/${r.music_media_id}/original` : null,
    musicMime: r?.music_mime ?? null,
    musicTitle: r?.music_title ?? null,
    footerText: r?.footer_text ?? null,
  };
}

export type ColumnKind = 'articleList' | 'singlePage' | 'downloadList';

export interface PublicColumn {
  id: string;
  name: string;
  slug: string;
  kind: ColumnKind;
  description: string | null;
}

export async function listVisibleColumns(db: Db, parkId: string): Promise<PublicColumn[]> {
  return queryRows<PublicColumn>(
    db,
    sql`select id, name, slug, kind, description from portal_columns
        where park_id = ${parkId} and visible order by sort_order, name`,
  );
}

export interface School {
  id: string;
  name: string;
}

export async function listSchools(db: Db, parkId: string): Promise<School[]> {
  return queryRows<School>(
    db,
    sql`select id, name from org_nodes
        where park_id = ${parkId} and kind = 'school' and disabled_at is null
        order by sort_order, created_at, name`,
  );
}

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

interface CardRow {
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

const CARD_COLUMNS = sql.raw(`a.id, a.title, a.subtitle, a.summary, a.published_at, a.pinned,
  a.cover_media_id, cm.variants as cover_variants, sc.name as school_name`);
const CARD_JOINS = sql.raw(`left join media_files cm on cm.id = a.cover_media_id
  left join org_nodes sc on sc.id = a.school_id`);

const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

function toCard(r: CardRow): ArticleCard {
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

export interface ShowcaseSlide {
  id: string;
  kind: 'article' | 'photo';
  title: string;
  caption: string | null;
  summary: string | null;
  imageUrl: string | null;
  date: string | null;
  articleId: string | null;
  durationSeconds: number;
}

/** The active showcase slides right now, in order; article slides only while the article is public. */
export async function listShowcaseSlides(db: Db, parkId: string): Promise<ShowcaseSlide[]> {
  const rows = await queryRows<{
    id: string;
    kind: 'article' | 'photo';
    title: string | null;
    caption: string | null;
    duration_seconds: number;
    article_id: string | null;
    a_title: string | null;
    a_summary: string | null;
    a_published_at: Date | string | null;
    image_id: string | null;
    image_variants: Variants;
  }>(
    db,
    sql`select s.id, s.kind, s.title, s.caption, s.duration_seconds, s.article_id,
          a.title as a_title, a.summary as a_summary, a.published_at as a_published_at,
          coalesce(s.media_id, a.cover_media_id) as image_id, m.variants as image_variants
        from showcase_items s
        left join portal_articles a on a.id = s.article_id and a.park_id = ${parkId}
        left join media_files m on m.id = coalesce(s.media_id, a.cover_media_id) and m.park_id = ${parkId}
        where s.park_id = ${parkId} and s.active
          and (s.starts_at is null or s.starts_at <= now())
          and (s.ends_at is null or s.ends_at > now())
          and (s.kind = 'photo' and s.media_id is not null and m.id is not null
               or s.kind = 'article' and a.id is not null and ${isPublic('a')})
        order by s.sort_order, s.created_at, s.id`,
  );
  return rows.map((r) => {
    const published = r.a_published_at ? toDate(r.a_published_at) : null;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title || r.a_title || '',
      caption: r.caption,
      summary: r.a_summary,
      imageUrl: mediaUrl(r.image_id, r.image_variants, ['large', 'original']),
      date: published ? published.toISOString() : null,
      articleId: r.article_id,
      durationSeconds: Math.min(Math.max(Number(r.duration_seconds) || 12, 4), 600),
    };
  });
}

/**
 * The next moment the public content changes by the clock alone: an article whose publish time
 * comes, a showcase item that starts or ends. cache.ts expires everything then.
 */
export async function nextTimedChange(db: Db, parkId: string): Promise<Date | null> {
  const rows = await queryRows<{ at: Date | string | null }>(
    db,
    sql`select least(
          (select min(published_at) from portal_articles
             where park_id = ${parkId} and status in ('published', 'scheduled') and published_at > now()),
          (select min(t) from (
             select starts_at as t from showcase_items where park_id = ${parkId} and active and starts_at > now()
             union all
             select ends_at from showcase_items where park_id = ${parkId} and active and ends_at > now()) x)
        ) as at`,
  );
  const at = rows[0]?.at;
  return at ? toDate(at) : null;
}
