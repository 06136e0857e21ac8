/** Shapes of the newsroom API (src/server/modules/portal/routes.ts). */
export type ArticleStatus =
  'draft' | 'submitted' | 'approved' | 'scheduled' | 'published' | 'returned' | 'takenDown';
export type WorkflowAction = 'submit' | 'withdraw' | 'approve' | 'return' | 'signOff' | 'takeDown' | 'reopen';

export const STATUS_COLORS: Record<ArticleStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'purple',
  scheduled: 'cyan',
  published: 'success',
  returned: 'warning',
  takenDown: 'error',
};

export const ACTION_LABELS: Record<WorkflowAction, string> = {
  submit: '提交审核',
  withdraw: '撤回',
  approve: '审核通过',
  return: '退回',
  signOff: '签发',
  takeDown: '撤下',
  reopen: '重新编辑',
};
export const REASON_ACTIONS: WorkflowAction[] = ['return', 'takeDown'];

export interface PortalColumn {
  id: string;
  name: string;
  slug: string;
  kind: 'articleList' | 'singlePage' | 'downloadList';
  kindLabel: string;
  sortOrder: number;
  visible: boolean;
  description: string | null;
  articleCount: number;
}

export interface School {
  id: string;
  name: string;
  mine: boolean;
}

export interface Media {
  id: string;
  purpose: 'image' | 'attachment' | 'audio' | 'video';
  mime: string;
  ext: string;
  originalName: string;
  size: number;
  width: number | null;
  height: number | null;
  url: string;
  urls: Record<string, string>;
  createdAt: string;
}

export interface ArticleListItem {
  id: string;
  title: string;
  subtitle: string | null;
  summary: string | null;
  status: ArticleStatus;
  statusLabel: string;
  pinned: boolean;
  schoolId: string | null;
  schoolName: string | null;
  columns: { id: string; name: string; slug: string }[];
  tags: string[];
  author: string | null;
  coverUrl: string | null;
  publishAt: string | null;
  publishedAt: string | null;
  returnReason: string | null;
  takedownReason: string | null;
  createdBy: string | null;
  createdByName: string | null;
  viewCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ArticleDetail extends ArticleListItem {
  bodyHtml: string;
  source: string | null;
  coverMediaId: string | null;
  attachments: Media[];
  submittedByName: string | null;
  approvedByName: string | null;
  signedOffByName: string | null;
  updatedByName: string | null;
  revisionCount: number;
  events: {
    action: string;
    actionLabel: string;
    fromStatus: string;
    toStatus: string;
    reason: string | null;
    actorName: string | null;
    at: string;
  }[];
  canEdit: boolean;
  actions: WorkflowAction[];
  signoffRequired: boolean;
}

export interface Revision {
  number: number;
  title: string;
  reason: 'create' | 'save' | 'restore';
  restoredFrom: number | null;
  createdByName: string | null;
  createdAt: string;
  bodyLength: number;
}

export interface SearchHit {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
  status: ArticleStatus;
  statusLabel: string;
  publishedAt: string | null;
  updatedAt: string;
}

export interface NewsletterIssue {
  id: string;
  number: number;
  issueDate: string;
  title: string;
  editorNote: string | null;
  status: 'draft' | 'published';
  publishedAt: string | null;
  articles: { id: string; title: string; status: string; publishedAt: string | null }[];
  articleCount?: number;
}

export interface ShowcaseItem {
  id: string;
  kind: 'article' | 'photo';
  articleId: string | null;
  articleTitle: string | null;
  articleStatus: string | null;
  mediaId: string | null;
  imageUrl: string | null;
  title: string | null;
  caption: string | null;
  sortOrder: number;
  durationSeconds: number;
  active: boolean;
  startsAt: string | null;
  endsAt: string | null;
}

export interface PortalSettings {
  siteTitle: string;
  heroSlogan: string;
  heroText: string | null;
  heroImageId: string | null;
  heroImageUrl: string | null;
  musicMediaId: string | null;
  musicUrl: string | null;
  musicTitle: string | null;
  footerText: string | null;
  signoffRequired: boolean;
}
