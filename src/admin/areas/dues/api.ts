import { formatFen } from '../../../common/money';
import { todayInShanghai } from '../../../common/dates';
import { api } from '../../shared/api/client';
import type {
  ArrearsList,
  ComputeInput,
  DecisionResult,
  ComputeResult,
  DuesMonthList,
  DuesSummary,
  LedgerEntry,
  MemberDues,
  PaymentRequest,
  PaymentResult,
  ReductionList,
} from '../../../common/contracts/dues';

/** Party dues: the calls of /api/dues and their query keys. Types are those of the contract. */

export type {
  ArrearsItem,
  DuesMonthRow,
  DuesMonthStatus,
  DuesSummary,
  LedgerEntry,
  PaymentMethod,
  ReductionListItem,
} from '../../../common/contracts/dues';
export { MONTH_KEY, PAYMENT_METHODS } from '../../../common/contracts/dues';

/** Every dues query starts with this key, so one invalidation refreshes the page after a write. */
export const duesKeys = {
  all: ['dues'] as const,
  months: (month: string, branchId: string | null) => ['dues', 'months', month, branchId] as const,
  arrears: (branchId: string | null) => ['dues', 'arrears', branchId] as const,
  reductions: () => ['dues', 'reductions'] as const,
  summary: (year: number) => ['dues', 'summary', year] as const,
  member: (personId: string | null, year: number) => ['dues', 'member', personId, year] as const,
};

export const duesApi = {
  months: (q: { month: string; branchId?: string; pageSize?: number }, signal?: AbortSignal) =>
    api.get<DuesMonthList>('/dues/months', q, signal),
  arrears: (q: { branchId?: string }, signal?: AbortSignal) =>
    api.get<ArrearsList>('/dues/arrears', q, signal),
  reductions: (signal?: AbortSignal) => api.get<ReductionList>('/dues/reductions', undefined, signal),
  summary: (year: number, signal?: AbortSignal) => api.get<DuesSummary>('/dues/summary', { year }, signal),
  member: (personId: string, year: number, signal?: AbortSignal) =>
    api.get<MemberDues>(`/dues/members/${personId}`, { year }, signal),
  compute: (body: ComputeInput) => api.post<ComputeResult>('/dues/compute', body),
  pay: (body: PaymentRequest) => api.post<PaymentResult>('/dues/payments', body),
  reverse: (id: string, reason: string) => api.post<LedgerEntry>(`/dues/payments/${id}/reverse`, { reason }),
  decide: (id: string, approve: boolean) =>
    api.post<DecisionResult>(`/dues/reductions/${id}/decide`, { approve }),
  /** The yearly export (.xlsx), for useDownload. */
  exportRequest: (year: number) => ({
    path: '/dues/summary/export',
    query: { year },
    fallbackName: `dues-${year}.xlsx`,
  }),
};

/** Fen as yuan text ('12.50'); empty for no amount. */
export const yuan = (fen: number | null | undefined): string =>
  fen === null || fen === undefined ? '' : formatFen(fen);

export const thisYear = () => Number(todayInShanghai().slice(0, 4));
export const thisMonthKey = () => todayInShanghai().slice(0, 7);
