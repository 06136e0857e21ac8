import { z } from 'zod';
import { day, id, optionalText, pageQuery, page, searchText, text, year } from '../schemas';

/**
 * The annual quantified assessment (量化考核) and vanguard posts (党员先锋岗): request and response
 * shapes of /api/assessment (RULES.md §5–§6). The scheme's rules are data (`SchemeConfig`): the
 * console edits them, the server validates and scores by them (areas/assessment/rules/).
 * Points carry at most one decimal (0.5 分 is common); the server computes in tenths.
 */

// ——— vocabulary ———

export const LEVELS = ['school', 'county', 'city', 'province', 'nation'] as const;
export type Level = (typeof LEVELS)[number];
export const RANKS = ['first', 'second', 'third', 'excellence'] as const;
export type Rank = (typeof RANKS)[number];

export const EVIDENCE_KINDS = [
  'honour',
  'coaching',
  'paper',
  'titlePromotion',
  'classManagement',
  'examPassRate',
  'deduction',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const EVIDENCE_STATUSES = ['submitted', 'verified', 'returned', 'withdrawn'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

export const POST_STATUSES = ['submitted', 'approved', 'returned'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const ASPECT_SOURCES = ['evidence', 'appraisal', 'dedication'] as const;
export type AspectSource = (typeof ASPECT_SOURCES)[number];

export const APPRAISAL_GRADES = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type AppraisalGrade = (typeof APPRAISAL_GRADES)[number];

export const SCHEME_STATUSES = ['draft', 'frozen'] as const;

// ——— the scheme's rules as data ———

/** Points: ≥ 0, at most one decimal. */
const points = (label: string, max = 100) =>
  z
    .number(`${label}应为数字`)
    .min(0, `${label}不能为负数`)
    .max(max, `${label}不能超过 ${max}`)
    .refine((v) => Number.isInteger(Math.round(v * 10)) && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, {
      message: `${label}最多保留一位小数`,
    });

const aspectKey = z
  .string('请填写方面代码')
  .regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, '方面代码只能是字母和数字，以字母开头，不超过 32 位');

export const schemeAspect = z.object({
  key: aspectKey,
  name: text('方面名称', 20),
  /** The most this aspect can give; the maxima of all aspects add up to 100. */
  max: points('满分'),
  /** What every member starts with in this aspect (RULES §6: base + bonus − deductions). */
  base: points('基础分'),
  /** Where the points come from: verified evidence, the democratic appraisal, or dedication days. */
  source: z.enum(ASPECT_SOURCES, '计分来源只能是佐证材料、民主评议或奉献日'),
  description: optionalText('说明', 200),
});
export type SchemeAspect = z.infer<typeof schemeAspect>;

/** How one kind of evidence scores. */
export const scoringRule = z.object({
  kind: z.enum(EVIDENCE_KINDS, '材料类型不正确'),
  aspect: aspectKey,
  /** Points of one item regardless of level (used when the kind has no level, or for a level not listed). */
  fixed: points('每项分值').nullable().optional(),
  /** Points by level (校级 … 国家级). */
  byLevel: z.partialRecord(z.enum(LEVELS), points('分值')).optional(),
  /** Percent of the level's points by rank (一等奖 100 %, 二等奖 80 % …). */
  byRankPercent: z.partialRecord(z.enum(RANKS), z.number().int().min(0).max(100)).optional(),
  /** Exam pass rate: the highest threshold reached gives its points. */
  byPassRate: z
    .array(z.object({ min: z.number().min(0).max(100), points: points('分值') }))
    .max(10)
    .optional(),
  /** Coaching: the points count once per student coached. */
  perStudent: z.boolean().optional(),
  /** The most one item can give (a coaching award with many students). */
  itemCap: points('单项上限').nullable().optional(),
  /** The most this rule can give in the year (e.g. 3 points per item, ≤ 12). */
  cap: points('累计上限').nullable().optional(),
});
export type ScoringRule = z.infer<typeof scoringRule>;

/** A veto item (一票否决): ≥ N months of unpaid dues zeroes an aspect or the whole record. */
export const schemeVeto = z.object({
  kind: z.literal('duesArrears'),
  months: z.number().int().min(1).max(12),
  /** The aspect zeroed; null zeroes the total. */
  aspect: aspectKey.nullable(),
});
export type SchemeVeto = z.infer<typeof schemeVeto>;

export const schemeBand = z.object({ label: text('等次名称', 10), min: points('分数线') });
export type SchemeBand = z.infer<typeof schemeBand>;

export const schemeGrade = z.object({
  key: z.enum(APPRAISAL_GRADES),
  label: text('评议等次', 10),
  /** What a ballot of this grade is worth (100/85/70/50). */
  value: points('折算分'),
});

export const schemeConfig = z.object({
  aspects: z.array(schemeAspect).min(1, '至少设置一个考核方面').max(20, '考核方面最多 20 个'),
  rules: z.array(scoringRule).max(40),
  vetoes: z.array(schemeVeto).max(5),
  /** Grade bands of the total, highest first; the last starts at 0. */
  bands: z.array(schemeBand).min(1).max(8),
  appraisal: z.object({
    grades: z.array(schemeGrade).length(4),
    /** 优秀 may be given to at most this share of the members appraised (RULES §5: one third). */
    excellentCap: z.object({ numerator: z.number().int().min(1), denominator: z.number().int().min(1) }),
    mode: z.enum(['grades', 'scores']),
  }),
  /** Dedication days (党员奉献日) score into 'dedication' aspects: points per home visit, enterprise visit, hour. */
  dedication: z.object({
    perHomeVisit: points('每次家访分值'),
    perEnterpriseVisit: points('每次下企业分值'),
    perServiceHour: points('每小时志愿服务分值'),
  }),
  /** 公示: working days the proposed vanguard posts stay on the portal for objections. */
  publicityWorkingDays: z.number().int().min(1).max(30),
  /** A semester score below this withdraws the plaque (RULES §6: < 70). */
  withdrawalLine: points('摘牌分数线'),
});
export type SchemeConfig = z.infer<typeof schemeConfig>;

export const schemeView = z.object({
  id: z.string().uuid(),
  year: z.number().int(),
  name: z.string(),
  version: z.number().int(),
  status: z.enum(SCHEME_STATUSES),
  statusLabel: z.string(),
  frozenAt: z.string().nullable(),
  frozenReason: z.string().nullable(),
  config: schemeConfig,
  /** The sum of the aspects' maxima (100 in a valid scheme). */
  totalMax: z.number(),
  canEdit: z.boolean(),
  updatedAt: z.string(),
});
export type SchemeView = z.infer<typeof schemeView>;

export const schemeListItem = schemeView.pick({
  id: true,
  year: true,
  name: true,
  version: true,
  status: true,
  statusLabel: true,
  frozenAt: true,
  updatedAt: true,
});

/** A scheme's year: the tables hold 2000–2100 (an assessment of 1921 is a typing error). */
export const schemeYear = (label = '年度') =>
  year(label).min(2000, `${label}应在 2000–2100 年之间`).max(2100, `${label}应在 2000–2100 年之间`);

const yearParams = z.object({ year: schemeYear() });

// ——— posts ———

export const postView = z.object({
  id: z.string().uuid(),
  year: z.number().int(),
  personId: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  post: z.string(),
  duties: z.string(),
  pledge: z.string(),
  status: z.enum(POST_STATUSES),
  statusLabel: z.string(),
  returnReason: z.string().nullable(),
  showOnPortal: z.boolean(),
  decidedAt: z.string().nullable(),
  updatedAt: z.string(),
  canDecide: z.boolean(),
});
export type PostView = z.infer<typeof postView>;

// ——— evidence ———

/** Kind-specific fields. Which are required for which kind: EVIDENCE_REQUIREMENTS below. */
export const evidenceDetails = z.object({
  issuer: optionalText('授予单位', 60),
  studentNames: z.array(text('学生姓名', 20)).max(50).optional(),
  venue: optionalText('刊物或评比', 80),
  fromTitle: optionalText('原职称', 30),
  className: optionalText('班级', 40),
  passRate: z
    .number('合格率应为数字')
    .min(0, '合格率为 0–100')
    .max(100, '合格率为 0–100')
    .nullable()
    .optional(),
  points: points('扣分').nullable().optional(),
  description: optionalText('说明', 500),
});
export type EvidenceDetails = z.infer<typeof evidenceDetails>;

/** What each kind must carry, besides a title and a date (checked by the server, shown by the form). */
export const EVIDENCE_REQUIREMENTS: Record<
  EvidenceKind,
  { level: boolean; rank: boolean; students: boolean; venue: boolean; passRate: boolean; points: boolean }
> = {
  honour: { level: true, rank: false, students: false, venue: false, passRate: false, points: false },
  coaching: { level: true, rank: true, students: true, venue: false, passRate: false, points: false },
  paper: { level: false, rank: false, students: false, venue: true, passRate: false, points: false },
  titlePromotion: {
    level: false,
    rank: false,
    students: false,
    venue: false,
    passRate: false,
    points: false,
  },
  classManagement: {
    level: true,
    rank: false,
    students: false,
    venue: false,
    passRate: false,
    points: false,
  },
  examPassRate: { level: false, rank: false, students: false, venue: false, passRate: true, points: false },
  deduction: { level: false, rank: false, students: false, venue: false, passRate: false, points: true },
  other: { level: false, rank: false, students: false, venue: false, passRate: false, points: false },
};

export const evidenceInput = z.object({
  kind: z.enum(EVIDENCE_KINDS, '材料类型不正确'),
  title: text('名称', 100),
  level: z.enum(LEVELS, '级别不正确').nullable().optional(),
  rank: z.enum(RANKS, '奖项等级不正确').nullable().optional(),
  occurredOn: day('获得日期'),
  details: evidenceDetails.default({}),
  /** Students of the park coached to the award (besides `details.studentNames` for others). */
  studentIds: z.array(id('学生')).max(50).default([]),
});
export type EvidenceInput = z.infer<typeof evidenceInput>;

export const evidenceFileView = z.object({
  id: z.string().uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const evidenceView = z.object({
  id: z.string().uuid(),
  year: z.number().int(),
  personId: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  kindLabel: z.string(),
  title: z.string(),
  level: z.enum(LEVELS).nullable(),
  levelLabel: z.string().nullable(),
  rank: z.enum(RANKS).nullable(),
  rankLabel: z.string().nullable(),
  occurredOn: z.string(),
  details: evidenceDetails,
  /** Coached students the reader may see (others are counted in `hiddenStudents`). */
  students: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
  hiddenStudents: z.number().int(),
  status: z.enum(EVIDENCE_STATUSES),
  statusLabel: z.string(),
  returnReason: z.string().nullable(),
  files: z.array(evidenceFileView),
  /** Points this item gives by the year's scheme (verified items only; null otherwise). */
  points: z.number().nullable(),
  verifiedAt: z.string().nullable(),
  createdAt: z.string(),
  canEdit: z.boolean(),
  canVerify: z.boolean(),
});
export type EvidenceView = z.infer<typeof evidenceView>;

// ——— scores ———

export const scoreItem = z.object({
  evidenceId: z.string().uuid().nullable(),
  title: z.string(),
  points: z.number(),
  /** The rule that gave the points, worded ("荣誉称号·市级 3 分；本规则累计上限 6 分"). */
  rule: z.string(),
  capped: z.boolean(),
});

export const aspectScore = z.object({
  key: z.string(),
  name: z.string(),
  source: z.enum(ASPECT_SOURCES),
  max: z.number(),
  base: z.number(),
  bonus: z.number(),
  deductions: z.number(),
  points: z.number(),
  items: z.array(scoreItem),
  /** Why the aspect is zero, when a veto zeroed it. */
  vetoed: z.string().nullable(),
  selfScore: z.number().nullable(),
  selfStatement: z.string().nullable(),
});

export const scoreView = z.object({
  year: z.number().int(),
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  schemeVersion: z.number().int(),
  schemeStatus: z.enum(SCHEME_STATUSES),
  aspects: z.array(aspectScore),
  /** The appraisal value behind 'appraisal' aspects (0–100), when a round has closed. */
  appraisalValue: z.number().nullable(),
  total: z.number(),
  band: z.string(),
  /** A veto that zeroed the whole record. */
  vetoed: z.string().nullable(),
  pendingEvidence: z.number().int(),
});
export type ScoreView = z.infer<typeof scoreView>;

export const scoreRow = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  total: z.number(),
  band: z.string(),
  rankInBranch: z.number().int(),
  rankInPark: z.number().int().nullable(),
  verifiedEvidence: z.number().int(),
  pendingEvidence: z.number().int(),
  postStatus: z.enum(POST_STATUSES).nullable(),
  selfEvaluated: z.boolean(),
  vetoed: z.string().nullable(),
});

// ——— self-evaluation ———

export const selfEvaluationEntry = z.object({
  score: points('自评分'),
  statement: text('自评说明', 300),
});

export const selfEvaluationView = z.object({
  year: z.number().int(),
  personId: z.string().uuid(),
  name: z.string(),
  schemeVersion: z.number().int(),
  entries: z.record(z.string(), selfEvaluationEntry),
  summary: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
export type SelfEvaluationView = z.infer<typeof selfEvaluationView>;

// ——— dedication days (党员奉献日) ———

export const DEDICATION_KINDS = ['homeVisit', 'enterpriseVisit', 'service'] as const;
export type DedicationKind = (typeof DEDICATION_KINDS)[number];

export const dedicationDayView = z.object({
  id: z.string().uuid(),
  orgNodeId: z.string().uuid(),
  orgNodeName: z.string(),
  title: z.string(),
  day: z.string(),
  description: z.string().nullable(),
  /** The activity this day is: its sign-ins count as entries. */
  activityId: z.string().uuid().nullable(),
  activityTitle: z.string().nullable(),
  entryCount: z.number().int(),
  hours: z.number(),
  /** The reader's own entries on this day. */
  myEntries: z.number().int(),
  canManage: z.boolean(),
  canLog: z.boolean(),
});
export type DedicationDayView = z.infer<typeof dedicationDayView>;

export const dedicationEntryView = z.object({
  /** Null for an activity sign-in (it has no entry row of its own). */
  id: z.string().uuid().nullable(),
  dayId: z.string().uuid(),
  dayTitle: z.string(),
  day: z.string(),
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  kind: z.enum(DEDICATION_KINDS),
  kindLabel: z.string(),
  /** A home visit's student, for readers who may see that student (else null and `restricted`). */
  student: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  /** Home visit about a student the reader may not see: family, discussion and follow-up withheld. */
  restricted: z.boolean(),
  subject: z.string().nullable(),
  content: z.string().nullable(),
  outcome: z.string().nullable(),
  hours: z.number(),
  source: z.enum(['member', 'activity']),
  photos: z.array(z.object({ key: z.string(), url: z.string() })),
  canEdit: z.boolean(),
});
export type DedicationEntryView = z.infer<typeof dedicationEntryView>;

const hours = z
  .number('时长应为数字')
  .min(0.5, '时长至少 0.5 小时')
  .max(24, '时长不能超过 24 小时')
  .refine((v) => Number.isInteger(v * 2), '时长以半小时为单位');

export const dedicationEntryInput = z.object({
  kind: z.enum(DEDICATION_KINDS, '类型只能是重点家访、走访企业或志愿服务'),
  studentId: id('学生').nullable().optional(),
  subject: text('对象', 100),
  content: optionalText('内容', 1000),
  outcome: optionalText('结果与后续', 1000),
  hours,
});
export type DedicationEntryInput = z.infer<typeof dedicationEntryInput>;

// ——— the year's result: nominations, 公示, objections, awards ———

export const NOMINATION_STATUSES = ['proposed', 'approved', 'rejected', 'awarded', 'withdrawn'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export const nominationView = z.object({
  id: z.string().uuid(),
  year: z.number().int(),
  personId: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  post: z.string(),
  score: z.number(),
  band: z.string(),
  reason: z.string(),
  status: z.enum(NOMINATION_STATUSES),
  statusLabel: z.string(),
  decisionNote: z.string().nullable(),
  proposedAt: z.string(),
  decidedAt: z.string().nullable(),
  awardedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  openObjections: z.number().int(),
  semesterScores: z.array(z.object({ semester: z.string(), score: z.number() })),
  canDecide: z.boolean(),
});
export type NominationView = z.infer<typeof nominationView>;

export const publicityView = z.object({
  year: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  workingDays: z.number().int(),
  status: z.enum(['open', 'closed']),
  /** Whether the period has run its course (today is after `endsOn`). */
  ended: z.boolean(),
  closedAt: z.string().nullable(),
  /** The calendar's caveat when it does not know the year's holidays. */
  calendarNote: z.string().nullable(),
});

export const objectionView = z.object({
  id: z.string().uuid(),
  nominationId: z.string().uuid(),
  name: z.string(),
  content: z.string(),
  contact: z.string().nullable(),
  status: z.enum(['open', 'upheld', 'dismissed']),
  statusLabel: z.string(),
  response: z.string().nullable(),
  createdAt: z.string(),
  handledAt: z.string().nullable(),
});

/** A semester of the school year: '2026-2027-1' (autumn) or '2026-2027-2' (spring). */
const semester = z
  .string('请填写学期')
  .regex(/^(\d{4})-(\d{4})-[12]$/, '学期格式应为 2026-2027-1')
  .refine((v) => Number(v.slice(5, 9)) === Number(v.slice(0, 4)) + 1, '学年应为相邻两年，如 2026-2027');

// ——— routes ———

const personYear = z.object({ personId: id('党员'), year: year() });

export const assessmentContracts = {
  listSchemes: { response: z.object({ items: z.array(schemeListItem) }) },
  getScheme: {
    params: yearParams,
    response: z.object({
      scheme: schemeView.nullable(),
      /** What "create" would start from: last year's scheme when there is one, else the default. */
      template: z.object({ from: z.enum(['default', 'lastYear']), config: schemeConfig }),
      canManage: z.boolean(),
    }),
  },
  createScheme: {
    body: z.object({
      year: schemeYear(),
      name: optionalText('方案名称', 60),
      /** 'lastYear' copies the year before's scheme (one click); 'default' the ten-aspect default. */
      from: z.enum(['default', 'lastYear'], '只能从默认方案或上年方案创建'),
    }),
    response: schemeView,
  },
  updateScheme: {
    params: yearParams,
    body: z.object({
      name: text('方案名称', 60),
      config: schemeConfig,
      /** The version the editor started from: a stale save is refused, not merged. */
      version: z.number().int().min(1),
    }),
    response: schemeView,
  },
  freezeScheme: { params: yearParams, response: schemeView },

  listPosts: {
    querystring: pageQuery.extend({
      year: year(),
      branchId: id('支部').optional(),
      status: z.enum(POST_STATUSES, '状态不正确').optional(),
      q: searchText('姓名', 40).optional(),
    }),
    response: page(postView),
  },
  myPost: {
    querystring: z.object({ year: year() }),
    response: z.object({ post: postView.nullable(), isMember: z.boolean() }),
  },
  declarePost: {
    body: z.object({
      year: year(),
      post: text('岗位名称', 40),
      duties: text('岗位职责', 500),
      pledge: text('承诺事项', 500),
      showOnPortal: z.boolean().default(false),
    }),
    response: postView,
  },
  decidePost: {
    params: z.object({ id: id() }),
    body: z.object({
      decision: z.enum(['approve', 'return'], '只能是通过或退回'),
      reason: optionalText('退回理由', 200),
    }),
    response: postView,
  },

  listEvidence: {
    querystring: pageQuery.extend({
      year: year(),
      personId: id('党员').optional(),
      branchId: id('支部').optional(),
      status: z.enum(EVIDENCE_STATUSES, '状态不正确').optional(),
      kind: z.enum(EVIDENCE_KINDS, '材料类型不正确').optional(),
      q: searchText('关键词', 40).optional(),
    }),
    response: page(evidenceView),
  },
  getEvidence: { params: z.object({ id: id() }), response: evidenceView },
  createEvidence: {
    body: evidenceInput.extend({ year: year(), personId: id('党员').optional() }),
    response: evidenceView,
  },
  updateEvidence: { params: z.object({ id: id() }), body: evidenceInput, response: evidenceView },
  verifyEvidence: { params: z.object({ id: id() }), response: evidenceView },
  returnEvidence: {
    params: z.object({ id: id() }),
    body: z.object({ reason: text('退回理由', 200) }),
    response: evidenceView,
  },
  withdrawEvidence: { params: z.object({ id: id() }), response: evidenceView },
  evidenceFile: { params: z.object({ id: id(), fileId: id('附件') }) },

  myScore: { querystring: z.object({ year: year() }), response: scoreView },
  personScore: {
    params: z.object({ personId: id('党员') }),
    querystring: z.object({ year: year() }),
    response: scoreView,
  },
  listScores: {
    querystring: pageQuery.extend({
      year: year(),
      branchId: id('支部').optional(),
      q: searchText('姓名', 40).optional(),
    }),
    response: page(scoreRow),
  },

  mySelfEvaluation: {
    querystring: z.object({ year: year() }),
    response: z.object({ selfEvaluation: selfEvaluationView.nullable() }),
  },
  putSelfEvaluation: {
    body: z.object({
      year: year(),
      entries: z.record(aspectKey, selfEvaluationEntry),
      summary: optionalText('总体自评', 1000),
    }),
    response: selfEvaluationView,
  },
  listDedicationDays: {
    querystring: pageQuery.extend({ year: year(), orgNodeId: id('组织').optional() }),
    response: page(dedicationDayView),
  },
  createDedicationDay: {
    body: z.object({
      orgNodeId: id('组织'),
      title: text('名称', 60),
      day: day('日期'),
      description: optionalText('说明', 500),
      activityId: id('活动').nullable().optional(),
    }),
    response: dedicationDayView,
  },
  deleteDedicationDay: { params: z.object({ id: id() }) },
  listDedicationEntries: {
    querystring: pageQuery.extend({
      year: year(),
      dayId: id('奉献日').optional(),
      personId: id('党员').optional(),
      kind: z.enum(DEDICATION_KINDS, '类型不正确').optional(),
    }),
    response: page(dedicationEntryView),
  },
  createDedicationEntry: {
    params: z.object({ id: id() }),
    body: dedicationEntryInput,
    response: dedicationEntryView,
  },
  updateDedicationEntry: {
    params: z.object({ entryId: id() }),
    body: dedicationEntryInput,
    response: dedicationEntryView,
  },
  deleteDedicationEntry: { params: z.object({ entryId: id() }) },
  dedicationPhoto: {
    params: z.object({ entryId: id(), key: z.string().regex(/^[0-9a-f-]{36}$/, '照片不存在') }),
  },

  listNominations: {
    querystring: pageQuery.extend({
      year: year(),
      status: z.enum(NOMINATION_STATUSES, '状态不正确').optional(),
      branchId: id('支部').optional(),
    }),
    response: page(nominationView).extend({ publicity: publicityView.nullable() }),
  },
  nominate: {
    body: z.object({ year: year(), personId: id('党员'), reason: text('推荐理由', 500) }),
    response: nominationView,
  },
  decideNomination: {
    params: z.object({ id: id() }),
    body: z.object({
      decision: z.enum(['approve', 'reject'], '只能是批准或不批准'),
      note: optionalText('意见', 300),
    }),
    response: nominationView,
  },
  openPublicity: {
    body: z.object({ year: year(), startsOn: day('公示开始日期'), endsOn: day('公示结束日期').optional() }),
    response: publicityView,
  },
  closePublicity: { params: z.object({ year: year() }), response: publicityView },
  listObjections: {
    querystring: z.object({ year: year(), status: z.enum(['open', 'upheld', 'dismissed']).optional() }),
    response: z.object({ items: z.array(objectionView) }),
  },
  handleObjection: {
    params: z.object({ id: id() }),
    body: z.object({
      decision: z.enum(['uphold', 'dismiss'], '只能是异议成立或不成立'),
      response: text('处理意见', 500),
    }),
    response: objectionView,
  },
  semesterScore: {
    params: z.object({ id: id() }),
    body: z.object({ semester, score: points('学期得分') }),
    response: nominationView,
  },
  certificates: { querystring: z.object({ year: year(), id: id().optional() }) },
  plaqueList: { querystring: z.object({ year: year() }) },

  personSelfEvaluation: {
    params: personYear.pick({ personId: true }),
    querystring: z.object({ year: year() }),
    response: z.object({ selfEvaluation: selfEvaluationView.nullable() }),
  },
};
