import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
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
 * Activities and themed Party days (issue 4 §2). Built-in kinds live in domain/activities.ts; a
 * park adds its own kinds here. An activity is organised by one org node (general branch, branch,
 * League committee, League branch); its scope is that node's subtree.
 */
export const activityKinds = pgTable(
  'activity_kinds',
  {
    id: id(),
    parkId: parkId(),
    name: text('name').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('activity_kinds_name_uq').on(t.parkId, t.name),
    check('activity_kinds_name_nonempty', sql`length(trim(${t.name})) > 0`),
  ],
);

export const activities = pgTable(
  'activities',
  {
    id: id(),
    parkId: parkId(),
    /** A built-in kind key (domain/activities.ts) or 'custom' with customKindId set. */
    kind: text('kind').notNull(),
    customKindId: uuid('custom_kind_id').references(() => activityKinds.id),
    title: text('title').notNull(),
    /** The occasion or theme, e.g. 「学习贯彻党的二十大精神」. */
    theme: text('theme'),
    organiserId: uuid('organiser_id')
      .notNull()
      .references(() => orgNodes.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place'),
    description: text('description'),
    /** Open: anyone in the organiser's audience may sign in by QR code, not only the invited. */
    isOpen: boolean('is_open').notNull().default(false),
    status: text('status').notNull().default('planned'), // 'planned' | 'held' | 'cancelled'
    /** Results in words (scores, outcome); awards are rows in activity_awards. */
    results: text('results'),
    /** The portal article made from this activity, when one was drafted. */
    articleId: uuid('article_id'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('activities_park_time_idx').on(t.parkId, t.startsAt),
    index('activities_organiser_idx').on(t.organiserId),
    check('activities_time_order', sql`${t.endsAt} >= ${t.startsAt}`),
    check('activities_title_nonempty', sql`length(trim(${t.title})) > 0`),
  ],
);

/** Whole groups (class, grade, department, branch, party group) added at once, remembered as such. */
export const activityGroups = pgTable(
  'activity_groups',
  {
    id: id(),
    parkId: parkId(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    orgNodeId: uuid('org_node_id')
      .notNull()
      .references(() => orgNodes.id),
    /** How many people the group expanded to when it was added. */
    personCount: integer('person_count').notNull(),
    addedBy: uuid('added_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('activity_groups_uq').on(t.activityId, t.orgNodeId)],
);

export const activityParticipants = pgTable(
  'activity_participants',
  {
    id: id(),
    parkId: parkId(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** The group through which the person was added (null: added one by one, or walked in). */
    viaGroupId: uuid('via_group_id').references(() => orgNodes.id),
    /** 'invited' (on the list beforehand) | 'walkIn' (signed in to an open activity uninvited). */
    source: text('source').notNull().default('invited'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkinMethod: text('checkin_method'), // 'qr' | 'organiser'
    checkedInBy: uuid('checked_in_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('activity_participants_uq').on(t.activityId, t.personId),
    index('activity_participants_person_idx').on(t.personId),
  ],
);

/** A sign-in token behind a QR code: random, unguessable, expiring; a new one replaces the old. */
export const activityCheckinTokens = pgTable(
  'activity_checkin_tokens',
  {
    id: id(),
    parkId: parkId(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    token: text('token').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('activity_checkin_tokens_token_uq').on(t.token),
    index('activity_checkin_tokens_activity_idx').on(t.activityId),
  ],
);

/** An award (一等奖 …) to a person or to a group (class, branch …). */
export const activityAwards = pgTable(
  'activity_awards',
  {
    id: id(),
    parkId: parkId(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    award: text('award').notNull(),
    personId: uuid('person_id').references(() => people.id),
    orgNodeId: uuid('org_node_id').references(() => orgNodes.id),
    note: text('note'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('activity_awards_activity_idx').on(t.activityId),
    check('activity_awards_one_recipient', sql`(${t.personId} is null) <> (${t.orgNodeId} is null)`),
  ],
);

/** Photos of an activity: a storage key (lib/storage.ts) or a media id of the portal's media library. */
export const activityPhotos = pgTable(
  'activity_photos',
  {
    id: id(),
    parkId: parkId(),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    mediaRef: text('media_ref').notNull(),
    caption: text('caption'),
    sortOrder: integer('sort_order').notNull().default(0),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: createdAt(),
  },
  (t) => [index('activity_photos_activity_idx').on(t.activityId)],
);

/** A person's private calendar-feed token (stored hashed); revoking it ends the subscription. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    tokenHash: text('token_hash').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('calendar_feeds_token_uq').on(t.tokenHash),
    index('calendar_feeds_person_idx').on(t.personId),
  ],
);
