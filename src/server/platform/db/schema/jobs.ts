import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per periodic job (src/server/platform/jobs/scheduler.ts): lets a job that must not run twice in an
 * interval claim its turn with one atomic UPDATE, whichever app instance gets there first.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull().defaultNow(),
  holder: text('holder'),
});
