import type {
  ArticleDetail,
  ArticleListItem,
  Media,
  MediaPurpose,
  NewsletterIssue,
  PortalColumn,
  PortalSettings,
  ShowcaseItem,
  UserWorkflowAction,
  WorkflowAction,
} from '../../../common/contracts/newsroom';
import type {
  mediaFiles,
  newsletterIssues,
  portalArticleEvents,
  portalArticles,
  portalColumns,
  portalSettings,
  showcaseItems,
} from '../../platform/db/schema/index';
import { htmlToText } from '../../platform/sanitize';
import { COLUMN_KIND_LABELS, type ColumnKind } from './columns';
import { ARTICLE_STATUS_LABELS, WORKFLOW_ACTION_LABELS, type ArticleStatus } from './rules';

/** Rows → the shapes of common/contracts/newsroom.ts. Pure: whatever else a view needs is passed in. */

/** An article as the console reads it: every column but the search vectors (queries/articles.ts). */
export type ArticleRow = Omit<typeof portalArticles.$inferSelect, 'termsTsv' | 'titleTsv'>;
export type ArticleEventRow = typeof portalArticleEvents.$inferSelect;
export type MediaRow = typeof mediaFiles.$inferSelect;
export type ColumnRow = typeof portalColumns.$inferSelect;
export type IssueRow = typeof newsletterIssues.$inferSelect;
export type ShowcaseRow = typeof showcaseItems.$inferSelect;
export type PortalSettingsRow = typeof portalSettings.$inferSelect;

/** A stored variant of an upload: { key, mime, size, width?, height? }. */
export interface StoredVariant {
  key: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
}
export const VARIANT_NAMES = ['original', 'large', 'medium', 'thumb'] as const;
export type Variants = Partial<Record<(typeof VARIANT_NAMES)[number], StoredVariant>>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Where the site serves a stored file (the /media route). */
export const mediaUrl = (id: string, variant: string = 'original') => `/media/${id}/${variant}`;

export function presentMedia(m: MediaRow): Media {
  const variants = m.variants as Variants;
  return {
    id: m.id,
    purpose: m.purpose as MediaPurpose,
    mime: m.mime,
    ext: m.ext,
    originalName: m.originalName,
    size: m.size,
    width: m.width,
    height: m.height,
    url: mediaUrl(m.id, 'original'),
    urls: Object.fromEntries(Object.keys(variants).map((v) => [v, mediaUrl(m.id, v)])),
    createdAt: m.createdAt.toISOString(),
  };
}

/** A short plain-text excerpt of a body. */
export const excerpt = (bodyHtml: string, length = 120) => {
  const text = htmlToText(bodyHtml).replace(/\s+/g, ' ');
  return text.length > length ? `${text.slice(0, length)}…` : text;
};

export interface ArticleListExtra {
  columns: { id: string; name: string; slug: string }[];
  schoolName: string | null;
  createdByName: string | null;
  /** All-time views (portal_article_views). */
  viewCount: number;
}

export function presentArticleListItem(a: ArticleRow, extra: ArticleListExtra): ArticleListItem {
  return {
    id: a.id,
    title: a.title,
    subtitle: a.subtitle,
    summary: a.summary,
    status: a.status as ArticleStatus,
    statusLabel: ARTICLE_STATUS_LABELS[a.status as ArticleStatus],
    pinned: a.pinned,
    schoolId: a.schoolId,
    schoolName: extra.schoolName,
    columns: extra.columns,
    tags: a.tags,
    author: a.author,
    coverUrl: a.coverMediaId ? mediaUrl(a.coverMediaId, 'medium') : null,
    publishAt: iso(a.publishAt),
    publishedAt: iso(a.publishedAt),
    returnReason: a.returnReason,
    takedownReason: a.takedownReason,
    createdBy: a.createdBy,
    createdByName: extra.createdByName,
    viewCount: extra.viewCount,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export interface ArticleDetailExtra extends ArticleListExtra {
  attachments: MediaRow[];
  /** Display names of the accounts the article names (created/updated/submitted/approved/signed off). */
  names: Map<string, string>;
  events: ArticleEventRow[];
  revisionCount: number;
  canEdit: boolean;
  canAdjustLive: boolean;
  actions: WorkflowAction[];
  signoffRequired: boolean;
}

export function presentArticleDetail(a: ArticleRow, x: ArticleDetailExtra): ArticleDetail {
  const name = (id: string | null) => (id ? (x.names.get(id) ?? null) : null);
  return {
    ...presentArticleListItem(a, x),
    bodyHtml: a.bodyHtml,
    source: a.source,
    coverMediaId: a.coverMediaId,
    coverAlt: a.coverAlt,
    attachments: x.attachments.map(presentMedia),
    submittedByName: name(a.submittedBy),
    approvedByName: name(a.approvedBy),
    signedOffByName: name(a.signedOffBy),
    updatedByName: name(a.updatedBy),
    revisionCount: x.revisionCount,
    events: x.events.map((e) => ({
      action: e.action,
      actionLabel: WORKFLOW_ACTION_LABELS[e.action as WorkflowAction] ?? e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      actorName: e.actorName,
      at: e.at.toISOString(),
    })),
    canEdit: x.canEdit,
    canAdjustLive: x.canAdjustLive,
    // The scheduler's publishDue is never an actor's to take.
    actions: x.actions.filter((a): a is UserWorkflowAction => a !== 'publishDue'),
    signoffRequired: x.signoffRequired,
  };
}

export function presentColumn(c: ColumnRow, articleCount?: number): PortalColumn {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    kind: c.kind as ColumnKind,
    kindLabel: COLUMN_KIND_LABELS[c.kind as ColumnKind] ?? c.kind,
    sortOrder: c.sortOrder,
    visible: c.visible,
    description: c.description,
    articleCount: articleCount ?? 0,
  };
}

export interface IssueArticle {
  id: string;
  title: string;
  subtitle: string | null;
  author: string | null;
  source: string | null;
  publishedAt: Date | null;
  bodyHtml: string;
  status: string;
}

export interface IssueFull {
  issue: IssueRow;
  articles: IssueArticle[];
}

export function presentIssue(full: IssueFull): NewsletterIssue {
  const { issue, articles } = full;
  return {
    id: issue.id,
    number: issue.number,
    issueDate: issue.issueDate,
    title: issue.title,
    editorNote: issue.editorNote,
    status: issue.status as 'draft' | 'published',
    publishedAt: iso(issue.publishedAt),
    articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      publishedAt: iso(a.publishedAt),
    })),
    createdAt: issue.createdAt.toISOString(),
    updatedAt: issue.updatedAt.toISOString(),
  };
}

export interface ShowcaseArticle {
  id: string;
  title: string;
  status: string;
  cover: string | null;
}

export function presentShowcaseItem(r: ShowcaseRow, a: ShowcaseArticle | undefined): ShowcaseItem {
  const imageId = r.kind === 'photo' ? r.mediaId : (r.mediaId ?? a?.cover ?? null);
  return {
    id: r.id,
    kind: r.kind as 'article' | 'photo',
    articleId: r.articleId,
    articleTitle: a?.title ?? null,
    articleStatus: a?.status ?? null,
    mediaId: r.mediaId,
    imageUrl: imageId ? mediaUrl(imageId, 'large') : null,
    title: r.title ?? a?.title ?? null,
    caption: r.caption,
    sortOrder: r.sortOrder,
    durationSeconds: r.durationSeconds,
    active: r.active,
    startsAt: iso(r.startsAt),
    endsAt: iso(r.endsAt),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentSettings(s: PortalSettingsRow): PortalSettings {
  return {
    siteTitle: s.siteTitle,
    heroSlogan: s.heroSlogan,
    heroText: s.heroText,
    heroImageId: s.heroImageId,
    heroImageUrl: s.heroImageId ? mediaUrl(s.heroImageId, 'large') : null,
    logoMediaId: s.logoMediaId,
    logoUrl: s.logoMediaId ? mediaUrl(s.logoMediaId, 'thumb') : null,
    musicMediaId: s.musicMediaId,
    musicUrl: s.musicMediaId ? mediaUrl(s.musicMediaId, 'original') : null,
    musicTitle: s.musicTitle,
    footerText: s.footerText,
    signoffRequired: s.signoffRequired,
    updatedAt: s.updatedAt.getTime() ? s.updatedAt.toISOString() : null,
  };
}
