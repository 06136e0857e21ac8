import { LEVELS, type Level } from '../../../../common/contracts/assessment';
import type { StatsFigure, StatsFigures, StatsView } from '../../../../common/contracts/assessmentStats';
import { LEVEL_LABELS } from '../rules/scoring';

/**
 * The statistics in words: the labels the spreadsheet's columns carry and the paragraph the Word
 * download holds, ready to paste into the annual work report (年度工作总结). Pure.
 */

export interface FigureLabel {
  /** What is counted, as a column header says it. */
  label: string;
  /** The unit of a column header (人, 篇 …). */
  unit: string;
  /** The measure word of a sentence (名, 篇 …). */
  measure: string;
}

export const FIGURE_LABELS: Record<StatsFigure, FigureLabel> = {
  honouredMembers: { label: '获评先进的党员', unit: '人', measure: '名' },
  coachingMembers: { label: '辅导学生获奖的党员', unit: '人', measure: '名' },
  coachedStudents: { label: '获奖学生', unit: '人', measure: '名' },
  paperMembers: { label: '论文获奖的党员', unit: '人', measure: '名' },
  awardedPapers: { label: '获奖论文', unit: '篇', measure: '篇' },
  titlePromotions: { label: '职称晋升的党员', unit: '人', measure: '名' },
  vanguardPosts: { label: '党员先锋岗', unit: '个', measure: '个' },
  selfEvaluations: { label: '提交自评的党员', unit: '人', measure: '名' },
  dedicationHours: { label: '奉献日服务时长', unit: '小时', measure: '小时' },
  homeVisits: { label: '重点家访', unit: '次', measure: '次' },
  enterpriseVisits: { label: '走访企业', unit: '次', measure: '次' },
};

/** Levels from the highest down, as a report lists them. */
export const LEVELS_DOWN: readonly Level[] = [...LEVELS].reverse();

/** A line of the statistics: a figure, or the honoured members of one level. */
export interface StatsLine {
  label: string;
  unit: string;
  value: (f: StatsFigures) => number;
  /** Hours carry one decimal. */
  decimal?: boolean;
}

/** Every line, in the order the spreadsheet lists them (the levels under the honoured members). */
export const STATS_LINES: StatsLine[] = [
  { ...FIGURE_LABELS.honouredMembers, value: (f) => f.honouredMembers },
  ...LEVELS_DOWN.map((l) => ({
    label: `其中${LEVEL_LABELS[l]}`,
    unit: '人',
    value: (f: StatsFigures) => f.honouredByLevel[l],
  })),
  ...(
    [
      'coachingMembers',
      'coachedStudents',
      'paperMembers',
      'awardedPapers',
      'titlePromotions',
      'vanguardPosts',
      'selfEvaluations',
      'dedicationHours',
      'homeVisits',
      'enterpriseVisits',
    ] as const
  ).map((k) => ({ ...FIGURE_LABELS[k], value: (f: StatsFigures) => f[k], decimal: k === 'dedicationHours' })),
];

/** A line as a column header: 获奖论文（篇）. */
export const lineHeader = (l: StatsLine) => `${l.label}（${l.unit}）`;

/** A number as a report prints it: hours with their one decimal only when there is one. */
export const formatNumber = (n: number) =>
  Number.isInteger(n) ? String(n) : (Math.round(n * 10) / 10).toFixed(1);

/** The change from last year in words: 增加 3 名 / 减少 2 篇 / 持平. */
export function changeWords(current: number, previous: number, measure: string): string {
  const d = Math.round((current - previous) * 10) / 10;
  if (d === 0) return '持平';
  return `${d > 0 ? '增加' : '减少'} ${formatNumber(Math.abs(d))} ${measure}`;
}

/** The figures the year-over-year sentence compares. */
const COMPARED: readonly StatsFigure[] = [
  'honouredMembers',
  'coachedStudents',
  'awardedPapers',
  'titlePromotions',
  'vanguardPosts',
  'dedicationHours',
];

const isEmpty = (f: StatsFigures) =>
  Object.entries(f).every(([k, v]) => (k === 'honouredByLevel' ? true : v === 0));

/**
 * The paragraph for the annual work report, e.g. "2026 年，园区党总支共有 19 名党员获评先进（其中
 * 省级 3 名、市级 16 名），18 名党员辅导 35 名学生在竞赛中获奖……". The comparison with the year
 * before is left out when that year has nothing recorded (there is nothing to compare with).
 */
export function reportParagraph(s: StatsView): string {
  const f = s.total.current;
  const levels = LEVELS_DOWN.filter((l) => f.honouredByLevel[l] > 0).map(
    (l) => `${LEVEL_LABELS[l]} ${f.honouredByLevel[l]} 名`,
  );
  const n = formatNumber;
  let text =
    `${s.year} 年，${s.scopeName}共有 ${f.honouredMembers} 名党员获评先进` +
    (levels.length ? `（其中${levels.join('、')}）` : '') +
    `，${f.coachingMembers} 名党员辅导 ${f.coachedStudents} 名学生在竞赛中获奖，` +
    `${f.paperMembers} 名党员的 ${f.awardedPapers} 篇论文获奖，${f.titlePromotions} 名党员晋升专业技术职称；` +
    `获批党员先锋岗 ${f.vanguardPosts} 个，${f.selfEvaluations} 名党员提交年度自评；` +
    `党员奉献日累计服务 ${n(f.dedicationHours)} 小时，开展重点家访 ${f.homeVisits} 次、走访企业 ${f.enterpriseVisits} 次。`;
  const p = s.total.previous;
  if (!isEmpty(p)) {
    const changes = COMPARED.map((k) => {
      const l = FIGURE_LABELS[k];
      return `${l.label}${changeWords(f[k], p[k], l.measure)}`;
    });
    text += `与 ${s.previousYear} 年相比，${changes.join('，')}。`;
  }
  return text;
}
