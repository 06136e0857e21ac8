import type { StatsView } from '../../../../common/contracts/assessmentStats';
import { api } from '../../../shared/api/client';

/**
 * The assessment's statistics (/api/assessment/stats): the figures of a year against the year
 * before, and the paths of the two downloads (for useDownload). Types are the server's contract.
 */
export type {
  StatsFigure,
  StatsFigures,
  StatsRow,
  StatsView,
} from '../../../../common/contracts/assessmentStats';
export { STATS_FIGURES } from '../../../../common/contracts/assessmentStats';

export const statsKeys = {
  stats: (year: number) => ['assessment', 'stats', year] as const,
};

export const statsApi = {
  stats: (year: number, signal?: AbortSignal) => api.get<StatsView>('/assessment/stats', { year }, signal),
  xlsxPath: '/assessment/stats.xlsx',
  docxPath: '/assessment/stats.docx',
};
