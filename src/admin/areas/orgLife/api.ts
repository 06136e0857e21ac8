import type { z } from 'zod';
import type {
  orgLifeContracts,
  CardBatchView,
  ChecklistHistoryView,
  ChecklistItemView,
  ChecklistView,
  ComplianceBoardView,
  ComplianceCellView,
  CompletionView,
  GoalsView,
  MeetingListItemView,
  MeetingView,
  ProposalListItemView,
  ProposalView,
  RosterEntryView,
  SymposiumListItemView,
  SymposiumView,
  ThoughtReportView,
} from '../../../common/contracts/orgLife';
import { api, download, type Query } from '../../shared/api/client';

/** The orgLife area's calls (/api/orglife); types are the server's contracts. */
type C = typeof orgLifeContracts;

export type RosterEntry = RosterEntryView;
export type Completion = CompletionView;
export type CompletionRow = CompletionView['monthly']['branches'][number];
export type Checklist = ChecklistView;
export type ChecklistItem = ChecklistItemView;
export type HistoryYear = ChecklistHistoryView['items'][number];
export type ThoughtReport = ThoughtReportView;
export type Goals = GoalsView;
export type Proposal = ProposalView;
export type ProposalListItem = ProposalListItemView;
export type Symposium = SymposiumView;
export type SymposiumListItem = SymposiumListItemView;
export type CardBatch = CardBatchView;
export type ComplianceBoard = ComplianceBoardView;
export type ComplianceCell = ComplianceCellView;
export type ComplianceStatus = ComplianceCellView['status'];
export type MeetingListItem = MeetingListItemView;
export type Meeting = MeetingView;
export type MeetingKind = MeetingView['kind'];

type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
type Body<K extends keyof C> = C[K] extends { body: z.ZodType } ? z.input<C[K]['body']> : never;
export type ProposalStep = 'assign' | 'answer' | 'close';

export const orgLifeKeys = {
  /** Everything of the area: invalidated after any write. */
  all: ['orglife'] as const,
  roster: (q: Query) => ['orglife', 'roster', q] as const,
  completion: (q: Query) => ['orglife', 'completion', q] as const,
  symposiums: (year: number, month: number) => ['orglife', 'symposiums', year, month] as const,
  symposium: (id: string | null) => ['orglife', 'symposium', id] as const,
  batch: (id: string | null) => ['orglife', 'batch', id] as const,
  checklist: (personId: string | null, year: number) => ['orglife', 'checklist', personId, year] as const,
  history: (personId: string | null) => ['orglife', 'history', personId] as const,
  report: (id: string | null | undefined) => ['orglife', 'report', id] as const,
  goals: (personId: string | null, year: number) => ['orglife', 'goals', personId, year] as const,
  proposals: (q: Query) => ['orglife', 'proposals', q] as const,
  proposal: (id: string | null) => ['orglife', 'proposal', id] as const,
  compliance: (year: number) => ['orglife', 'compliance', year] as const,
  meetings: (year: number) => ['orglife', 'meetings', year] as const,
};

export const orgLifeApi = {
  roster: (q: Query, signal?: AbortSignal) =>
    api.get<z.infer<C['roster']['response']>>('/orglife/birthdays/roster', q, signal),
  completion: (q: Query, signal?: AbortSignal) =>
    api.get<Completion>('/orglife/birthdays/completion', q, signal),
  checklist: (personId: string, year: number, signal?: AbortSignal) =>
    api.get<Checklist>(`/orglife/checklists/${personId}/${year}`, undefined, signal),
  history: (personId: string, signal?: AbortSignal) =>
    api.get<ChecklistHistoryView>(`/orglife/checklists/${personId}/history`, undefined, signal),
  tick: (personId: string, year: number, items: Body<'patchChecklist'>['items']) =>
    api.patch<Checklist>(`/orglife/checklists/${personId}/${year}`, { items }),

  report: (id: string, signal?: AbortSignal) =>
    api.get<ThoughtReport>(`/orglife/thought-reports/${id}`, undefined, signal),
  putReport: (personId: string, year: number, content: string) =>
    api.put<ThoughtReport>(`/orglife/thought-reports/${personId}/${year}`, { content }),
  commentReport: (id: string, comment: string) =>
    api.post<ThoughtReport>(`/orglife/thought-reports/${id}/comment`, { comment }),

  goals: (q: Query, signal?: AbortSignal) => api.get<Page<Goals>>('/orglife/goals', q, signal),
  putGoals: (personId: string, year: number, content: string) =>
    api.put<Goals>(`/orglife/goals/${personId}/${year}`, { content }),
  reviewGoals: (id: string, body: Body<'reviewGoals'>) =>
    api.post<Goals>(`/orglife/goals/${id}/review`, body),

  proposals: (q: Query, signal?: AbortSignal) =>
    api.get<Page<ProposalListItem>>('/orglife/proposals', q, signal),
  proposal: (id: string, signal?: AbortSignal) =>
    api.get<Proposal>(`/orglife/proposals/${id}`, undefined, signal),
  propose: (body: Body<'createProposal'>) => api.post<Proposal>('/orglife/proposals', body),
  advanceProposal: (id: string, step: ProposalStep, body: Record<string, unknown>) =>
    api.post<Proposal>(`/orglife/proposals/${id}/${step}`, body),

  symposiums: (q: Query, signal?: AbortSignal) =>
    api.get<{ items: SymposiumListItem[] }>('/orglife/symposiums', q, signal),
  symposium: (id: string, signal?: AbortSignal) =>
    api.get<Symposium>(`/orglife/symposiums/${id}`, undefined, signal),
  createSymposium: (body: Body<'createSymposium'>) => api.post<Symposium>('/orglife/symposiums', body),
  updateSymposium: (id: string, body: Body<'updateSymposium'>) =>
    api.patch<Symposium>(`/orglife/symposiums/${id}`, body),
  putAttendees: (id: string, items: Body<'putAttendees'>['items']) =>
    api.put<Symposium>(`/orglife/symposiums/${id}/attendees`, { items }),

  /** The card image the preview shows (same origin, the session cookie goes along). */
  cardUrl: (personId: string, year: number) => `/api/orglife/cards/${personId}?year=${year}&format=png`,
  downloadCard: (personId: string, year: number, format: 'png' | 'pdf') =>
    download(`/orglife/cards/${personId}`, { year, format, download: true }, `card.${format}`),
  startBatch: (body: Body<'startCardBatch'>) => api.post<CardBatch>('/orglife/cards/batches', body),
  batch: (id: string, signal?: AbortSignal) =>
    api.get<CardBatch>(`/orglife/cards/batches/${id}`, undefined, signal),
  downloadBatch: (id: string) => download(`/orglife/cards/batches/${id}/pdf`, undefined, 'cards.pdf'),

  compliance: (q: Query, signal?: AbortSignal) =>
    api.get<ComplianceBoard>('/orglife/meetings/compliance', q, signal),
  meetings: (q: Query, signal?: AbortSignal) =>
    api.get<Page<MeetingListItem>>('/orglife/meetings', q, signal),
  createMeeting: (body: Body<'createMeeting'>) => api.post<Meeting>('/orglife/meetings', body),
};

export const thisYear = () =>
  Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
export const thisMonth = () =>
  Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(5, 7));
