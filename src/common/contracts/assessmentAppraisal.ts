import { z } from 'zod';
import { APPRAISAL_GRADES } from './assessment';
import { id, instant, pageQuery, page, rawText, text, year } from '../schemas';

/**
 * The democratic appraisal (民主评议党员, RULES.md §5, voters by §2): request and response shapes of
 * /api/assessment/appraisal. A round is opened for a branch (or the park, through the general
 * branch); its members are appraised by secret ballot; closing counts the ballots; the committee
 * then records each member's final grade. Nothing here, in any answer, links a voter to a ballot
 * (docs/assessment.md, "Secret ballots").
 */

export const ROUND_STATUSES = ['open', 'closed', 'finalized'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

export const ROUND_MODES = ['grades', 'scores'] as const;
export type RoundMode = (typeof ROUND_MODES)[number];

/**
 * The five categories a full member may be excused from voting in, with the higher organisation's
 * consent (RULES §2): long illness, abroad ≥ 6 months at own expense, serving a sentence, bedridden,
 * away ≥ 6 months without transferring their membership.
 */
export const EXCLUSION_CATEGORIES = ['illness', 'abroad', 'sentence', 'bedridden', 'away'] as const;
export type ExclusionCategory = (typeof EXCLUSION_CATEGORIES)[number];

/** What a voter's paper may be, as the member sees it. */
export const PAPER_STATES = ['open', 'voted', 'excluded', 'missed'] as const;
export type PaperState = (typeof PAPER_STATES)[number];

const grade = z.enum(APPRAISAL_GRADES, '评议等次只能是优秀、合格、基本合格或不合格');

// ——— views ———

export const turnoutView = z.object({
  /** Members appraised (full and probationary). */
  subjects: z.number().int(),
  /** Eligible voters (应到): full members not excused. */
  eligible: z.number().int(),
  /** Papers cast (实到). */
  voted: z.number().int(),
  /** Members on the roll who do not vote (probationary, excused). */
  excluded: z.number().int(),
  /** Papers needed before the round may close: more than half of the eligible (RULES §2). */
  quorum: z.number().int(),
  quorumMet: z.boolean(),
});
export type TurnoutView = z.infer<typeof turnoutView>;

export const gradeOption = z.object({ key: grade, label: z.string(), value: z.number() });
export const aspectOption = z.object({ key: z.string(), name: z.string(), max: z.number() });

export const roundListItem = z.object({
  id: z.string().uuid(),
  year: z.number().int(),
  title: z.string(),
  mode: z.enum(ROUND_MODES),
  modeLabel: z.string(),
  status: z.enum(ROUND_STATUSES),
  statusLabel: z.string(),
  orgNodeId: z.string().uuid(),
  orgNodeName: z.string(),
  /** 'branch', or 'generalBranch' for a park-wide round. */
  orgNodeKind: z.enum(['branch', 'generalBranch']),
  openedAt: z.string(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  finalizedAt: z.string().nullable(),
  turnout: turnoutView,
});
export type RoundListItem = z.infer<typeof roundListItem>;

/** The roll (应到 / 实到): who votes and whether they have — never what. */
export const voterRow = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  eligible: z.boolean(),
  /** Why this member does not vote ('预备党员', or an excused category with its reason). */
  exclusion: z.string().nullable(),
  voted: z.boolean(),
});
export type VoterRow = z.infer<typeof voterRow>;

/** A member's count once the round has closed: ballots per grade, or mean points per aspect. */
export const tallyView = z.object({
  ballots: z.number().int(),
  grades: z.record(z.string(), z.number().int()).nullable(),
  means: z.record(z.string(), z.number()).nullable(),
});
export type TallyView = z.infer<typeof tallyView>;

export const subjectRow = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  /** Null while voting is open: no one sees a running count. */
  tally: tallyView.nullable(),
  /** The appraisal value 0–100 (two decimals), from the tally. */
  value: z.number().nullable(),
  finalGrade: grade.nullable(),
  finalGradeLabel: z.string().nullable(),
});
export type SubjectRow = z.infer<typeof subjectRow>;

export const roundView = roundListItem.extend({
  schemeVersion: z.number().int(),
  grades: z.array(gradeOption),
  /** The aspects scored in a 'scores' round (empty in a 'grades' round). */
  aspects: z.array(aspectOption),
  /** The most members this round may grade 优秀 (RULES §5: ≤ one third of those appraised). */
  excellentCap: z.number().int(),
  voters: z.array(voterRow),
  subjects: z.array(subjectRow),
  canClose: z.boolean(),
  canFinalize: z.boolean(),
});
export type RoundView = z.infer<typeof roundView>;

/** One round as a member sees it: their ballot paper while they may vote, the published result after. */
export const paperView = z.object({
  roundId: z.string().uuid(),
  year: z.number().int(),
  title: z.string(),
  mode: z.enum(ROUND_MODES),
  modeLabel: z.string(),
  status: z.enum(ROUND_STATUSES),
  statusLabel: z.string(),
  orgNodeName: z.string(),
  closesAt: z.string().nullable(),
  /** open: may vote now · voted: paper cast · excluded: does not vote (see exclusion) · missed: closed unvoted. */
  state: z.enum(PAPER_STATES),
  exclusion: z.string().nullable(),
  grades: z.array(gradeOption),
  aspects: z.array(aspectOption),
  /**
   * Every member appraised, the voter among them (`self`): each paper lists the same members, so
   * no paper can say whose it is by whom it leaves out. Empty unless `state` is 'open'.
   */
  subjects: z.array(
    z.object({ personId: z.string().uuid(), name: z.string(), branchName: z.string(), self: z.boolean() }),
  ),
  /** After the committee's grading: the member's own grade and the branch's 优秀 list. */
  result: z
    .object({
      myGrade: grade.nullable(),
      myGradeLabel: z.string().nullable(),
      excellent: z.array(z.object({ name: z.string(), branchName: z.string() })),
    })
    .nullable(),
});
export type PaperView = z.infer<typeof paperView>;

export const candidateView = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  status: z.enum(['full', 'probationary']),
  statusLabel: z.string(),
});
export type CandidateView = z.infer<typeof candidateView>;

export const roundNodeView = z.object({
  id: z.string().uuid(),
  name: z.string(),
  kind: z.enum(['branch', 'generalBranch']),
  kindLabel: z.string(),
  /** The school a branch sits in (null for the general branch and branches directly under it). */
  schoolName: z.string().nullable(),
});
export type RoundNodeView = z.infer<typeof roundNodeView>;

// ——— requests ———

export const exclusionInput = z.object({
  personId: id('党员'),
  category: z.enum(EXCLUSION_CATEGORIES, '请选择不参加投票的情形'),
  /** What the higher organisation consented to, and when (RULES §2). */
  reason: text('说明', 200),
  consent: z.literal(true, '不参加投票须经上级党组织同意，请确认已同意'),
});
export type ExclusionInput = z.infer<typeof exclusionInput>;

/** One line of a ballot paper: a grade ('grades' rounds) or points per aspect ('scores' rounds). */
export const ballotInput = z.object({
  subjectId: id('评议对象'),
  grade: grade.optional(),
  scores: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, '方面代码不正确'), z.number('分数应为数字'))
    .optional(),
});
export type BallotInput = z.infer<typeof ballotInput>;

const roundParams = z.object({ id: id('评议') });

export const appraisalContracts = {
  listRounds: {
    querystring: pageQuery.extend({
      year: year().optional(),
      status: z.enum(ROUND_STATUSES, '状态不正确').optional(),
    }),
    response: page(roundListItem),
  },
  /** The nodes the actor may open a round for (their branches; the general branch with assessment.manage). */
  roundNodes: { response: z.object({ items: z.array(roundNodeView) }) },
  /** Who a round over this node would appraise now (to pick the excused). */
  candidates: {
    querystring: z.object({ orgNodeId: id('党组织') }),
    response: z.object({ items: z.array(candidateView) }),
  },
  openRound: {
    body: z.object({
      year: year(),
      orgNodeId: id('党组织'),
      title: text('名称', 60),
      mode: z.enum(ROUND_MODES, '评议方式只能是按等次或按分数').optional(),
      closesAt: instant('计划结束时间', { local: true }).nullable().optional(),
      exclusions: z.array(exclusionInput).max(500).default([]),
    }),
    response: roundView,
  },
  getRound: { params: roundParams, response: roundView },
  turnout: {
    params: roundParams,
    response: turnoutView.extend({ status: z.enum(ROUND_STATUSES), statusLabel: z.string() }),
  },
  closeRound: { params: roundParams, response: roundView },
  finalizeRound: {
    params: roundParams,
    body: z.object({
      grades: z
        .array(z.object({ personId: id('党员'), grade }))
        .min(1, '请为每名党员确定等次')
        .max(5000),
    }),
    response: roundView,
  },

  myPapers: { response: z.object({ items: z.array(paperView) }) },
  castPaper: {
    params: roundParams,
    body: z.object({
      /** The voter has checked the paper: a cast paper is final. */
      confirm: z.boolean().optional(),
      ballots: z.array(ballotInput).min(1, '选票是空的').max(5000, '选票过长'),
    }),
    response: z.object({
      roundId: z.string().uuid(),
      /** Shown once: the voter's proof that their paper was counted (only its SHA-256 is kept). */
      receipt: z.string(),
      ballots: z.number().int(),
    }),
  },
  checkReceipt: {
    params: roundParams,
    body: z.object({ code: rawText('回执码', 64) }),
    response: z.object({ counted: z.boolean(), ballots: z.number().int() }),
  },
};
