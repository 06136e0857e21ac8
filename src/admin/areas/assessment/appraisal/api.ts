import type { z } from 'zod';
import type { appraisalContracts } from '../../../../common/contracts/assessmentAppraisal';
import { api, type Query } from '../../../shared/api/client';

/**
 * The democratic appraisal's calls (/api/assessment/appraisal: rounds, the roll and turnout, the
 * count and the committee's grades; a member's ballot papers and receipts) and their query keys;
 * types are the server's contracts.
 */
type C = typeof appraisalContracts;
type Res<K extends keyof C> = C[K] extends { response: z.ZodType } ? z.infer<C[K]['response']> : never;
type Body<K extends keyof C> = C[K] extends { body: z.ZodType } ? z.input<C[K]['body']> : never;

export type {
  BallotInput,
  CandidateView,
  ExclusionCategory,
  PaperView,
  RoundListItem,
  RoundMode,
  RoundNodeView,
  RoundStatus,
  RoundView,
  SubjectRow,
  TallyView,
  TurnoutView,
  VoterRow,
} from '../../../../common/contracts/assessmentAppraisal';
export { EXCLUSION_CATEGORIES, ROUND_MODES } from '../../../../common/contracts/assessmentAppraisal';

export type RoundPage = Res<'listRounds'>;
export type OpenRoundBody = Body<'openRound'>;
export type CastAnswer = Res<'castPaper'>;
export type ReceiptAnswer = Res<'checkReceipt'>;
export type TurnoutAnswer = Res<'turnout'>;

const B = '/assessment/appraisal';

export const appraisalKeys = {
  /** Everything of the appraisal: invalidated after any write. */
  all: ['assessment', 'appraisal'] as const,
  rounds: ['assessment', 'appraisal', 'rounds'] as const,
  round: (id: string) => ['assessment', 'appraisal', 'round', id] as const,
  turnout: (id: string) => ['assessment', 'appraisal', 'round', id, 'turnout'] as const,
  nodes: ['assessment', 'appraisal', 'nodes'] as const,
  candidates: (nodeId: string) => ['assessment', 'appraisal', 'candidates', nodeId] as const,
  papers: ['assessment', 'appraisal', 'papers'] as const,
};

export const appraisalApi = {
  rounds: (q: Query, signal?: AbortSignal) => api.get<RoundPage>(`${B}/rounds`, q, signal),
  nodes: (signal?: AbortSignal) => api.get<Res<'roundNodes'>>(`${B}/nodes`, undefined, signal),
  candidates: (orgNodeId: string, signal?: AbortSignal) =>
    api.get<Res<'candidates'>>(`${B}/candidates`, { orgNodeId }, signal),
  open: (body: OpenRoundBody) => api.post<Res<'openRound'>>(`${B}/rounds`, body),
  round: (id: string, signal?: AbortSignal) =>
    api.get<Res<'getRound'>>(`${B}/rounds/${id}`, undefined, signal),
  turnout: (id: string, signal?: AbortSignal) =>
    api.get<TurnoutAnswer>(`${B}/rounds/${id}/turnout`, undefined, signal),
  close: (id: string) => api.post<Res<'closeRound'>>(`${B}/rounds/${id}/close`),
  finalize: (id: string, body: Body<'finalizeRound'>) =>
    api.post<Res<'finalizeRound'>>(`${B}/rounds/${id}/finalize`, body),

  papers: (signal?: AbortSignal) => api.get<Res<'myPapers'>>(`${B}/papers/mine`, undefined, signal),
  cast: (id: string, body: Body<'castPaper'>) => api.post<CastAnswer>(`${B}/rounds/${id}/ballots`, body),
  checkReceipt: (id: string, code: string) => api.post<ReceiptAnswer>(`${B}/rounds/${id}/receipt`, { code }),
};
