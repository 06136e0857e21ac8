import type { z } from 'zod';
import type { branchRatingContracts } from '../../../../common/contracts/branchRating';
import { api } from '../../../shared/api/client';

/** Branch star rating's calls (/api/assessment/branch-rating) and query keys; types are the contracts. */
type C = typeof branchRatingContracts;
type Res<K extends keyof C> = C[K] extends { response: z.ZodType } ? z.infer<C[K]['response']> : never;
type Body<K extends keyof C> = C[K] extends { body: z.ZodType } ? z.input<C[K]['body']> : never;

export type {
  BranchEvidenceView,
  RatingConfig,
  RatingSchemeView,
  RatingView,
  StandardRow,
  StandardSource,
} from '../../../../common/contracts/branchRating';
export { STANDARD_SOURCES } from '../../../../common/contracts/branchRating';

export type RatingSchemeAnswer = Res<'getScheme'>;
export type RatingBoard = Res<'board'>;

export const MAX_BRANCH_FILE_BYTES = 10 * 1024 * 1024;
export const BRANCH_FILE_ACCEPT = ['.pdf', '.jpg', '.jpeg', '.png'];

const BASE = '/assessment/branch-rating';

export const branchRatingKeys = {
  /** Invalidated after any write: a score moves the board, a first act freezes the scheme. */
  all: ['branchRating'] as const,
  scheme: (year: number) => ['branchRating', 'scheme', year] as const,
  board: (year: number) => ['branchRating', 'board', year] as const,
  evidence: (year: number) => ['branchRating', 'evidence', year] as const,
};

export const branchRatingApi = {
  scheme: (year: number, signal?: AbortSignal) =>
    api.get<RatingSchemeAnswer>(`${BASE}/schemes/${year}`, undefined, signal),
  createScheme: (body: Body<'createScheme'>) => api.post<Res<'createScheme'>>(`${BASE}/schemes`, body),
  updateScheme: (year: number, body: Body<'updateScheme'>) =>
    api.put<Res<'updateScheme'>>(`${BASE}/schemes/${year}`, body),
  board: (year: number, signal?: AbortSignal) => api.get<RatingBoard>(`${BASE}/board`, { year }, signal),
  selfRate: (branchId: string, body: Body<'selfRate'>) =>
    api.put<Res<'selfRate'>>(`${BASE}/ratings/${branchId}/self`, body),
  rate: (branchId: string, body: Body<'rate'>) =>
    api.put<Res<'rate'>>(`${BASE}/ratings/${branchId}/final`, body),
  evidence: (year: number, signal?: AbortSignal) =>
    api.get<Res<'listEvidence'>>(`${BASE}/evidence`, { year }, signal),
  createEvidence: (body: Body<'createEvidence'>) => api.post<Res<'createEvidence'>>(`${BASE}/evidence`, body),
  updateEvidence: (id: string, body: Body<'updateEvidence'>) =>
    api.patch<Res<'updateEvidence'>>(`${BASE}/evidence/${id}`, body),
  scoreEvidence: (id: string, body: Body<'scoreEvidence'>) =>
    api.post<Res<'scoreEvidence'>>(`${BASE}/evidence/${id}/score`, body),
  returnEvidence: (id: string, reason: string) =>
    api.post<Res<'returnEvidence'>>(`${BASE}/evidence/${id}/return`, { reason }),
  /** The proof file's path, for useUpload (POST) and useDownload (GET). */
  filePath: (id: string) => `${BASE}/evidence/${id}/file`,
};
