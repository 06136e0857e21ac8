import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { accounts } from './accounts';
import { orgNodes } from './org';

/**
 * Branch star rating (支部评星定级) on the assessment engine: a rating scheme per park and year
 * (standards with points and star thresholds as data, versioned, frozen once rating starts), the
 * evidence a branch uploads (scored by the general branch), and one rating per branch and year
 * (the computed figures' snapshot, the branch's self-rating, the general branch's rating, stars).
 * Points are stored in tenths (integers), as the assessment's scoring works.
 */

export const branchRatingSchemes = pgTable(
  'branch_rating_schemes',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    version: integer('version').notNull().default(1),
    config: jsonb('config').notNull(),
    status: text('status').notNull().default('draft'), // 'draft' | 'frozen'
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    frozenBy: uuid('frozen_by').references(() => accounts.id, { onDelete: 'set null' }),
    /** What started rating: 'selfRating' | 'evidence' | 'rating'. */
    frozenReason: text('frozen_reason'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('branch_rating_schemes_year_uq').on(t.parkId, t.year),
    check('branch_rating_schemes_status', sql`${t.status} in ('draft', 'frozen')`),
    check('branch_rating_schemes_year', sql`${t.year} between 2000 and 2100`),
  ],
);

/** Every version of every rating scheme, append-only: what a rating was made by stays readable. */
export const branchRatingSchemeVersions = pgTable(
  'branch_rating_scheme_versions',
  {
    id: id(),
    parkId: parkId(),
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => branchRatingSchemes.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    config: jsonb('config').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('branch_rating_scheme_versions_uq').on(t.schemeId, t.version)],
);

/**
 * One piece of branch evidence (支部佐证材料) with at most one proof file in storage.
 * status: submitted | scored | returned. Scored evidence is locked.
 */
export const branchRatingEvidence = pgTable(
  'branch_rating_evidence',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    title: text('title').notNull(),
    description: text('description'),
    storageKey: text('storage_key'),
    filename: text('filename'),
    contentType: text('content_type'),
    size: integer('size'),
    status: text('status').notNull().default('submitted'),
    scoreTenths: integer('score_tenths'),
    note: text('note'),
    returnReason: text('return_reason'),
    createdBy: uuid('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    scoredBy: uuid('scored_by').references(() => accounts.id, { onDelete: 'set null' }),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('branch_rating_evidence_branch_idx').on(t.parkId, t.year, t.branchId),
    check('branch_rating_evidence_status', sql`${t.status} in ('submitted', 'scored', 'returned')`),
    check('branch_rating_evidence_score', sql`${t.scoreTenths} is null or ${t.scoreTenths} >= 0`),
    check('branch_rating_evidence_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

/**
 * A branch's rating for a year. `computed` is the figures' snapshot ({ [standardKey]: { tenths,
 * detail } }) taken at self-rating and again at rating; `selfEntries` { [key]: { tenths, statement } };
 * `finalEntries` { [key]: { tenths, note } }. status: draft | selfRated | rated.
 */
export const branchRatings = pgTable(
  'branch_ratings',
  {
    id: id(),
    parkId: parkId(),
    year: integer('year').notNull(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    schemeVersion: integer('scheme_version').notNull(),
    status: text('status').notNull().default('draft'),
    computed: jsonb('computed').notNull().default({}),
    computedAt: timestamp('computed_at', { withTimezone: true }),
    selfEntries: jsonb('self_entries'),
    selfTotalTenths: integer('self_total_tenths'),
    selfRatedBy: uuid('self_rated_by').references(() => accounts.id, { onDelete: 'set null' }),
    selfRatedAt: timestamp('self_rated_at', { withTimezone: true }),
    finalEntries: jsonb('final_entries'),
    finalTotalTenths: integer('final_total_tenths'),
    stars: integer('stars'),
    ratedBy: uuid('rated_by').references(() => accounts.id, { onDelete: 'set null' }),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('branch_ratings_branch_year_uq').on(t.parkId, t.year, t.branchId),
    check('branch_ratings_status', sql`${t.status} in ('draft', 'selfRated', 'rated')`),
    check('branch_ratings_stars', sql`${t.stars} is null or ${t.stars} between 0 and 5`),
  ],
);
