import { z } from 'zod';
import {
  day,
  id,
  idParams,
  instant,
  list,
  optionalText as optionalTextOf,
  page,
  pageQuery,
  rawText,
  searchText,
  text,
} from '../schemas';

/**
 * The newsroom (console side of the portal): request and response shapes of /api/portal — columns,
 * articles with revisions and the editorial workflow, media, search, newsletters, showcase,
 * settings and statistics. The server's routes and the console's api.ts both use these.
 */

// ---------------------------------------------------------------- vocabularies

export const ARTICLE_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'scheduled',
  'published',
  'returned',
  'takenDown',
] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const WORKFLOW_ACTIONS = [
  'submit',
  'withdraw',
  'approve',
  'return',
  'signOff',
  'publishDue',
  'takeDown',
  'reopen',
] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];
/** The actions a person may ask for (publishDue is the scheduler's). */
export const USER_WORKFLOW_ACTIONS = [
  'submit',
  'withdraw',
  'approve',
  'return',
  'signOff',
  'takeDown',
  'reopen',
] as const satisfies readonly WorkflowAction[];
export type UserWorkflowAction = (typeof USER_WORKFLOW_ACTIONS)[number];

export const ARTICLE_QUEUES = ['all', 'mine', 'review', 'signoff', 'scheduled'] as const;
export type ArticleQueue = (typeof ARTICLE_QUEUES)[number];

export const COLUMN_KINDS = ['articleList', 'singlePage', 'downloadList'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

/** A column's path on the public site. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const MEDIA_PURPOSES = ['image', 'attachment', 'audio', 'video'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

export const MAX_BODY_LENGTH = 1_000_000;

// ---------------------------------------------------------------- request pieces

/** Optional text where an empty string means "clear it" (stored as null). */
const optionalText = (max: number, label: string) =>
  optionalTextOf(label, max).transform((v) => (v === '' ? null : v));

/** A real calendar day (2025-02-31 is refused), worded as the console has always shown it. */
const isoDay = day('日期', '日期格式应为 YYYY-MM-DD');

/** An instant as the console's date pickers send it (ISO 8601, with or without a zone). */
const isoInstant = instant('时间', { local: true });

const columnBody = z.object({
  name: text('栏目名称', 30, '请输入栏目名称'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, '路径只能包含小写字母、数字和连字符，且不能以连字符开头或结尾（最多 40 个字符）'),
  kind: z.enum(COLUMN_KINDS, '栏目类型不正确'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  visible: z.boolean().optional(),
  description: optionalText(200, '栏目说明'),
});

const articleBody = z.object({
  title: text('标题', 200, '请输入标题'),
  subtitle: optionalText(200, '副标题'),
  summary: optionalText(500, '摘要'),
  bodyHtml: rawText('正文', MAX_BODY_LENGTH).optional(),
  coverMediaId: id('封面').nullable().optional(),
  coverAlt: optionalText(200, '封面图片说明'),
  author: optionalText(50, '作者'),
  source: optionalText(100, '来源'),
  schoolId: id('学校').nullable().optional(),
  columnIds: z.array(id('栏目')).max(12, '最多选择 12 个栏目').optional(),
  tags: z.array(text('标签', 20)).max(10, '最多 10 个标签').optional(),
  pinned: z.boolean().optional(),
  publishAt: isoInstant.nullable().optional(),
  attachmentIds: z.array(id('附件')).max(50, '最多 50 个附件').optional(),
});

const showcaseBody = z.object({
  kind: z.enum(['article', 'photo'], '类型不正确'),
  articleId: id('文章').nullable().optional(),
  mediaId: id('照片').nullable().optional(),
  title: optionalText(100, '标题'),
  caption: optionalText(300, '说明'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  durationSeconds: z.number().int().min(3, '每页至少停留 3 秒').max(300, '每页最多停留 300 秒').optional(),
  active: z.boolean().optional(),
  startsAt: isoInstant.nullable().optional(),
  endsAt: isoInstant.nullable().optional(),
});

const issueBody = z.object({
  number: z.number().int().min(1, '期号须为正整数').max(100000).optional(),
  issueDate: isoDay,
  title: text('刊名', 50).optional(),
  editorNote: optionalText(2000, '编者按'),
  articleIds: z.array(id('文章')).max(50, '一期最多 50 篇文章'),
});

const settingsBody = z.object({
  siteTitle: text('网站名称', 50, '请输入网站名称').optional(),
  heroSlogan: text('标语', 50, '请输入标语').optional(),
  heroText: optionalText(300, '首页导语'),
  heroImageId: id('首页大图').nullable().optional(),
  logoMediaId: id('网站标志').nullable().optional(),
  musicMediaId: id('背景音乐').nullable().optional(),
  musicTitle: optionalText(50, '曲名'),
  footerText: optionalText(300, '页脚'),
  signoffRequired: z.boolean().optional(),
});

const statsRange = { from: isoDay.optional(), to: isoDay.optional() };

const revisionParams = z.object({
  id: id(),
  number: z.coerce.number().int().min(1, '版本号不正确').max(1_000_000, '版本号不正确'),
});

// ---------------------------------------------------------------- responses

const isoTime = z.string().describe('ISO 8601 时间');

export const column = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(COLUMN_KINDS),
  kindLabel: z.string(),
  sortOrder: z.number(),
  visible: z.boolean(),
  description: z.string().nullable(),
  articleCount: z.number(),
});

export const school = z.object({ id: z.string(), name: z.string(), mine: z.boolean() });

export const media = z.object({
  id: z.string(),
  purpose: z.enum(MEDIA_PURPOSES),
  mime: z.string(),
  ext: z.string(),
  originalName: z.string(),
  size: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  url: z.string(),
  urls: z.record(z.string(), z.string()),
  createdAt: isoTime,
});

const columnRef = z.object({ id: z.string(), name: z.string(), slug: z.string() });

export const articleListItem = z.object({
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  summary: z.string().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  statusLabel: z.string(),
  pinned: z.boolean(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  columns: z.array(columnRef),
  tags: z.array(z.string()),
  author: z.string().nullable(),
  coverUrl: z.string().nullable(),
  publishAt: isoTime.nullable(),
  publishedAt: isoTime.nullable(),
  returnReason: z.string().nullable(),
  takedownReason: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  viewCount: z.number(),
  version: z.number(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const articleEvent = z.object({
  action: z.string(),
  actionLabel: z.string(),
  fromStatus: z.string(),
  toStatus: z.string(),
  reason: z.string().nullable(),
  actorName: z.string().nullable(),
  at: isoTime,
});

export const articleDetail = articleListItem.extend({
  bodyHtml: z.string(),
  source: z.string().nullable(),
  coverMediaId: z.string().nullable(),
  coverAlt: z.string().nullable(),
  attachments: z.array(media),
  submittedByName: z.string().nullable(),
  approvedByName: z.string().nullable(),
  signedOffByName: z.string().nullable(),
  updatedByName: z.string().nullable(),
  revisionCount: z.number(),
  events: z.array(articleEvent),
  canEdit: z.boolean(),
  /** Published or scheduled, and the actor reviews: its placement (pinned) may still change. */
  canAdjustLive: z.boolean(),
  actions: z.array(z.enum(USER_WORKFLOW_ACTIONS)),
  signoffRequired: z.boolean(),
});

export const revisionListItem = z.object({
  number: z.number(),
  title: z.string(),
  reason: z.string(),
  restoredFrom: z.number().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoTime,
  bodyLength: z.number(),
});

export const revision = z.object({
  number: z.number(),
  title: z.string(),
  subtitle: z.string().nullable(),
  summary: z.string().nullable(),
  bodyHtml: z.string(),
  reason: z.string(),
  restoredFrom: z.number().nullable(),
  createdByName: z.string().nullable(),
  createdAt: isoTime,
});

export const searchHit = z.object({
  id: z.string(),
  title: z.string(),
  titleHtml: z.string(),
  snippetHtml: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  statusLabel: z.string(),
  schoolId: z.string().nullable(),
  publishedAt: isoTime.nullable(),
  updatedAt: isoTime,
  titleHit: z.boolean(),
  rank: z.number(),
});

export const issue = z.object({
  id: z.string(),
  number: z.number(),
  issueDate: z.string(),
  title: z.string(),
  editorNote: z.string().nullable(),
  status: z.enum(['draft', 'published']),
  publishedAt: isoTime.nullable(),
  articles: z.array(
    z.object({ id: z.string(), title: z.string(), status: z.string(), publishedAt: isoTime.nullable() }),
  ),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export const issueListItem = issue.extend({ articleCount: z.number() });

export const showcaseItem = z.object({
  id: z.string(),
  kind: z.enum(['article', 'photo']),
  articleId: z.string().nullable(),
  articleTitle: z.string().nullable(),
  articleStatus: z.string().nullable(),
  mediaId: z.string().nullable(),
  imageUrl: z.string().nullable(),
  title: z.string().nullable(),
  caption: z.string().nullable(),
  sortOrder: z.number(),
  durationSeconds: z.number(),
  active: z.boolean(),
  startsAt: isoTime.nullable(),
  endsAt: isoTime.nullable(),
  updatedAt: isoTime,
});

export const settings = z.object({
  siteTitle: z.string(),
  heroSlogan: z.string(),
  heroText: z.string().nullable(),
  heroImageId: z.string().nullable(),
  logoMediaId: z.string().nullable(),
  logoUrl: z.string().nullable(),
  heroImageUrl: z.string().nullable(),
  musicMediaId: z.string().nullable(),
  musicUrl: z.string().nullable(),
  musicTitle: z.string().nullable(),
  footerText: z.string().nullable(),
  signoffRequired: z.boolean(),
  updatedAt: isoTime.nullable(),
});

export const viewsSeries = z.object({
  from: z.string(),
  to: z.string(),
  series: z.array(z.object({ day: z.string(), views: z.number() })),
  total: z.number(),
});

export const statsSummary = z.object({
  from: z.string(),
  to: z.string(),
  topArticles: z.array(
    z.object({ id: z.string(), title: z.string(), views: z.number(), totalViews: z.number() }),
  ),
  columns: z.array(
    z.object({ id: z.string(), name: z.string(), pageViews: z.number(), articleViews: z.number() }),
  ),
});

// ---------------------------------------------------------------- routes

export const newsroomContracts = {
  listColumns: { response: list(column) },
  createColumn: { body: columnBody, response: column },
  updateColumn: { params: idParams, body: columnBody.partial(), response: column },
  deleteColumn: { params: idParams },

  listSchools: { response: list(school) },
  listArticles: {
    querystring: pageQuery.extend({
      queue: z.enum(ARTICLE_QUEUES).default('all'),
      status: z.enum(ARTICLE_STATUSES).optional(),
      columnId: id('栏目').optional(),
      schoolId: id('学校').optional(),
    }),
    response: page(articleListItem),
  },
  createArticle: { body: articleBody, response: articleDetail },
  getArticle: { params: idParams, response: articleDetail },
  updateArticle: {
    params: idParams,
    body: articleBody.partial().extend({ version: z.number().int().min(1).optional() }),
    response: articleDetail,
  },
  deleteArticle: { params: idParams },
  transition: {
    params: idParams,
    body: z.object({
      action: z.enum(USER_WORKFLOW_ACTIONS, '操作不正确'),
      reason: optionalTextOf('原因', 500),
    }),
    response: articleDetail,
  },
  listRevisions: { params: idParams, response: list(revisionListItem) },
  getRevision: { params: revisionParams, response: revision },
  restoreRevision: { params: revisionParams, response: articleDetail },
  search: {
    querystring: pageQuery.extend({
      q: searchText('关键词', 100).min(1, '请输入关键词'),
      status: z.enum(ARTICLE_STATUSES).optional(),
      columnId: id('栏目').optional(),
      schoolId: id('学校').optional(),
    }),
    // `total` is exact when `totalExact`; past the server's bound it is rounded and shown as
    // 「约 N 条」 (src/server/areas/newsroom/search.ts).
    response: page(searchHit).extend({ totalExact: z.boolean() }),
  },

  uploadMedia: {
    querystring: z.object({
      purpose: z.enum(MEDIA_PURPOSES, '用途须为 image、attachment、audio 或 video'),
    }),
    response: media,
  },
  listMedia: {
    querystring: pageQuery.extend({ purpose: z.enum(MEDIA_PURPOSES).optional() }),
    response: page(media),
  },
  getMedia: { params: idParams, response: media },

  listIssues: { querystring: pageQuery, response: page(issueListItem) },
  createIssue: { body: issueBody, response: issue },
  getIssue: { params: idParams, response: issue },
  updateIssue: { params: idParams, body: issueBody.partial(), response: issue },
  deleteIssue: { params: idParams },
  publishIssue: { params: idParams, response: issue },
  unpublishIssue: { params: idParams, response: issue },
  exportIssue: { params: idParams },
  printIssue: { params: idParams },

  listShowcase: { response: list(showcaseItem) },
  createShowcase: { body: showcaseBody, response: showcaseItem },
  updateShowcase: { params: idParams, body: showcaseBody.partial(), response: showcaseItem },
  deleteShowcase: { params: idParams },

  getSettings: { response: settings },
  updateSettings: { body: settingsBody, response: settings },

  views: {
    querystring: z.object({
      ...statsRange,
      articleId: id('文章').optional(),
      columnId: id('栏目').optional(),
    }),
    response: viewsSeries,
  },
  summary: {
    querystring: z.object({ ...statsRange, limit: z.coerce.number().int().min(1).max(50).default(10) }),
    response: statsSummary,
  },
};

type C = typeof newsroomContracts;

export type PortalColumn = z.infer<typeof column>;
export type ColumnInput = z.infer<C['createColumn']['body']>;
export type ColumnPatch = z.infer<C['updateColumn']['body']>;
export type School = z.infer<typeof school>;
export type Media = z.infer<typeof media>;
export type ArticleListItem = z.infer<typeof articleListItem>;
export type ArticleDetail = z.infer<typeof articleDetail>;
export type ArticleEvent = z.infer<typeof articleEvent>;
export type ArticleInput = z.infer<C['createArticle']['body']>;
export type ArticlePatch = z.infer<C['updateArticle']['body']>;
export type ArticleListQuery = z.infer<C['listArticles']['querystring']>;
export type RevisionListItem = z.infer<typeof revisionListItem>;
export type Revision = z.infer<typeof revision>;
export type SearchHit = z.infer<typeof searchHit>;
export type NewsletterIssue = z.infer<typeof issue>;
export type NewsletterIssueListItem = z.infer<typeof issueListItem>;
export type IssueInput = z.infer<C['createIssue']['body']>;
export type IssuePatch = z.infer<C['updateIssue']['body']>;
export type ShowcaseItem = z.infer<typeof showcaseItem>;
export type ShowcaseInput = z.infer<C['createShowcase']['body']>;
export type ShowcasePatch = z.infer<C['updateShowcase']['body']>;
export type PortalSettings = z.infer<typeof settings>;
export type PortalSettingsInput = z.infer<C['updateSettings']['body']>;
export type ViewsSeries = z.infer<typeof viewsSeries>;
export type StatsSummary = z.infer<typeof statsSummary>;
