/**
 * Branch star rating (支部评星定级), pure: the default rating scheme, its checks beyond shape, the
 * computed figure of each kind of standard, and stars by threshold. Everything is worked in tenths
 * of a point (integers) so 0.1 + 0.2 never drifts. RULES.md §5 (organisational life) is where the
 * meetings figure comes from; the points and thresholds themselves are local (all data).
 */

import type { RatingConfig, StarThreshold } from '../../../../common/contracts/branchRating';

export const RATING_RULE_VERSION = 'branchRating.v1';

/**
 * The default: 三会一课 30, 党费收缴 20, 主题活动 15, 发展党员 15 (manual until the development
 * area exists), 支部佐证材料 20; ★★★★★ from 90, then 80 / 70 / 60 / 50.
 */
export const DEFAULT_RATING_CONFIG: RatingConfig = {
  standards: [
    {
      key: 'meetings',
      name: '三会一课',
      max: 30,
      source: 'meetings',
      description: '按组织生活要求（RULES §5）统计到期各期按时召开的比例 × 满分',
    },
    {
      key: 'dues',
      name: '党费收缴',
      max: 20,
      source: 'dues',
      description: '本年度已缴党费占应缴党费的比例 × 满分',
    },
    {
      key: 'activities',
      name: '主题活动',
      max: 15,
      source: 'activities',
      pointsEach: 3,
      description: '本支部组织并已举办的活动，每次 3 分，累计不超过满分',
    },
    {
      key: 'development',
      name: '发展党员',
      max: 15,
      source: 'manual',
      description: '发展党员模块上线前由党总支人工评定',
    },
    {
      key: 'evidence',
      name: '支部佐证材料',
      max: 20,
      source: 'evidence',
      description: '支部上传的佐证材料，由党总支逐份评分，合计不超过满分',
    },
  ],
  thresholds: [
    { stars: 5, min: 90 },
    { stars: 4, min: 80 },
    { stars: 3, min: 70 },
    { stars: 2, min: 60 },
    { stars: 1, min: 50 },
  ],
};

export const toTenths = (points: number) => Math.round(points * 10);
export const fromTenths = (tenths: number) => tenths / 10;

export interface RatingProblem {
  field: string;
  message: string;
}

/** The checks beyond the contract's shape; an empty list means the scheme is sound. */
export function ratingProblems(config: RatingConfig): RatingProblem[] {
  const problems: RatingProblem[] = [];
  const keys = new Set<string>();
  config.standards.forEach((s, i) => {
    if (keys.has(s.key)) problems.push({ field: `standards.${i}.key`, message: `标准代码「${s.key}」重复` });
    keys.add(s.key);
    if (s.max <= 0) problems.push({ field: `standards.${i}.max`, message: `「${s.name}」的满分应大于 0` });
    if (s.source === 'activities' && !(s.pointsEach && s.pointsEach > 0))
      problems.push({
        field: `standards.${i}.pointsEach`,
        message: `「${s.name}」按活动计分，请填写每次活动的分值`,
      });
  });
  const total = config.standards.reduce((a, s) => a + toTenths(s.max), 0);
  if (total !== 1000)
    problems.push({
      field: 'standards',
      message: `各项标准满分合计应为 100 分（现为 ${fromTenths(total)} 分）`,
    });
  const byStars = [...config.thresholds].sort((a, b) => b.stars - a.stars);
  const levels = new Set(config.thresholds.map((t) => t.stars));
  if (levels.size !== 5)
    problems.push({ field: 'thresholds', message: '需要为一星至五星各设一条分数线，不能重复' });
  else
    for (let i = 1; i < byStars.length; i++)
      if (toTenths(byStars[i]!.min) >= toTenths(byStars[i - 1]!.min))
        problems.push({
          field: 'thresholds',
          message: `分数线应随星级从高到低递减：${byStars[i]!.stars} 星（${byStars[i]!.min} 分）应低于 ${byStars[i - 1]!.stars} 星（${byStars[i - 1]!.min} 分）`,
        });
  return problems;
}

/** Stars for a total (tenths): the highest level whose line it reaches; 0 below every line. */
export function starsFor(totalTenths: number, thresholds: readonly StarThreshold[]): number {
  const reached = thresholds.filter((t) => totalTenths >= toTenths(t.min)).map((t) => t.stars);
  return reached.length ? Math.max(...reached) : 0;
}

export interface Figure {
  tenths: number;
  detail: string;
}

const share = (num: number, den: number, maxTenths: number) =>
  den > 0 ? Math.round((maxTenths * num) / den) : 0;

const pct = (num: number, den: number) => `${Math.round((num * 1000) / den) / 10}%`;

/**
 * 三会一课: the periods that are due (ended, or already kept) over every rule of the orgLife board,
 * the share kept × max. A period still running and not yet kept is not counted either way.
 */
export function meetingsFigure(kept: number, due: number, max: number): Figure {
  if (due === 0) return { tenths: 0, detail: '本年度尚无到期的会议周期' };
  return {
    tenths: share(kept, due, toTenths(max)),
    detail: `到期 ${due} 期，按要求召开 ${kept} 期（${pct(kept, due)}）`,
  };
}

/**
 * 党费收缴: the year's dues paid (each member-month counted up to what was due, so an overpayment
 * does not cover another's arrears) over what was due, × max. Months all exempt (due 0) give full
 * points; no dues records at all give none (nothing shows the dues were collected).
 */
export function duesFigure(paidFen: number, dueFen: number, months: number, max: number): Figure {
  if (months === 0) return { tenths: 0, detail: '本年度没有应缴党费记录' };
  const yuan = (f: number) => (f / 100).toFixed(2);
  if (dueFen === 0) return { tenths: toTenths(max), detail: `${months} 个党员月份均免缴` };
  return {
    tenths: share(Math.min(paidFen, dueFen), dueFen, toTenths(max)),
    detail: `应缴 ${yuan(dueFen)} 元，已缴 ${yuan(Math.min(paidFen, dueFen))} 元（${pct(Math.min(paidFen, dueFen), dueFen)}）`,
  };
}

/** 主题活动: points for each activity held, up to max. */
export function activitiesFigure(held: number, pointsEach: number, max: number): Figure {
  const raw = held * toTenths(pointsEach);
  const tenths = Math.min(raw, toTenths(max));
  return {
    tenths,
    detail: `已举办 ${held} 次，每次 ${pointsEach} 分${raw > tenths ? `，已达上限 ${max} 分` : ''}`,
  };
}

/** 支部佐证材料: the scored evidence, added up to max. */
export function evidenceFigure(scoresTenths: readonly number[], max: number): Figure {
  const raw = scoresTenths.reduce((a, b) => a + b, 0);
  const tenths = Math.min(raw, toTenths(max));
  return {
    tenths,
    detail: `已评分材料 ${scoresTenths.length} 份，合计 ${fromTenths(raw)} 分${raw > tenths ? `，按上限计 ${max} 分` : ''}`,
  };
}

export const MANUAL_DETAIL = '由党总支人工评定';
