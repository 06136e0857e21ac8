import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { publishDueArticles } from '../../areas/newsroom/commands/publishDueArticles';
import { ensureDefaultColumnsForAllParks } from '../../areas/newsroom/columns';
import { warmSegmenter } from '../search/segmenter';
import { runBirthdayReminders } from '../../areas/orgLife/commands/runBirthdayReminders';
import { sendPendingEmails, smtpSettingsFromEnv } from '../mail/outbox';
import { startScheduler, type Job, type Logger, type Scheduler } from './scheduler';

/** Every periodic job of the server. A module adds its job here. */
export const JOBS: Job[] = [
  {
    name: 'portal.publishScheduled',
    everyMs: 5_000,
    run: (db, ctx) => publishDueArticles(db, ctx),
  },
  // Political-birthday reminders a week ahead; idempotent (one notification per account and birthday).
  {
    name: 'orgLife.birthdayReminders',
    everyMs: 60 * 60_000,
    exclusive: true,
    run: (db) => runBirthdayReminders(db),
  },
  // Sends the email outbox (notify(…, { email: true })); nothing when SMTP_URL is unset. Exclusive, and
  // rows are claimed atomically as well, so two instances never send one email twice.
  {
    name: 'email.sendOutbox',
    everyMs: 60_000,
    exclusive: true,
    run: (db) => sendPendingEmails(db, smtpSettingsFromEnv()),
  },
  // Fresh planner statistics. PostgreSQL's autovacuum does this by itself; PGlite has no autovacuum,
  // and without statistics list and portal queries run several times slower after bulk loads.
  {
    name: 'db.analyze',
    everyMs: 6 * 60 * 60_000,
    exclusive: true,
    run: async (db) => {
      await db.execute(sql`analyze`);
    },
  },
];

/** How long after start the word-segmentation dictionary is loaded (see startJobs). */
const WARM_SEGMENTER_AFTER_MS = 1_000;

/**
 * Called once by main.ts after migrations: start-up work (default portal columns for parks created
 * before the portal existed; the word-segmentation dictionary) and the scheduler.
 * The dictionary takes ~0.2 s of synchronous work: it is loaded just after the server is up rather
 * than before it listens, so the start is shorter and the first save or search still finds it loaded
 * (segment() loads it itself when asked sooner).
 */
export async function startJobs(db: Db, log?: Logger): Promise<Scheduler> {
  await ensureDefaultColumnsForAllParks(db);
  setTimeout(warmSegmenter, WARM_SEGMENTER_AFTER_MS).unref();
  return startScheduler(db, JOBS, log);
}
