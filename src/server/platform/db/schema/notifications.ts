import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId } from './_columns';
import { accounts } from './accounts';

/**
 * Console notifications: "an article waits for your review", "political birthdays next week".
 * Written by services through modules/notifications/service.ts, in the same transaction as the
 * change that causes them.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    parkId: parkId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Dotted kind, e.g. 'portal.reviewRequested', 'orgLife.birthdayReminder'. */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** A console path to open, e.g. '/admin/portal/articles/…'. */
    link: text('link'),
    /** Deduplication key: one notification per (account, dedupeKey). */
    dedupeKey: text('dedupe_key'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_account_idx').on(t.accountId, t.readAt, t.createdAt),
    index('notifications_dedupe_idx').on(t.accountId, t.dedupeKey),
  ],
);
