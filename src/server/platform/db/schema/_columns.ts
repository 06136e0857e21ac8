import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** Columns most tables share. Instants are timestamptz; calendar days are `date` (string 'YYYY-MM-DD'). */
export const id = () => uuid('id').primaryKey().defaultRandom();
export const parkId = () => uuid('park_id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
