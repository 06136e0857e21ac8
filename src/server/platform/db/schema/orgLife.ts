import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
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
 * Organisational life (issue 4 §1, §4, §5): political birthdays (symposiums, per-year checklists,
 * thought reports, goals, proposals, birthday-card batches) and 三会一课 / 主题党日 meeting records.
 * Party dues have their own file (dues.ts). The rules live in src/server/areas/orgLife/rules/;
 * a park's local choices (checklist
 * items, meeting frequencies, the card's default message) are versioned rows of orglife_config_versions.
 */

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** A reference to an uploaded file (media_files row) as stored in photo / attachment lists. */
export interface FileRef {
  mediaId: string | null;
  name: string;
  url: string | null;
}

/** A park's local orgLife rules, one row per version (the highest version is in force). */
export const orgLifeConfigVersions = pgTable(
  'orglife_config_versions',
  {
    id: id(),
    parkId: parkId(),
    version: integer('version').notNull(),
    config: jsonb('config').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('orglife_config_versions_uq').on(t.parkId, t.version)],
);

/** 政治生日座谈会: one per host (a branch or the general branch) and month. status: planned | held | cancelled. */
export const birthdaySymposiums = pgTable(
  'birthday_symposiums',
  {
    id: id(),
    parkId: parkId(),
    hostNodeId: uuid('host_node_id')
      .notNull()
      .references(() => orgNodes.id),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    place: text('place'),
    status: text('status').notNull().default('planned'),
    /** The host's message printed on this month's birthday cards. */
    cardMessage: text('card_message'),
    minutes: text('minutes'),
    photos: jsonb('photos').$type<FileRef[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('birthday_symposiums_host_month_uq').on(t.hostNodeId, t.year, t.month),
    index('birthday_symposiums_park_idx').on(t.parkId, t.year, t.month),
    check('birthday_symposiums_month_ck', sql`${t.month} between 1 and 12`),
    check('birthday_symposiums_status_ck', sql`${t.status} in ('planned','held','cancelled')`),
  ],
);

/** Who is invited to a symposium (from the roster) and, once held, whether they attended. */
export const birthdaySymposiumAttendees = pgTable(
  'birthday_symposium_attendees',
  {
    parkId: parkId(),
    symposiumId: uuid('symposium_id')
      .notNull()
      .references(() => birthdaySymposiums.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** null until the symposium is recorded as held. */
    attended: boolean('attended'),
  },
  (t) => [
    primaryKey({ columns: [t.symposiumId, t.personId] }),
    index('birthday_symposium_attendees_person_idx').on(t.personId),
  ],
);

/** The manual items of a member's political-birthday checklist for one year: key → state. */
export interface ChecklistItemState {
  done: boolean;
  detail?: string | null;
  at?: string | null;
  byName?: string | null;
}

export const birthdayChecklists = pgTable(
  'birthday_checklists',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    year: integer('year').notNull(),
    /** The orgLife config version whose checklist items apply to this year. */
    configVersion: integer('config_version').notNull(),
    items: jsonb('items').$type<Record<string, ChecklistItemState>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('birthday_checklists_person_year_uq').on(t.personId, t.year),
    index('birthday_checklists_park_year_idx').on(t.parkId, t.year),
  ],
);

/** 思想汇报 on the year, written by the member at their political birthday; the secretary comments. */
export const thoughtReports = pgTable(
  'thought_reports',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    year: integer('year').notNull(),
    content: text('content').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    comment: text('comment'),
    commentedBy: uuid('commented_by').references(() => accounts.id, { onDelete: 'set null' }),
    commentedByName: text('commented_by_name'),
    commentedAt: timestamp('commented_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('thought_reports_person_year_uq').on(t.personId, t.year),
    index('thought_reports_park_year_idx').on(t.parkId, t.year),
  ],
);

/**
 * Next year's goals, set at the political birthday of `year` for `year + 1`, and reviewed a year
 * later: reviewResult met | notMet.
 */
export const memberGoals = pgTable(
  'member_goals',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    year: integer('year').notNull(),
    content: text('content').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    reviewResult: text('review_result'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id, { onDelete: 'set null' }),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('member_goals_person_year_uq').on(t.personId, t.year),
    index('member_goals_park_year_idx').on(t.parkId, t.year),
    check('member_goals_review_ck', sql`${t.reviewResult} is null or ${t.reviewResult} in ('met','notMet')`),
  ],
);

/** One step of a proposal's life, shown to the member. */
export interface ProposalEvent {
  status: string;
  at: string;
  byName: string | null;
  note: string | null;
}

/**
 * 合理化建议: received → assigned (to an office: a department node) → answered → closed.
 * target: school | branch.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    year: integer('year').notNull(),
    target: text('target').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    status: text('status').notNull().default('received'),
    departmentId: uuid('department_id').references(() => orgNodes.id),
    answer: text('answer'),
    history: jsonb('history').$type<ProposalEvent[]>().notNull().default([]),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('proposals_park_status_idx').on(t.parkId, t.status, t.createdAt),
    index('proposals_person_idx').on(t.personId, t.year),
    check('proposals_status_ck', sql`${t.status} in ('received','assigned','answered','closed')`),
    check('proposals_target_ck', sql`${t.target} in ('school','branch')`),
  ],
);

/**
 * A month's birthday cards rendered into one PDF, as a job whose progress (done of total) can be
 * read while it runs. status: queued | running | done | failed. The PDF is kept in the row.
 */
export const cardBatches = pgTable(
  'card_batches',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    branchId: uuid('branch_id').references(() => orgNodes.id),
    status: text('status').notNull().default('queued'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    error: text('error'),
    pdf: bytea('pdf'),
    pdfSize: integer('pdf_size'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('card_batches_park_idx').on(t.parkId, t.createdAt)],
);

/**
 * 三会一课, 主题党日 and 组织生活会 records. kind: generalMeeting | committeeMeeting | groupMeeting |
 * partyLecture | themedDay | orgLifeMeeting. `branchId` is the branch that held it; a group meeting
 * names its party group too.
 */
export const orgMeetings = pgTable(
  'org_meetings',
  {
    id: id(),
    parkId: parkId(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    partyGroupId: uuid('party_group_id').references(() => orgNodes.id),
    kind: text('kind').notNull(),
    date: date('date').notNull(),
    title: text('title').notNull(),
    place: text('place'),
    hostName: text('host_name'),
    minutes: text('minutes'),
    attachments: jsonb('attachments').$type<FileRef[]>().notNull().default([]),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('org_meetings_branch_date_idx').on(t.parkId, t.branchId, t.date),
    check(
      'org_meetings_kind_ck',
      sql`${t.kind} in ('generalMeeting','committeeMeeting','groupMeeting','partyLecture','themedDay','orgLifeMeeting')`,
    ),
  ],
);

export const orgMeetingAttendees = pgTable(
  'org_meeting_attendees',
  {
    parkId: parkId(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => orgMeetings.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    present: boolean('present').notNull().default(true),
    absenceReason: text('absence_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.personId] }),
    index('org_meeting_attendees_person_idx').on(t.personId),
  ],
);
