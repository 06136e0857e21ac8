import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { accounts } from './accounts';
import { orgNodes } from './org';
import { people } from './people';

/**
 * The annual quantified assessment (量化考核) and vanguard posts (党员先锋岗), RULES.md §5–§6.
 * One evaluation scheme (创建评选方案) per park and year, its rules as data (`config`); members'
 * posts and pledges, evidence that scores by the scheme once verified, self-evaluations, and the
 * democratic appraisal (民主评议党员) whose ballots cannot be linked to their voters
 * (docs/assessment.md, "Secret ballots").
 */

/**
 * A year's scheme. `version` counts the changes; each version's config is kept in
 * `assessment_scheme_versions` and every score says which version it was computed by. `status`
 * is draft until scoring starts (the first verification, self-evaluation or appraisal round, or the
 * explicit freeze): frozen schemes refuse every change.
 */
export const assessmentSchemes = pgTable(
  'assessment_schemes',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    config: jsonb('config').notNull(),
    status: text('status').notNull().default('draft'), // 'draft' | 'frozen'
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    frozenBy: uuid('frozen_by').references(() => accounts.id, { onDelete: 'set null' }),
    /** What started scoring: 'manual' | 'evidence' | 'selfEvaluation' | 'appraisal'. */
    frozenReason: text('frozen_reason'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('assessment_schemes_year_uq').on(t.parkId, t.year),
    check('assessment_schemes_status', sql`${t.status} in ('draft', 'frozen')`),
    check('assessment_schemes_year', sql`${t.year} between 2000 and 2100`),
  ],
);

/** Every version of every scheme, append-only: what a score was computed by stays readable. */
export const assessmentSchemeVersions = pgTable(
  'assessment_scheme_versions',
  {
    id: id(),
    parkId: parkId(),
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => assessmentSchemes.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    config: jsonb('config').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('assessment_scheme_versions_uq').on(t.schemeId, t.version)],
);

/**
 * A member's vanguard post for a year (亮身份、亮职责、亮承诺): declared by the member, approved or
 * returned (with a reason) by their branch. status: draft | submitted | approved | returned.
 */
export const vanguardPosts = pgTable(
  'vanguard_posts',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** The member's branch when the post was declared (who decides it). */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    post: text('post').notNull(),
    duties: text('duties').notNull(),
    pledge: text('pledge').notNull(),
    status: text('status').notNull().default('submitted'),
    returnReason: text('return_reason'),
    /** The member agrees to show the approved post on their 党员风采 profile. */
    showOnPortal: boolean('show_on_portal').notNull().default(false),
    decidedBy: uuid('decided_by').references(() => accounts.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('vanguard_posts_person_year_uq').on(t.parkId, t.year, t.personId),
    index('vanguard_posts_branch_idx').on(t.parkId, t.year, t.branchId),
    check('vanguard_posts_status', sql`${t.status} in ('submitted', 'approved', 'returned')`),
  ],
);

/**
 * One piece of evidence (an honour, students coached to an award, a paper, a title promotion, a
 * class-management result, an exam pass rate, a deduction). Kind-specific fields are in `details`
 * (validated by the contract per kind). status: submitted | verified | returned | withdrawn.
 * Verified evidence scores by the year's scheme (rules/scoring.ts).
 */
export const assessmentEvidence = pgTable(
  'assessment_evidence',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** Scope snapshots: the member's branch and school when the evidence was recorded. */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    schoolId: uuid('school_id').references(() => orgNodes.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** school | county | city | province | nation (where the kind has a level). */
    level: text('level'),
    /** first | second | third | excellence (coaching, where the kind has a rank). */
    rank: text('rank'),
    occurredOn: date('occurred_on').notNull(),
    details: jsonb('details').notNull().default({}),
    /** Students coached to the award (people ids; shown only to who may read those students). */
    studentIds: uuid('student_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    status: text('status').notNull().default('submitted'),
    returnReason: text('return_reason'),
    recordedBy: uuid('recorded_by').references(() => accounts.id, { onDelete: 'set null' }),
    verifiedBy: uuid('verified_by').references(() => accounts.id, { onDelete: 'set null' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assessment_evidence_person_idx').on(t.parkId, t.year, t.personId),
    index('assessment_evidence_branch_idx').on(t.parkId, t.year, t.branchId, t.status),
    check(
      'assessment_evidence_kind',
      sql`${t.kind} in ('honour', 'coaching', 'paper', 'titlePromotion', 'classManagement', 'examPassRate', 'deduction', 'other')`,
    ),
    check(
      'assessment_evidence_status',
      sql`${t.status} in ('submitted', 'verified', 'returned', 'withdrawn')`,
    ),
    check('assessment_evidence_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

/** Proof attached to evidence: a storage key (platform/storage.ts) with its name and type. */
export const assessmentEvidenceFiles = pgTable(
  'assessment_evidence_files',
  {
    id: id(),
    parkId: parkId(),
    evidenceId: uuid('evidence_id')
      .notNull()
      .references(() => assessmentEvidence.id, { onDelete: 'cascade' }),
    storageKey: text('storage_key').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('assessment_evidence_files_evidence_idx').on(t.evidenceId)],
);

/**
 * A member's self-evaluation for a year: per aspect a score and a short statement
 * (`entries`: { [aspectKey]: { score, statement } }), shown beside the verified record.
 */
export const assessmentSelfEvaluations = pgTable(
  'assessment_self_evaluations',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    schemeVersion: integer('scheme_version').notNull(),
    entries: jsonb('entries').notNull(),
    summary: text('summary'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('assessment_self_evaluations_uq').on(t.parkId, t.year, t.personId)],
);

/**
 * A democratic-appraisal round (民主评议党员) for a branch, or for the whole park when `orgNodeId` is
 * the general branch. status: open | closed | finalized (the committee's grades recorded).
 */
export const appraisalRounds = pgTable(
  'appraisal_rounds',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => assessmentSchemes.id),
    schemeVersion: integer('scheme_version').notNull(),
    orgNodeId: uuid('org_node_id')
      .notNull()
      .references(() => orgNodes.id),
    title: text('title').notNull(),
    /** 'grades': one grade per member; 'scores': a score per aspect per member. */
    mode: text('mode').notNull().default('grades'),
    status: text('status').notNull().default('open'),
    /** When voting is planned to end (informational; closing is an explicit act). */
    closesAt: timestamp('closes_at', { withTimezone: true }),
    openedBy: uuid('opened_by').references(() => accounts.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedBy: uuid('closed_by').references(() => accounts.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    finalizedBy: uuid('finalized_by').references(() => accounts.id, { onDelete: 'set null' }),
    finalizedAt: timestamp('finalized_at', { withTimezone: true }),
  },
  (t) => [
    index('appraisal_rounds_park_idx').on(t.parkId, t.year),
    check('appraisal_rounds_mode', sql`${t.mode} in ('grades', 'scores')`),
    check('appraisal_rounds_status', sql`${t.status} in ('open', 'closed', 'finalized')`),
  ],
);

/** The members appraised in a round (a snapshot of names and branches at opening). */
export const appraisalSubjects = pgTable(
  'appraisal_subjects',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => appraisalRounds.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    parkId: parkId(),
    name: text('name').notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Set at closing: ballots per grade ({ excellent: 12, … }) or mean points per aspect. */
    tally: jsonb('tally'),
    /** Set at closing: the appraisal value (mean of the grades' values, or of the scores) × 100. */
    valueX100: integer('value_x100'),
    /** The committee's final grade (set when the round is finalized). */
    finalGrade: text('final_grade'),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] })],
);

/**
 * The voters of a round (RULES §2: full members; exclusions recorded with their reason). `voted` is
 * the only trace of a vote here: no time, no ballot reference. The ballots table has no voter
 * column; nothing joins the two (docs/assessment.md).
 */
export const appraisalVoters = pgTable(
  'appraisal_voters',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => appraisalRounds.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    parkId: parkId(),
    /** Null when eligible; else why not (probationary, 留党察看, or an exclusion with consent). */
    exclusion: text('exclusion'),
    voted: boolean('voted').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.personId] })],
);

/**
 * One ballot: one voter's judgement of one member. Secret by construction: a random id, no voter,
 * no time; `paperHash` is the SHA-256 of the receipt code printed for the voter (it groups one
 * paper's ballots and proves it was counted, never who cast it). Closing a round rewrites its
 * ballots in random order, so where a row sits says nothing about when it was cast.
 *
 * No per-row foreign keys: closing rewrites every ballot of the round (90,000 for 300 voters × 300
 * members), and two referential checks per row were most of that time (measured on PGlite: 4.6 s
 * with them, 1.9 s without). Instead one statement-level trigger checks, set-wise, that every
 * inserted (round, member) is a subject of that round — a stricter rule than the two keys — and
 * deleting a round deletes its ballots (migration 0021). The paper index is a hash index: it
 * serves only the receipt check's equality lookup, and costs less to fill than a b-tree on a
 * 64-character key.
 */
export const appraisalBallots = pgTable(
  'appraisal_ballots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id').notNull(),
    subjectId: uuid('subject_id').notNull(),
    grade: text('grade'),
    /** 'scores' rounds: { [aspectKey]: points }. */
    scores: jsonb('scores'),
    paperHash: text('paper_hash').notNull(),
  },
  (t) => [
    index('appraisal_ballots_round_idx').on(t.roundId),
    index('appraisal_ballots_paper_idx').using('hash', t.paperHash),
  ],
);

/**
 * A dedication day (党员奉献日) scheduled by a branch, or by the general branch for the park:
 * members log what they did on it (entries). An activity of the activities area can be marked as a
 * dedication day (`activityId`): its sign-ins become entries.
 */
export const dedicationDays = pgTable(
  'dedication_days',
  {
    id: id(),
    parkId: parkId(),
    orgNodeId: uuid('org_node_id')
      .notNull()
      .references(() => orgNodes.id),
    title: text('title').notNull(),
    day: date('day').notNull(),
    description: text('description'),
    activityId: uuid('activity_id'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dedication_days_park_idx').on(t.parkId, t.day),
    uniqueIndex('dedication_days_activity_uq').on(t.activityId),
    check('dedication_days_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

/**
 * What a member did on a dedication day: a key home visit (which student and family, what was
 * discussed, the follow-up — shown only to readers who may see that student), an enterprise visit
 * (company, purpose, outcome) or other service; with hours (in tenths) and photos (storage keys).
 * Sign-ins to an activity marked as a dedication day are not copied here: they are read from the
 * activity's participants, so a sign-in undone is an entry gone (assessment/queries/dedication.ts).
 */
export const dedicationEntries = pgTable(
  'dedication_entries',
  {
    id: id(),
    parkId: parkId(),
    dayId: uuid('day_id')
      .notNull()
      .references(() => dedicationDays.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** The member's branch and school when the entry was logged (statistics by the year's tree). */
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    schoolId: uuid('school_id').references(() => orgNodes.id),
    kind: text('kind').notNull(), // 'homeVisit' | 'enterpriseVisit' | 'service'
    studentId: uuid('student_id').references(() => people.id),
    /** Home visits: the family met; enterprise visits: the company; service: what was done. */
    subject: text('subject').notNull(),
    /** Home visits: what was discussed; enterprise visits: the purpose. */
    content: text('content'),
    /** Home visits: the follow-up; enterprise visits: the outcome. */
    outcome: text('outcome'),
    hoursX10: integer('hours_x10').notNull(),
    photos: text('photos')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    recordedBy: uuid('recorded_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dedication_entries_person_idx').on(t.parkId, t.year, t.personId),
    index('dedication_entries_day_idx').on(t.dayId),
    check('dedication_entries_kind', sql`${t.kind} in ('homeVisit', 'enterpriseVisit', 'service')`),
    check('dedication_entries_hours', sql`${t.hoursX10} between 0 and 240`),
    check('dedication_entries_student', sql`(${t.kind} = 'homeVisit') or ${t.studentId} is null`),
  ],
);

/**
 * The year's result (RULES.md §6): a branch proposes a member with an approved post as vanguard
 * (推荐), the general branch approves or rejects; approved nominations go on 公示 together, and
 * those standing when it closes are awarded (挂牌). A semester score below the scheme's line
 * withdraws the plaque (摘牌). status: proposed | approved | rejected | awarded | withdrawn.
 */
export const vanguardNominations = pgTable(
  'vanguard_nominations',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    postId: uuid('post_id')
      .notNull()
      .references(() => vanguardPosts.id),
    /** The year's total and band when proposed (the record the decision was made on). */
    scoreX10: integer('score_x10').notNull(),
    band: text('band').notNull(),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('proposed'),
    proposedBy: uuid('proposed_by').references(() => accounts.id, { onDelete: 'set null' }),
    proposedAt: timestamp('proposed_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => accounts.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    awardedAt: timestamp('awarded_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('vanguard_nominations_uq').on(t.parkId, t.year, t.personId),
    index('vanguard_nominations_status_idx').on(t.parkId, t.year, t.status),
    check(
      'vanguard_nominations_status',
      sql`${t.status} in ('proposed', 'approved', 'rejected', 'awarded', 'withdrawn')`,
    ),
  ],
);

/** A semester's score of an awarded vanguard (the plaque is withdrawn below the scheme's line). */
export const vanguardSemesterScores = pgTable(
  'vanguard_semester_scores',
  {
    id: id(),
    parkId: parkId(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => vanguardNominations.id, { onDelete: 'cascade' }),
    /** e.g. '2026-2027-1' (school year and term). */
    semester: text('semester').notNull(),
    scoreX10: integer('score_x10').notNull(),
    recordedBy: uuid('recorded_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('vanguard_semester_scores_uq').on(t.nominationId, t.semester)],
);

/**
 * 公示 of the year's approved nominations on the portal: from `startsOn` through `endsOn` (at least
 * the scheme's working days). status: open | closed (closing awards those still standing).
 */
export const vanguardPublicity = pgTable(
  'vanguard_publicity',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    workingDays: integer('working_days').notNull(),
    status: text('status').notNull().default('open'),
    openedBy: uuid('opened_by').references(() => accounts.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedBy: uuid('closed_by').references(() => accounts.id, { onDelete: 'set null' }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('vanguard_publicity_year_uq').on(t.parkId, t.year),
    check('vanguard_publicity_status', sql`${t.status} in ('open', 'closed')`),
    check('vanguard_publicity_period', sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/**
 * An objection to a nomination raised during 公示 through the portal's form (anyone may object;
 * a contact is optional). Handled by the general branch: upheld (the nomination is rejected) or
 * dismissed, with the reply recorded. `ipHash` only limits how many one address may send.
 */
export const vanguardObjections = pgTable(
  'vanguard_objections',
  {
    id: id(),
    parkId: parkId(),
    nominationId: uuid('nomination_id')
      .notNull()
      .references(() => vanguardNominations.id, { onDelete: 'cascade' }),
    content: text('content').notNull(),
    contact: text('contact'),
    ipHash: text('ip_hash'),
    status: text('status').notNull().default('open'),
    response: text('response'),
    handledBy: uuid('handled_by').references(() => accounts.id, { onDelete: 'set null' }),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('vanguard_objections_nomination_idx').on(t.nominationId),
    check('vanguard_objections_status', sql`${t.status} in ('open', 'upheld', 'dismissed')`),
  ],
);
