import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { accounts } from './accounts';
import { orgNodes } from './org';

/**
 * The portal (「校园党建」 site) and its newsroom: columns, articles with revisions and an editorial
 * workflow, media files, newsletter issues, showcase items, per-park settings and daily view counts.
 * The workflow's states and transitions live in src/server/areas/newsroom/rules.ts.
 */

/** PostgreSQL tsvector; written and read as its text form (built in the app, see domain/searchText.ts). */
const tsvector = customType<{ data: string; driverData: string }>({
  dataType: () => 'tsvector',
});

/** 栏目. kind: 'articleList' | 'singlePage' | 'downloadList'. */
export const portalColumns = pgTable(
  'portal_columns',
  {
    id: id(),
    parkId: parkId(),
    name: text('name').notNull(),
    /** URL segment, [a-z0-9-], unique per park. */
    slug: text('slug').notNull(),
    kind: text('kind').notNull().default('articleList'),
    sortOrder: integer('sort_order').notNull().default(0),
    visible: boolean('visible').notNull().default(true),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('portal_columns_slug_uq').on(t.parkId, t.slug),
    index('portal_columns_park_idx').on(t.parkId, t.sortOrder),
    check('portal_columns_kind_ck', sql`${t.kind} in ('articleList','singlePage','downloadList')`),
  ],
);

/**
 * An uploaded file (image, attachment, audio, video). Stored under generated keys through
 * lib/storage.ts; `variants` maps a variant name ('original', 'large', 'medium', 'thumb') to
 * { key, mime, size, width?, height? }. Served at /media/<id>/<variant>.
 */
export const mediaFiles = pgTable(
  'media_files',
  {
    id: id(),
    parkId: parkId(),
    /** 'image' | 'attachment' | 'audio' | 'video': the allow-list it was accepted under. */
    purpose: text('purpose').notNull(),
    /** The detected content type of the original ('image/jpeg', 'application/pdf' …). */
    mime: text('mime').notNull(),
    ext: text('ext').notNull(),
    /** The uploader's file name, shown and used in Content-Disposition only; never a path on disk. */
    originalName: text('original_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    width: integer('width'),
    height: integer('height'),
    sha256: text('sha256').notNull(),
    variants: jsonb('variants').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('media_files_park_idx').on(t.parkId, t.createdAt)],
);

/**
 * 文章. status: see domain/editorial.ts ('draft' | 'submitted' | 'approved' | 'scheduled' |
 * 'published' | 'returned' | 'takenDown'). `schoolId` null = a park-level article; otherwise the
 * school it is tagged with (and the scope school editors reach it through).
 */
export const portalArticles = pgTable(
  'portal_articles',
  {
    id: id(),
    parkId: parkId(),
    title: text('title').notNull(),
    subtitle: text('subtitle'),
    summary: text('summary'),
    /** Sanitized HTML (lib/sanitize.ts); never stored unsanitized. */
    bodyHtml: text('body_html').notNull().default(''),
    coverMediaId: uuid('cover_media_id').references(() => mediaFiles.id, { onDelete: 'set null' }),
    /** What the cover shows, for readers who cannot see it (the article page's alt text). */
    coverAlt: text('cover_alt'),
    author: text('author'),
    source: text('source'),
    schoolId: uuid('school_id').references(() => orgNodes.id),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pinned: boolean('pinned').notNull().default(false),
    status: text('status').notNull().default('draft'),
    /** Requested publish time (scheduled publishing); null = on approval. */
    publishAt: timestamp('publish_at', { withTimezone: true }),
    /** When it went (or goes) public; the date shown on the site. */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Optimistic concurrency: incremented on every content save. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    updatedBy: uuid('updated_by').references(() => accounts.id, { onDelete: 'set null' }),
    submittedBy: uuid('submitted_by').references(() => accounts.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    approvedBy: uuid('approved_by').references(() => accounts.id, { onDelete: 'set null' }),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    signedOffBy: uuid('signed_off_by').references(() => accounts.id, { onDelete: 'set null' }),
    signedOffAt: timestamp('signed_off_at', { withTimezone: true }),
    returnReason: text('return_reason'),
    takedownReason: text('takedown_reason'),
    takenDownAt: timestamp('taken_down_at', { withTimezone: true }),
    /**
     * Search terms (platform/search/text.ts, built in the app): title (weight A) and body (weight B)
     * with positions. Matched only through its GIN index and read (for ts_rank) only for the
     * bounded candidate set of a search (areas/newsroom/search.ts); the migration sets its
     * statistics target to 0 so the planner always takes the index (see there).
     */
    termsTsv: tsvector('terms_tsv'),
    /** The title's terms alone, without positions (~130 bytes, stored inline): the title-hit test. */
    titleTsv: tsvector('title_tsv'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('portal_articles_public_idx').on(t.parkId, t.status, t.publishedAt),
    index('portal_articles_school_idx').on(t.parkId, t.schoolId, t.status),
    index('portal_articles_due_idx').on(t.status, t.publishAt),
    index('portal_articles_creator_idx').on(t.createdBy),
    // Search's date walk for broad queries (areas/newsroom/search.ts): newest first by the date a
    // hit shows, so the first matches are found without visiting every match.
    index('portal_articles_search_date_idx').on(
      t.parkId,
      sql`(coalesce(${t.publishedAt}, ${t.updatedAt})) desc`,
      sql`${t.id} desc`,
    ),
    // fastupdate off: a pending list would be scanned by every search until a vacuum merges it, and
    // PGlite has no autovacuum (see migration 0012_search.sql).
    index('portal_articles_terms_idx').using('gin', t.termsTsv).with({ fastupdate: false }),
    index('portal_articles_title_terms_idx').using('gin', t.titleTsv).with({ fastupdate: false }),
    check(
      'portal_articles_status_ck',
      sql`${t.status} in ('draft','submitted','approved','scheduled','published','returned','takenDown')`,
    ),
    check('portal_articles_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

/** Which columns an article appears in (many). */
export const portalArticleColumns = pgTable(
  'portal_article_columns',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticles.id, { onDelete: 'cascade' }),
    columnId: uuid('column_id')
      .notNull()
      .references(() => portalColumns.id, { onDelete: 'cascade' }),
    parkId: parkId(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.columnId] }),
    index('portal_article_columns_column_idx').on(t.columnId, t.articleId),
  ],
);

/** Attachments of an article, in order. */
export const portalArticleAttachments = pgTable(
  'portal_article_attachments',
  {
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticles.id, { onDelete: 'cascade' }),
    mediaId: uuid('media_id')
      .notNull()
      .references(() => mediaFiles.id),
    parkId: parkId(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.mediaId] }),
    index('portal_article_attachments_media_idx').on(t.mediaId),
  ],
);

/** Every save of title/body creates one; `createdBy` is who saved it (a reviewer's edit is theirs). */
export const portalArticleRevisions = pgTable(
  'portal_article_revisions',
  {
    id: id(),
    parkId: parkId(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticles.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    subtitle: text('subtitle'),
    summary: text('summary'),
    bodyHtml: text('body_html').notNull(),
    /** 'create' | 'save' | 'restore' */
    reason: text('reason').notNull().default('save'),
    /** For a restore: the revision number restored. */
    restoredFrom: integer('restored_from'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdByName: text('created_by_name'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('portal_article_revisions_uq').on(t.articleId, t.number)],
);

/** The workflow history of an article (also in the audit log; this one is for the console timeline). */
export const portalArticleEvents = pgTable(
  'portal_article_events',
  {
    id: id(),
    parkId: parkId(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticles.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    reason: text('reason'),
    actorAccountId: uuid('actor_account_id').references(() => accounts.id, { onDelete: 'set null' }),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('portal_article_events_article_idx').on(t.articleId, t.at)],
);

/** 简讯 issue. status: 'draft' | 'published'. */
export const newsletterIssues = pgTable(
  'newsletter_issues',
  {
    id: id(),
    parkId: parkId(),
    number: integer('number').notNull(),
    issueDate: date('issue_date').notNull(),
    title: text('title').notNull().default('「校园党建」简讯'),
    editorNote: text('editor_note'),
    status: text('status').notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('newsletter_issues_number_uq').on(t.parkId, t.number),
    index('newsletter_issues_park_idx').on(t.parkId, t.status, t.issueDate),
    check('newsletter_issues_status_ck', sql`${t.status} in ('draft','published')`),
  ],
);

export const newsletterIssueArticles = pgTable(
  'newsletter_issue_articles',
  {
    issueId: uuid('issue_id')
      .notNull()
      .references(() => newsletterIssues.id, { onDelete: 'cascade' }),
    articleId: uuid('article_id')
      .notNull()
      .references(() => portalArticles.id, { onDelete: 'cascade' }),
    parkId: parkId(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.issueId, t.articleId] })],
);

/** 宣传橱窗 slide. kind 'article' (articleId set) | 'photo' (mediaId set). */
export const showcaseItems = pgTable(
  'showcase_items',
  {
    id: id(),
    parkId: parkId(),
    kind: text('kind').notNull(),
    articleId: uuid('article_id').references(() => portalArticles.id, { onDelete: 'cascade' }),
    mediaId: uuid('media_id').references(() => mediaFiles.id),
    title: text('title'),
    caption: text('caption'),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Seconds on screen. */
    durationSeconds: integer('duration_seconds').notNull().default(12),
    active: boolean('active').notNull().default(true),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('showcase_items_park_idx').on(t.parkId, t.active, t.sortOrder),
    check('showcase_items_kind_ck', sql`${t.kind} in ('article','photo')`),
  ],
);

/** One row per park: hero, theme music, second-level sign-off switch. */
export const portalSettings = pgTable('portal_settings', {
  parkId: uuid('park_id').primaryKey(),
  siteTitle: text('site_title').notNull().default('校园党建'),
  heroSlogan: text('hero_slogan').notNull().default('不忘初心 牢记使命'),
  heroText: text('hero_text'),
  heroImageId: uuid('hero_image_id').references(() => mediaFiles.id, { onDelete: 'set null' }),
  /** The park's own emblem in the site's header and footer (the star when none is set). */
  logoMediaId: uuid('logo_media_id').references(() => mediaFiles.id, { onDelete: 'set null' }),
  musicMediaId: uuid('music_media_id').references(() => mediaFiles.id, { onDelete: 'set null' }),
  musicTitle: text('music_title'),
  footerText: text('footer_text'),
  /** When on, an approved article also needs the general branch's sign-off (portal.signoff). */
  signoffRequired: boolean('signoff_required').notNull().default(false),
  updatedBy: uuid('updated_by').references(() => accounts.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});

/**
 * Each article's all-time view total, apart from the article row: the view counter adds to it
 * every 30 s (areas/site/views.ts). Kept narrow on purpose: an update of the wide article row is
 * rarely HOT, so each would re-insert the article's ~1,300 search terms into the GIN index
 * (measured on PGlite with 5,000 articles: 1,000 counts took 5.8 s of the one database thread);
 * here an update rewrites 40 bytes. No row = no views yet.
 */
export const portalArticleViews = pgTable('portal_article_views', {
  articleId: uuid('article_id')
    .primaryKey()
    .references(() => portalArticles.id, { onDelete: 'cascade' }),
  views: integer('views').notNull().default(0),
});

/**
 * Views per day. kind 'article' | 'column' | 'site'; subjectId is the article/column id (the park id
 * for 'site'). Counted by the server in batches; no visitor data is stored.
 */
export const portalDailyViews = pgTable(
  'portal_daily_views',
  {
    parkId: parkId(),
    kind: text('kind').notNull(),
    subjectId: uuid('subject_id').notNull(),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subjectId, t.day] }),
    index('portal_daily_views_park_idx').on(t.parkId, t.kind, t.day),
  ],
);
