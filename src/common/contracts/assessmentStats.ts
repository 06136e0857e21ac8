import { z } from 'zod';
import { year } from '../schemas';
import { LEVELS } from './assessment';

/**
 * The assessment area's year in figures (考核统计), under /api/assessment/stats: what the general
 * branch writes into its annual work report ("19 名党员获评先进，18 名党员辅导学生获奖……"), for the
 * park, by school and by branch, against the year before. Counted from verified evidence only,
 * approved vanguard posts, submitted self-evaluations and dedication-day entries, each grouped by
 * the branch and school it was recorded under that year (the snapshot columns), never by where the
 * member is today: a year's figures do not change when a member moves.
 */

/** The figures, in the order the console, the spreadsheet and the report list them. */
export const STATS_FIGURES = [
  'honouredMembers',
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
] as const;
export type StatsFigure = (typeof STATS_FIGURES)[number];

const count = z.number().int().min(0);

export const statsFigures = z.object({
  /** Distinct members with a verified honour (荣誉称号). */
  honouredMembers: count,
  /**
   * The honoured members by the highest level of their honours in the group: each counts once, so
   * the levels add up to `honouredMembers`.
   */
  honouredByLevel: z.object(
    Object.fromEntries(LEVELS.map((l) => [l, count])) as Record<(typeof LEVELS)[number], typeof count>,
  ),
  /** Distinct members with verified coaching evidence (辅导学生获奖). */
  coachingMembers: count,
  /** Distinct students coached to an award: the park's students by id plus the named others by name. */
  coachedStudents: count,
  /** Distinct members with a verified paper that won an award (a paper with a level). */
  paperMembers: count,
  /** Verified papers with a level (获奖论文). */
  awardedPapers: count,
  /** Distinct members with a verified title promotion (职称晋升). */
  titlePromotions: count,
  /** Approved vanguard posts (党员先锋岗) of the year. */
  vanguardPosts: count,
  /** Members who submitted the year's self-evaluation. */
  selfEvaluations: count,
  /** Dedication-day hours (党员奉献日), one decimal. */
  dedicationHours: z.number().min(0),
  /** Dedication-day home visits (重点家访) and enterprise visits (下企业), entries. */
  homeVisits: count,
  enterpriseVisits: count,
});
export type StatsFigures = z.infer<typeof statsFigures>;

/** One school's or branch's figures: the chosen year and the year before. */
export const statsRow = z.object({
  /** The school or branch; null for the branches directly under the general branch (园区直属). */
  id: z.string().uuid().nullable(),
  name: z.string(),
  /** Branch rows: the school it was in that year (null: directly under the general branch). */
  schoolId: z.string().uuid().nullable(),
  schoolName: z.string().nullable(),
  current: statsFigures,
  previous: statsFigures,
});
export type StatsRow = z.infer<typeof statsRow>;

export const statsView = z.object({
  year: z.number().int(),
  previousYear: z.number().int(),
  /** Whose figures these are: the general branch, a school, a branch (or several, joined by 、). */
  scopeName: z.string(),
  /** Park-wide reach: the total is the park's. */
  parkWide: z.boolean(),
  /** Totals over the rows in the reader's reach (distinct counts are distinct over all of them). */
  total: z.object({ current: statsFigures, previous: statsFigures }),
  schools: z.array(statsRow),
  branches: z.array(statsRow),
});
export type StatsView = z.infer<typeof statsView>;

const yearQuery = z.object({ year: year() });

export const assessmentStatsContracts = {
  stats: { querystring: yearQuery, response: statsView },
  statsXlsx: { querystring: yearQuery },
  statsDocx: { querystring: yearQuery },
};
