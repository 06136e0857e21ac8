import { z } from 'zod';
import { schemeYear } from './assessment';
import { id, optionalText, text, year } from '../schemas';

/**
 * Branch star rating (支部评星定级) on the assessment engine: request and response shapes of
 * /api/assessment/branch-rating. The rating scheme is data per park and year (`RatingConfig`):
 * standards with points and where their figure comes from, and the star thresholds. Points carry at
 * most one decimal; the server computes in tenths (areas/assessment/rules/branchRating.ts).
 */

export const STANDARD_SOURCES = ['meetings', 'dues', 'activities', 'evidence', 'manual'] as const;
export type StandardSource = (typeof STANDARD_SOURCES)[number];

export const RATING_STATUSES = ['draft', 'selfRated', 'rated'] as const;
export type RatingStatus = (typeof RATING_STATUSES)[number];

export const BRANCH_EVIDENCE_STATUSES = ['submitted', 'scored', 'returned'] as const;
export type BranchEvidenceStatus = (typeof BRANCH_EVIDENCE_STATUSES)[number];

/** Points: ≥ 0, ≤ max, at most one decimal. */
export const ratingPoints = (label: string, max = 100) =>
  z
    .number(`${label}应为数字`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`)
    .refine((v) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, { message: `${label}最多保留一位小数` });

const standardKey = z
  .string('请填写标准代码')
  .regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, '标准代码只能是字母和数字，以字母开头，不超过 32 位');

export const ratingStandard = z.object({
  key: standardKey,
  name: text('标准名称', 20),
  max: ratingPoints('满分'),
  /** Where the computed figure comes from; 'manual' has none (the general branch scores it). */
  source: z.enum(STANDARD_SOURCES, '计分来源不正确'),
  /** activities: points for each activity organised by the branch and held in the year. */
  pointsEach: ratingPoints('每次活动分值').nullable().optional(),
  description: optionalText('说明', 200),
});
export type RatingStandard = z.infer<typeof ratingStandard>;

export const starThreshold = z.object({
  stars: z.number().int().min(1, '星级为 1 至 5').max(5, '星级为 1 至 5'),
  min: ratingPoints('分数线'),
});
export type StarThreshold = z.infer<typeof starThreshold>;

export const ratingConfig = z.object({
  standards: z.array(ratingStandard).min(1, '至少需要一项评星标准').max(20, '评星标准最多 20 项'),
  /** One threshold per star level, five down to one (≥ min gives the stars). */
  thresholds: z.array(starThreshold).length(5, '需要为五个星级各设一条分数线'),
});
export type RatingConfig = z.infer<typeof ratingConfig>;

export const ratingSchemeView = z.object({
  id: id(),
  year: z.number().int(),
  version: z.number().int(),
  status: z.enum(['draft', 'frozen']),
  frozenAt: z.string().nullable(),
  frozenReason: z.string().nullable(),
  config: ratingConfig,
  updatedAt: z.string(),
});
export type RatingSchemeView = z.infer<typeof ratingSchemeView>;

/** What the data says for one standard (null for manual standards). */
export const computedFigure = z.object({
  points: z.number(),
  /** The figure in words: 「应开 28 期，按时开 21 期（75%）」. */
  detail: z.string(),
});
export type ComputedFigure = z.infer<typeof computedFigure>;

export const standardRow = z.object({
  key: z.string(),
  name: z.string(),
  max: z.number(),
  source: z.enum(STANDARD_SOURCES),
  computed: computedFigure.nullable(),
  selfScore: z.number().nullable(),
  statement: z.string().nullable(),
  finalScore: z.number().nullable(),
  note: z.string().nullable(),
});
export type StandardRow = z.infer<typeof standardRow>;

export const ratingView = z.object({
  branchId: id(),
  branchName: z.string(),
  year: z.number().int(),
  status: z.enum(RATING_STATUSES),
  schemeVersion: z.number().int().nullable(),
  standards: z.array(standardRow),
  computedTotal: z.number(),
  selfTotal: z.number().nullable(),
  finalTotal: z.number().nullable(),
  stars: z.number().int().nullable(),
  selfRatedAt: z.string().nullable(),
  ratedAt: z.string().nullable(),
  /** Computed figures are live until the rating is published, then the snapshot taken then. */
  figuresAsOf: z.string().nullable(),
  canSelfRate: z.boolean(),
  canRate: z.boolean(),
});
export type RatingView = z.infer<typeof ratingView>;

export const branchEvidenceView = z.object({
  id: id(),
  year: z.number().int(),
  branchId: id(),
  branchName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(BRANCH_EVIDENCE_STATUSES),
  score: z.number().nullable(),
  note: z.string().nullable(),
  returnReason: z.string().nullable(),
  file: z.object({ filename: z.string(), contentType: z.string(), size: z.number().int() }).nullable(),
  createdAt: z.string(),
  canEdit: z.boolean(),
  canScore: z.boolean(),
});
export type BranchEvidenceView = z.infer<typeof branchEvidenceView>;

const yearParams = z.object({ year: schemeYear() });
const yearQuery = z.object({ year: year() });
const branchParams = z.object({ branchId: id('党支部编号') });
const entryScore = (label: string) => ratingPoints(label);

export const branchRatingContracts = {
  getScheme: {
    params: yearParams,
    response: z.object({
      scheme: ratingSchemeView.nullable(),
      template: z.object({ from: z.enum(['default', 'lastYear']), config: ratingConfig }),
      canManage: z.boolean(),
    }),
  },
  createScheme: {
    body: z.object({
      year: schemeYear(),
      from: z.enum(['default', 'lastYear'], '只能从默认方案或上年方案创建'),
    }),
    response: ratingSchemeView,
  },
  updateScheme: {
    params: yearParams,
    body: z.object({ config: ratingConfig, version: z.number().int().min(1) }),
    response: ratingSchemeView,
  },
  board: {
    querystring: yearQuery,
    response: z.object({
      year: z.number().int(),
      scheme: ratingSchemeView.nullable(),
      canManage: z.boolean(),
      items: z.array(ratingView),
    }),
  },
  getRating: { params: branchParams, querystring: yearQuery, response: ratingView },
  selfRate: {
    params: branchParams,
    body: z.object({
      year: year(),
      entries: z.record(
        z.string(),
        z.object({ score: entryScore('自评分'), statement: text('自评说明', 500) }),
      ),
    }),
    response: ratingView,
  },
  rate: {
    params: branchParams,
    body: z.object({
      year: year(),
      entries: z.record(
        z.string(),
        z.object({ score: entryScore('评定分'), note: optionalText('评定意见', 500) }),
      ),
    }),
    response: ratingView,
  },
  listEvidence: {
    querystring: z.object({
      year: year(),
      branchId: id('党支部编号').optional(),
      status: z.enum(BRANCH_EVIDENCE_STATUSES).optional(),
    }),
    response: z.object({ items: z.array(branchEvidenceView) }),
  },
  createEvidence: {
    body: z.object({
      year: year(),
      branchId: id('党支部编号'),
      title: text('材料名称', 60),
      description: optionalText('材料说明', 500),
    }),
    response: branchEvidenceView,
  },
  updateEvidence: {
    params: z.object({ id: id() }),
    body: z.object({ title: text('材料名称', 60), description: optionalText('材料说明', 500) }),
    response: branchEvidenceView,
  },
  evidenceParams: z.object({ id: id() }),
  scoreEvidence: {
    params: z.object({ id: id() }),
    body: z.object({ score: ratingPoints('材料得分'), note: optionalText('评分意见', 200) }),
    response: branchEvidenceView,
  },
  returnEvidence: {
    params: z.object({ id: id() }),
    body: z.object({ reason: text('退回理由', 200) }),
    response: branchEvidenceView,
  },
};
