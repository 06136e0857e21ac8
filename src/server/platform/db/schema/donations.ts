import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { accounts } from './accounts';
import { orgNodes } from './org';
import { people } from './people';

/**
 * Donation drives (爱心捐款) and special-dues campaigns (特殊党费), issue 4 §3. Each drive is its own
 * ledger: `type` separates donations from special dues, and no total ever adds the two together.
 * Money is integer fen. Entries are append-only (triggers in the migrations refuse DELETE, and any
 * UPDATE but of `guardian_consent`): a mistake is corrected by a reversal entry of the negative
 * amount that references the original, so every correction stays visible.
 */
export const donationDrives = pgTable(
  'donation_drives',
  {
    id: id(),
    parkId: parkId(),
    type: text('type').notNull(), // 'donation' | 'specialDues'
    title: text('title').notNull(),
    purpose: text('purpose'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    /** The org node running the drive (general branch, school, branch …): who may manage it. */
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => orgNodes.id),
    /** Who may give: any of 'staff' | 'student' | 'member' | 'class' (specialDues: only 'member'). */
    eligible: text('eligible').array().notNull(),
    status: text('status').notNull().default('open'), // 'open' | 'closed'
    /** The public thank-you list is published on the portal … */
    publicThanks: boolean('public_thanks').notNull().default(false),
    /** … and shows amounts (otherwise names only). */
    publicAmounts: boolean('public_amounts').notNull().default(false),
    /** Receipt numbers are `${receiptPrefix}-${seq:0000}`; the prefix is unique in the park. */
    receiptPrefix: text('receipt_prefix').notNull(),
    lastReceiptSeq: integer('last_receipt_seq').notNull().default(0),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: uuid('closed_by').references(() => accounts.id),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('donation_drives_prefix_uq').on(t.parkId, t.receiptPrefix),
    index('donation_drives_park_idx').on(t.parkId, t.type, t.startsOn),
    check('donation_drives_type', sql`${t.type} in ('donation', 'specialDues')`),
    check('donation_drives_status', sql`${t.status} in ('open', 'closed')`),
    check('donation_drives_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

export const donationEntries = pgTable(
  'donation_entries',
  {
    id: id(),
    parkId: parkId(),
    driveId: uuid('drive_id')
      .notNull()
      .references(() => donationDrives.id),
    seq: integer('seq').notNull(),
    receiptNo: text('receipt_no').notNull(),
    donorType: text('donor_type').notNull(), // 'person' | 'class'
    personId: uuid('person_id').references(() => people.id),
    /** Snapshots at the time of giving, so totals by school / class / branch never shift later. */
    donorName: text('donor_name').notNull(),
    personKind: text('person_kind'), // 'staff' | 'student' (person entries)
    isMember: boolean('is_member').notNull().default(false),
    schoolId: uuid('school_id').references(() => orgNodes.id),
    classId: uuid('class_id').references(() => orgNodes.id),
    branchId: uuid('branch_id').references(() => orgNodes.id),
    /** Positive for a gift; the exact negative of the original for a reversal. */
    amountFen: integer('amount_fen').notNull(),
    method: text('method').notNull(), // 'cash' | 'wechat' | 'alipay' | 'bankTransfer' | 'other'
    givenOn: date('given_on').notNull(),
    note: text('note'),
    /** Hide the name on the public thank-you list. */
    anonymous: boolean('anonymous').notNull().default(false),
    /**
     * A student's guardian agreed to show the full name on the public thank-you list; without it a
     * student is shown masked (common/privacy.ts). The one column that may change after the entry
     * is written (the trigger allows nothing else), each change audited as donations.entry.consent.
     */
    guardianConsent: boolean('guardian_consent').notNull().default(false),
    reversesId: uuid('reverses_id').references((): AnyPgColumn => donationEntries.id),
    reversalReason: text('reversal_reason'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('donation_entries_receipt_uq').on(t.parkId, t.receiptNo),
    uniqueIndex('donation_entries_seq_uq').on(t.driveId, t.seq),
    /** An entry is reversed at most once. */
    uniqueIndex('donation_entries_reverses_uq').on(t.reversesId),
    index('donation_entries_drive_idx').on(t.driveId),
    index('donation_entries_person_idx').on(t.personId),
    check('donation_entries_donor_type', sql`${t.donorType} in ('person', 'class')`),
    check(
      'donation_entries_donor',
      sql`(${t.donorType} = 'person' and ${t.personId} is not null) or (${t.donorType} = 'class' and ${t.personId} is null and ${t.classId} is not null)`,
    ),
    check(
      'donation_entries_sign',
      sql`(${t.reversesId} is null and ${t.amountFen} > 0) or (${t.reversesId} is not null and ${t.amountFen} < 0 and ${t.reversalReason} is not null)`,
    ),
  ],
);
