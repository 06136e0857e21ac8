import type {
  ArticleDetail,
  ArticleListItem,
  ArticleStatus,
  Media,
  MediaPurpose,
  NewsletterIssue,
  NewsletterIssueListItem,
  PortalColumn,
  PortalSettings,
  Revision,
  RevisionListItem,
  School,
  SearchHit,
  ShowcaseItem,
  StatsSummary,
  UserWorkflowAction,
  ViewsSeries,
} from '../../../common/contracts/newsroom';
import { api, download, upload, type Query } from '../../shared/api/client';

/** The newsroom (/api/portal): typed calls and query keys; types are the server's contract. */
export type {
  ArticleDetail,
  ArticleListItem,
  ArticleStatus,
  Media,
  MediaPurpose,
  NewsletterIssue,
  NewsletterIssueListItem,
  PortalColumn,
  PortalSettings,
  Revision,
  RevisionListItem,
  School,
  SearchHit,
  ShowcaseItem,
  StatsSummary,
  ViewsSeries,
};
/** The workflow actions a person asks for (the scheduler's publishDue never shows as a button). */
export type WorkflowAction = UserWorkflowAction;

interface PageOf<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const STATUS_COLORS: Record<ArticleStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'purple',
  scheduled: 'cyan',
  published: 'success',
  returned: 'warning',
  takenDown: 'error',
};
/** Actions that ask for a reason first. */
export const REASON_ACTIONS: WorkflowAction[] = ['return', 'takeDown'];

export const newsroomKeys = {
  all: ['portal'] as const,
  columns: ['portal', 'columns'] as const,
  schools: ['portal', 'schools'] as const,
  articles: ['portal', 'articles'] as const,
  article: (id: string) => ['portal', 'article', id] as const,
  revisions: (id: string) => ['portal', 'revisions', id] as const,
  revision: (id: string, n: number | null) => ['portal', 'revision', id, n] as const,
  search: ['portal', 'search'] as const,
  newsletters: ['portal', 'newsletters'] as const,
  showcase: ['portal', 'showcase'] as const,
  settings: ['portal', 'settings'] as const,
  stats: ['portal', 'stats'] as const,
};

export const newsroomApi = {
  columns: (signal?: AbortSignal) => api.get<{ items: PortalColumn[] }>('/portal/columns', undefined, signal),
  createColumn: (body: unknown) => api.post<PortalColumn>('/portal/columns', body),
  updateColumn: (id: string, body: unknown) => api.patch<PortalColumn>(`/portal/columns/${id}`, body),
  deleteColumn: (id: string) => api.del(`/portal/columns/${id}`),

  schools: (signal?: AbortSignal) => api.get<{ items: School[] }>('/portal/schools', undefined, signal),
  articles: (q: Query, signal?: AbortSignal) =>
    api.get<PageOf<ArticleListItem>>('/portal/articles', q, signal),
  search: (q: Query, signal?: AbortSignal) =>
    api.get<PageOf<SearchHit> & { totalExact: boolean }>('/portal/search', q, signal),
  article: (id: string, signal?: AbortSignal) =>
    api.get<ArticleDetail>(`/portal/articles/${id}`, undefined, signal),
  createArticle: (body: unknown) => api.post<ArticleDetail>('/portal/articles', body),
  updateArticle: (id: string, body: unknown) => api.patch<ArticleDetail>(`/portal/articles/${id}`, body),
  deleteArticle: (id: string) => api.del(`/portal/articles/${id}`),
  transition: (id: string, body: { action: WorkflowAction; reason?: string }) =>
    api.post<ArticleDetail>(`/portal/articles/${id}/transitions`, body),
  revisions: (id: string, signal?: AbortSignal) =>
    api.get<{ items: RevisionListItem[] }>(`/portal/articles/${id}/revisions`, undefined, signal),
  revision: (id: string, n: number, signal?: AbortSignal) =>
    api.get<Revision>(`/portal/articles/${id}/revisions/${n}`, undefined, signal),
  restoreRevision: (id: string, n: number) =>
    api.post<ArticleDetail>(`/portal/articles/${id}/revisions/${n}/restore`),

  upload: (purpose: MediaPurpose, file: File) => upload<Media>(`/portal/media?purpose=${purpose}`, file),

  newsletters: (q: Query, signal?: AbortSignal) =>
    api.get<PageOf<NewsletterIssueListItem>>('/portal/newsletters', q, signal),
  newsletter: (id: string) => api.get<NewsletterIssue>(`/portal/newsletters/${id}`),
  createNewsletter: (body: unknown) => api.post<NewsletterIssue>('/portal/newsletters', body),
  updateNewsletter: (id: string, body: unknown) =>
    api.patch<NewsletterIssue>(`/portal/newsletters/${id}`, body),
  deleteNewsletter: (id: string) => api.del(`/portal/newsletters/${id}`),
  setNewsletterPublished: (id: string, on: boolean) =>
    api.post<NewsletterIssue>(`/portal/newsletters/${id}/${on ? 'publish' : 'unpublish'}`),
  exportNewsletter: (id: string, fallbackName: string) =>
    download(`/portal/newsletters/${id}/export.docx`, undefined, fallbackName),

  showcase: (signal?: AbortSignal) =>
    api.get<{ items: ShowcaseItem[] }>('/portal/showcase', undefined, signal),
  createShowcase: (body: unknown) => api.post<ShowcaseItem>('/portal/showcase', body),
  updateShowcase: (id: string, body: unknown) => api.patch<ShowcaseItem>(`/portal/showcase/${id}`, body),
  deleteShowcase: (id: string) => api.del(`/portal/showcase/${id}`),

  settings: (signal?: AbortSignal) => api.get<PortalSettings>('/portal/settings', undefined, signal),
  updateSettings: (body: unknown) => api.put<PortalSettings>('/portal/settings', body),

  views: (q: Query, signal?: AbortSignal) => api.get<ViewsSeries>('/portal/stats/views', q, signal),
  summary: (q: Query, signal?: AbortSignal) => api.get<StatsSummary>('/portal/stats/summary', q, signal),
};
