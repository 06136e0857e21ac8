import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  pgTable,
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
 * Party dues (RULES §4): monthly dues, an append-only payment ledger, hardship reductions. The
 * rules live in src/server/areas/dues/rules.ts. The tables were created by the orgLife migration.
 */

/**
 * A member's dues for one month (`month` is its first day), computed from their base and group by
 * the rule in areas/dues/rules.ts (`rule` names it). `dueFen` is what is owed after an approved
 * hardship reduction; `standardFen` what the rule alone gives. Money is integer fen.
 */
export const duesMonths = pgTable(
  'dues_months',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    month: date('month').notNull(),
    duesGroup: text('dues_group').notNull(),
    baseFen: integer('base_fen'),
    /** The rate in basis points (50 = 0.5%), or null for a fixed amount. */
    rateBp: integer('rate_bp'),
    standardFen: integer('standard_fen').notNull(),
    reductionId: uuid('reduction_id'),
    dueFen: integer('due_fen').notNull(),
    rule: text('rule').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dues_months_person_month_uq').on(t.personId, t.month),
    index('dues_months_park_month_idx').on(t.parkId, t.month),
    index('dues_months_branch_month_idx').on(t.parkId, t.branchId, t.month),
    check('dues_months_amounts_ck', sql`${t.standardFen} >= 0 and ${t.dueFen} >= 0`),
  ],
);

/**
 * The dues payment ledger, append-only (a trigger refuses UPDATE and DELETE): a correction is a
 * reversal entry of the opposite amount pointing at the entry it reverses (at most one each).
 * kind: payment (amount > 0) | reversal (amount < 0).
 */
export const duesLedger = pgTable(
  'dues_ledger',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    month: date('month').notNull(),
    kind: text('kind').notNull(),
    amountFen: integer('amount_fen').notNull(),
    reversesId: uuid('reverses_id'),
    paidOn: date('paid_on').notNull(),
    method: text('method').notNull(),
    receiptNo: text('receipt_no'),
    note: text('note'),
    /** The account that recorded it (no foreign key: the ledger is never updated, not even by a cascade). */
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name'),
    createdAt: createdAt(),
  },
  (t) => [
    index('dues_ledger_person_month_idx').on(t.personId, t.month),
    index('dues_ledger_park_month_idx').on(t.parkId, t.month),
    uniqueIndex('dues_ledger_reverses_uq').on(t.reversesId),
    check(
      'dues_ledger_kind_ck',
      sql`(${t.kind} = 'payment' and ${t.amountFen} > 0 and ${t.reversesId} is null) or (${t.kind} = 'reversal' and ${t.amountFen} < 0 and ${t.reversesId} is not null)`,
    ),
  ],
);

/**
 * Hardship reduction (or exemption) of a member's dues over a range of months; needs approval.
 * kind: reduce (pay `amountFen` a month) | exempt. status: pending | approved | rejected.
 */
export const duesReductions = pgTable(
  'dues_reductions',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    fromMonth: date('from_month').notNull(),
    toMonth: date('to_month').notNull(),
    kind: text('kind').notNull(),
    amountFen: integer('amount_fen'),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('pending'),
    requestedBy: uuid('requested_by').references(() => accounts.id, { onDelete: 'set null' }),
    requestedByName: text('requested_by_name'),
    decidedBy: uuid('decided_by').references(() => accounts.id, { onDelete: 'set null' }),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionNote: text('decision_note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dues_reductions_park_status_idx').on(t.parkId, t.status),
    index('dues_reductions_person_idx').on(t.personId),
    check('dues_reductions_kind_ck', sql`${t.kind} in ('reduce','exempt')`),
    check('dues_reductions_status_ck', sql`${t.status} in ('pending','approved','rejected')`),
    check('dues_reductions_range_ck', sql`${t.fromMonth} <= ${t.toMonth}`),
    check(
      'dues_reductions_amount_ck',
      sql`(${t.kind} = 'exempt' and ${t.amountFen} is null) or (${t.kind} = 'reduce' and ${t.amountFen} >= 0)`,
    ),
  ],
);
