import type { z } from 'zod';
import type { assessmentContracts } from '../../../common/contracts/assessment';
import { api, type Query } from '../../shared/api/client';

/**
 * The assessment area's calls (/api/assessment: schemes, vanguard posts, evidence, scores,
 * self-evaluations) and their query keys; types are the server's contracts. The democratic
 * appraisal (民主评议) has its own calls under ./appraisal.
 */
type C = typeof assessmentContracts;
type Res<K extends keyof C> = C[K] extends { response: z.ZodType } ? z.infer<C[K]['response']> : never;
type Body<K extends keyof C> = C[K] extends { body: z.ZodType } ? z.input<C[K]['body']> : never;

export type {
  AppraisalGrade,
  AspectSource,
  EvidenceDetails,
  EvidenceInput,
  EvidenceKind,
  EvidenceStatus,
  EvidenceView,
  Level,
  PostStatus,
  PostView,
  Rank,
  SchemeAspect,
  SchemeBand,
  SchemeConfig,
  SchemeVeto,
  SchemeView,
  ScoreView,
  ScoringRule,
  SelfEvaluationView,
} from '../../../common/contracts/assessment';
export {
  APPRAISAL_GRADES,
  ASPECT_SOURCES,
  EVIDENCE_KINDS,
  EVIDENCE_REQUIREMENTS,
  EVIDENCE_STATUSES,
  LEVELS,
  POST_STATUSES,
  RANKS,
} from '../../../common/contracts/assessment';

export type SchemeAnswer = Res<'getScheme'>;
export type SchemeListItem = Res<'listSchemes'>['items'][number];
export type MyPost = Res<'myPost'>;
export type PostPage = Res<'listPosts'>;
export type EvidencePage = Res<'listEvidence'>;
export type ScoreRow = Res<'listScores'>['items'][number];
export type ScorePage = Res<'listScores'>;
export type AspectScore = Res<'myScore'>['aspects'][number];
export type ScoreItem = AspectScore['items'][number];
export type SelfEvaluationAnswer = Res<'mySelfEvaluation'>;
export type CreateEvidenceBody = Body<'createEvidence'>;
export type UpdateEvidenceBody = Body<'updateEvidence'>;
export type DeclarePostBody = Body<'declarePost'>;
export type UpdateSchemeBody = Body<'updateScheme'>;
export type PutSelfEvaluationBody = Body<'putSelfEvaluation'>;

/** The route's limit on a proof file (pdf/jpg/png, ≤ 10 MB), checked before sending. */
export const MAX_EVIDENCE_FILE_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_FILE_ACCEPT = ['.pdf', '.jpg', '.jpeg', '.png'];

export const assessmentKeys = {
  /** Everything of the area: invalidated after any write (a verification moves scores and freezes the scheme). */
  all: ['assessment'] as const,
  schemes: ['assessment', 'schemes'] as const,
  scheme: (year: number) => ['assessment', 'scheme', year] as const,
  myPost: (year: number) => ['assessment', 'posts', 'mine', year] as const,
  posts: ['assessment', 'posts', 'list'] as const,
  evidence: ['assessment', 'evidence', 'list'] as const,
  myEvidence: (year: number) => ['assessment', 'evidence', 'mine', year] as const,
  myScore: (year: number) => ['assessment', 'scores', 'mine', year] as const,
  personScore: (personId: string, year: number) =>
    ['assessment', 'scores', 'person', personId, year] as const,
  scores: ['assessment', 'scores', 'list'] as const,
  mySelfEvaluation: (year: number) => ['assessment', 'self', 'mine', year] as const,
  personSelfEvaluation: (personId: string, year: number) =>
    ['assessment', 'self', 'person', personId, year] as const,
};

export const assessmentApi = {
  schemes: (signal?: AbortSignal) => api.get<Res<'listSchemes'>>('/assessment/schemes', undefined, signal),
  scheme: (year: number, signal?: AbortSignal) =>
    api.get<SchemeAnswer>(`/assessment/schemes/${year}`, undefined, signal),
  createScheme: (body: Body<'createScheme'>) => api.post<Res<'createScheme'>>('/assessment/schemes', body),
  updateScheme: (year: number, body: UpdateSchemeBody) =>
    api.put<Res<'updateScheme'>>(`/assessment/schemes/${year}`, body),
  freezeScheme: (year: number) => api.post<Res<'freezeScheme'>>(`/assessment/schemes/${year}/freeze`),

  posts: (q: Query, signal?: AbortSignal) => api.get<PostPage>('/assessment/posts', q, signal),
  myPost: (year: number, signal?: AbortSignal) => api.get<MyPost>('/assessment/posts/mine', { year }, signal),
  declarePost: (body: DeclarePostBody) => api.put<Res<'declarePost'>>('/assessment/posts/mine', body),
  decidePost: (id: string, body: Body<'decidePost'>) =>
    api.post<Res<'decidePost'>>(`/assessment/posts/${id}/decision`, body),

  evidence: (q: Query, signal?: AbortSignal) => api.get<EvidencePage>('/assessment/evidence', q, signal),
  evidenceItem: (id: string, signal?: AbortSignal) =>
    api.get<Res<'getEvidence'>>(`/assessment/evidence/${id}`, undefined, signal),
  createEvidence: (body: CreateEvidenceBody) => api.post<Res<'createEvidence'>>('/assessment/evidence', body),
  updateEvidence: (id: string, body: UpdateEvidenceBody) =>
    api.patch<Res<'updateEvidence'>>(`/assessment/evidence/${id}`, body),
  verifyEvidence: (id: string) => api.post<Res<'verifyEvidence'>>(`/assessment/evidence/${id}/verify`),
  returnEvidence: (id: string, reason: string) =>
    api.post<Res<'returnEvidence'>>(`/assessment/evidence/${id}/return`, { reason }),
  withdrawEvidence: (id: string) => api.post<Res<'withdrawEvidence'>>(`/assessment/evidence/${id}/withdraw`),
  deleteEvidenceFile: (id: string, fileId: string) =>
    api.del<Res<'getEvidence'>>(`/assessment/evidence/${id}/files/${fileId}`),
  /** Paths of the file endpoints, for useUpload / useDownload. */
  evidenceFilesPath: (id: string) => `/assessment/evidence/${id}/files`,
  evidenceFilePath: (id: string, fileId: string) => `/assessment/evidence/${id}/files/${fileId}`,

  myScore: (year: number, signal?: AbortSignal) =>
    api.get<Res<'myScore'>>('/assessment/scores/mine', { year }, signal),
  personScore: (personId: string, year: number, signal?: AbortSignal) =>
    api.get<Res<'personScore'>>(`/assessment/scores/${personId}`, { year }, signal),
  scores: (q: Query, signal?: AbortSignal) => api.get<ScorePage>('/assessment/scores', q, signal),

  mySelfEvaluation: (year: number, signal?: AbortSignal) =>
    api.get<SelfEvaluationAnswer>('/assessment/self-evaluations/mine', { year }, signal),
  putSelfEvaluation: (body: PutSelfEvaluationBody) =>
    api.put<Res<'putSelfEvaluation'>>('/assessment/self-evaluations/mine', body),
  personSelfEvaluation: (personId: string, year: number, signal?: AbortSignal) =>
    api.get<SelfEvaluationAnswer>(`/assessment/self-evaluations/${personId}`, { year }, signal),
};

/** Points as the console shows them: at most one decimal, no trailing zero (7.5, 8). */
export const pts = (v: number | null | undefined) =>
  v === null || v === undefined ? '' : String(Math.round(v * 10) / 10);
