import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { accounts } from './accounts';

/**
 * A spreadsheet import of staff or students (modules/imports). Upload parses and validates every
 * row and stores the outcome here: either `errors` (status 'invalid', nothing will be written) or
 * the normalised `rows` ready to write (status 'validated'). `rows` never holds a clear ID or phone
 * number — only ciphertext, blind index and masked form, exactly as the people table stores them —
 * and it is emptied when the job is committed.
 */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: id(),
    parkId: parkId(),
    kind: text('kind').notNull(), // 'staff' | 'student' | 'org'
    createdBy: uuid('created_by')
      .notNull()
      .references(() => accounts.id),
    fileName: text('file_name').notNull(),
    /** SHA-256 of the uploaded file, to trace an import back to its file. */
    fileSha256: text('file_sha256').notNull(),
    /** 'validated' | 'invalid' | 'committing' | 'committed' | 'failed' */
    status: text('status').notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    toCreate: integer('to_create').notNull().default(0),
    toUpdate: integer('to_update').notNull().default(0),
    /** [{row, column, message}] — row numbers as the user sees them in the sheet. */
    errors: jsonb('errors').notNull().default([]),
    /** Normalised rows to write (see modules/imports/service.ts ImportRow); null once committed. */
    rows: jsonb('rows'),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_park_idx').on(t.parkId, t.createdAt)],
);
