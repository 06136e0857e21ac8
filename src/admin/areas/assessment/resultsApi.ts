import type { z } from 'zod';
import type { assessmentContracts } from '../../../common/contracts/assessment';
import { api, type Query } from '../../shared/api/client';

/**
 * The calls of 党员奉献日 (dedication days and what members did on them) and of the year's result
 * (推荐、审批、公示、异议、证书、学期得分与摘牌) under /api/assessment, with their query keys. Types are
 * the server's contracts; the rest of the area's calls are in ./api.ts. Every key starts with
 * assessmentKeys.all (['assessment']), so the area's "refresh everything after a write" covers them.
 */
type C = typeof assessmentContracts;
type Res<K extends keyof C> = C[K] extends { response: z.ZodType } ? z.infer<C[K]['response']> : never;
type Body<K extends keyof C> = C[K] extends { body: z.ZodType } ? z.input<C[K]['body']> : never;

export type {
  DedicationDayView,
  DedicationEntryInput,
  DedicationEntryView,
  DedicationKind,
  NominationStatus,
  NominationView,
} from '../../../common/contracts/assessment';
export { DEDICATION_KINDS, NOMINATION_STATUSES } from '../../../common/contracts/assessment';

export type DedicationDayPage = Res<'listDedicationDays'>;
export type DedicationEntryPage = Res<'listDedicationEntries'>;
export type CreateDedicationDayBody = Body<'createDedicationDay'>;
export type NominationPage = Res<'listNominations'>;
export type PublicityView = NonNullable<NominationPage['publicity']>;
export type ObjectionView = Res<'listObjections'>['items'][number];
export type NominateBody = Body<'nominate'>;
export type DecideNominationBody = Body<'decideNomination'>;
export type OpenPublicityBody = Body<'openPublicity'>;
export type HandleObjectionBody = Body<'handleObjection'>;
export type SemesterScoreBody = Body<'semesterScore'>;

/** The route's limits on a dedication photo (JPG/PNG, ≤ 8 MB, 9 per entry), checked before sending. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS = 9;
export const PHOTO_ACCEPT = ['.jpg', '.jpeg', '.png'];

export const resultsKeys = {
  dedicationDays: ['assessment', 'dedication', 'days'] as const,
  dedicationEntries: ['assessment', 'dedication', 'entries'] as const,
  nominations: ['assessment', 'results', 'nominations'] as const,
  objections: (year: number) => ['assessment', 'results', 'objections', year] as const,
};

export const resultsApi = {
  dedicationDays: (q: Query, signal?: AbortSignal) =>
    api.get<DedicationDayPage>('/assessment/dedication-days', q, signal),
  createDedicationDay: (body: CreateDedicationDayBody) =>
    api.post<Res<'createDedicationDay'>>('/assessment/dedication-days', body),
  deleteDedicationDay: (id: string) => api.del(`/assessment/dedication-days/${id}`),
  dedicationEntries: (q: Query, signal?: AbortSignal) =>
    api.get<DedicationEntryPage>('/assessment/dedication-entries', q, signal),
  createDedicationEntry: (dayId: string, body: Body<'createDedicationEntry'>) =>
    api.post<Res<'createDedicationEntry'>>(`/assessment/dedication-days/${dayId}/entries`, body),
  updateDedicationEntry: (entryId: string, body: Body<'updateDedicationEntry'>) =>
    api.put<Res<'updateDedicationEntry'>>(`/assessment/dedication-entries/${entryId}`, body),
  deleteDedicationEntry: (entryId: string) => api.del(`/assessment/dedication-entries/${entryId}`),
  removeDedicationPhoto: (entryId: string, key: string) =>
    api.del<Res<'updateDedicationEntry'>>(`/assessment/dedication-entries/${entryId}/photos/${key}`),
  /** Where a photo is posted (useUpload). */
  dedicationPhotosPath: (entryId: string) => `/assessment/dedication-entries/${entryId}/photos`,

  nominations: (q: Query, signal?: AbortSignal) =>
    api.get<NominationPage>('/assessment/nominations', q, signal),
  nominate: (body: NominateBody) => api.post<Res<'nominate'>>('/assessment/nominations', body),
  decideNomination: (id: string, body: DecideNominationBody) =>
    api.post<Res<'decideNomination'>>(`/assessment/nominations/${id}/decision`, body),
  semesterScore: (id: string, body: SemesterScoreBody) =>
    api.post<Res<'semesterScore'>>(`/assessment/nominations/${id}/semester-scores`, body),
  openPublicity: (body: OpenPublicityBody) => api.post<PublicityView>('/assessment/publicity', body),
  closePublicity: (year: number) => api.post<PublicityView>(`/assessment/publicity/${year}/close`),
  objections: (year: number, signal?: AbortSignal) =>
    api.get<Res<'listObjections'>>('/assessment/objections', { year }, signal),
  handleObjection: (id: string, body: HandleObjectionBody) =>
    api.post<Res<'handleObjection'>>(`/assessment/objections/${id}/decision`, body),
  /** The PDFs, for useDownload (`year`, and `id` for one certificate). */
  certificatesPath: '/assessment/certificates.pdf',
  plaquesPath: '/assessment/plaques.pdf',
};
