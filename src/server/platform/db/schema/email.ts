import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId } from './_columns';
import { accounts } from './accounts';

/**
 * Outgoing email, written by `notify(…, { email: true })` in the transaction that causes it and sent
 * later by the `email.sendOutbox` job (modules/email/outbox.ts), so SMTP never blocks or breaks a
 * transaction. status: 'pending' (to send or retry at next_attempt_at), 'sent', 'failed' (gave up
 * after the last attempt), 'expired' (waited too long, e.g. while SMTP was not configured).
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: id(),
    parkId: parkId(),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'set null' }),
    toAddress: text('to_address').notNull(),
    /** The notification kind that caused it, e.g. 'orgLife.birthdayReminder'. */
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('email_outbox_due_idx').on(t.status, t.nextAttemptAt)],
);
