import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/rows';
import type { RequestContext } from '../../context';

/**
 * A small scheduler for periodic work, shared by every module. State lives in PostgreSQL, so
 * several app instances on one database can run it side by side:
 * - a job that claims its own rows atomically (e.g. `UPDATE … WHERE status = 'scheduled' AND
 *   publish_at <= now() RETURNING`) just runs on every instance at every tick;
 * - a job marked `exclusive` first claims its turn in `job_leases` with one conditional UPDATE, so
 *   it runs at most once per interval across all instances (daily reminders and the like).
 * A job never overlaps itself within one instance; a failing run is logged and retried next tick.
 */
export interface Job {
  name: string;
  everyMs: number;
  exclusive?: boolean;
  run(db: Db, ctx: RequestContext): Promise<unknown>;
}

export interface Logger {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

const holder = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** Claims this interval's turn of an exclusive job; true for exactly one caller per interval. */
export async function claimTurn(db: Db, name: string, everyMs: number): Promise<boolean> {
  await queryRows(
    db,
    sql`insert into job_leases (name, last_run_at, holder) values (${name}, 'epoch'::timestamptz, null)
        on conflict (name) do nothing`,
  );
  const rows = await queryRows<{ name: string }>(
    db,
    sql`update job_leases set last_run_at = now(), holder = ${holder}
        where name = ${name} and last_run_at <= now() - make_interval(secs => ${everyMs / 1000})
        returning name`,
  );
  return rows.length === 1;
}

export interface Scheduler {
  /** Runs one job now (tests, or an admin "run now"); resolves with its result. */
  runNow(name: string): Promise<unknown>;
  stop(): Promise<void>;
}

export function startScheduler(db: Db, jobs: readonly Job[], log?: Logger): Scheduler {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();
  let stopped = false;

  const runOnce = (job: Job): Promise<unknown> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const ctx: RequestContext = { actor: null, requestId: `job:${job.name}`, ip: null };
    const p = (async () => {
      if (job.exclusive && !(await claimTurn(db, job.name, job.everyMs))) return undefined;
      return job.run(db, ctx);
    })()
      .catch((err: unknown) => {
        log?.error({ err, job: job.name }, `job ${job.name} failed`);
        return undefined;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  for (const job of jobs) {
    const t = setInterval(() => {
      if (!stopped) void runOnce(job);
    }, job.everyMs);
    t.unref();
    timers.push(t);
    // First run soon after start (not synchronously: let the server finish starting).
    const first = setTimeout(() => {
      if (!stopped) void runOnce(job);
    }, 500);
    first.unref();
    timers.push(first);
  }

  return {
    async runNow(name) {
      const job = jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job named ${name}`);
      return runOnce(job);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await Promise.all([...running.values()]);
    },
  };
}
