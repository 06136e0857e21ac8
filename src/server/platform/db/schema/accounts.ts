import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { orgNodes } from './org';
import { people } from './people';

export const accounts = pgTable(
  'accounts',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id').references(() => people.id),
    /** Lower-cased login name; for a person's account, their 工号 / 学号. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** Optional address for email notifications (set by the holder or an administrator). */
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('accounts_username_uq').on(sql`lower(${t.username})`),
    // One account per person (and the lookup index for it).
    uniqueIndex('accounts_person_uq')
      .on(t.personId)
      .where(sql`${t.personId} is not null`),
  ],
);

/** A role held over a scope node (the park, a school, a branch, a class …). See policies/roles.ts. */
export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    parkId: parkId(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    scopeNodeId: uuid('scope_node_id')
      .notNull()
      .references(() => orgNodes.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('role_assignments_uq').on(t.accountId, t.role, t.scopeNodeId)],
);

/**
 * Sessions: the cookie carries a random token; only its SHA-256 is stored. `id` is the session's
 * public, non-secret name (administrators list and end sessions by it; the hash never leaves the
 * server). A session ends at `expires_at` (absolute lifetime, fixed at login) or at
 * `idle_expires_at` (moved to now + `idle_seconds` as requests arrive), whichever comes first.
 */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    id: uuid('id').notNull().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The idle timeout this session was opened with (SESSION_IDLE_MINUTES at login). */
    idleSeconds: integer('idle_seconds').notNull().default(1800),
    idleExpiresAt: timestamp('idle_expires_at', { withTimezone: true })
      .notNull()
      .default(sql`now() + interval '30 minutes'`),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('sessions_account_idx').on(t.accountId),
    index('sessions_expires_idx').on(t.expiresAt),
    uniqueIndex('sessions_id_uq').on(t.id),
  ],
);

/**
 * Failed-login counters, shared by every app instance: `account:<id>` for a name that resolves to an
 * account (so its username and its 工号/学号 share one count), `name:<typed name>` for a name that
 * resolves to none, and `ip:<address>`.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
