import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import * as schema from './schema/index';
import { fromRoot } from '../paths';
import { lazy } from '../lazy';

export type Schema = typeof schema;
/** A database handle or a transaction: every query function takes this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DatabaseKind;
  /** Applies pending migrations; safe to run from several instances at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded engine, when kind is 'pglite' (tests snapshot it). */
  pglite?: PGlite;
  /** The pool, when kind is 'postgres' (LISTEN/NOTIFY uses it). */
  pool?: pg.Pool;
}

export const migrationsFolder = fromRoot('src/server/platform/db/migrations');

/** An arbitrary constant: the advisory lock key that serialises migrations across instances. */
const MIGRATION_LOCK_KEY = 7_240_118_311;

/**
 * PGlite runs PostgreSQL as a single-user backend: there is no checkpointer process, and a
 * standalone backend never starts a checkpoint for WAL volume either (max_wal_size is only acted on
 * under a postmaster; measured: 100 MB of WAL past a 32 MB max_wal_size, no checkpoint). Left alone,
 * the WAL since the last checkpoint is every write since the server started, and after a crash
 * (SIGKILL, power loss) the next start replays all of it — seconds per ten megabytes on two cores,
 * so a start after a day of writes took many times a normal one. A checkpoint every so often keeps
 * that replay, and pg_wal on disk, small. A CHECKPOINT waits for PGlite's one connection like any
 * query; it costs about 0.1–0.2 s at these sizes.
 */
export const PGLITE_CHECKPOINT = {
  /** How often the WAL written since the last checkpoint is looked at. */
  everyMs: 5_000,
  /** Checkpoint as soon as this much WAL would be replayed after a crash. */
  maxPendingBytes: 8 * 2 ** 20,
  /** …and at least this often when anything at all was written. */
  maxAgeMs: 60_000,
};

function startCheckpoints(pglite: PGlite): { stop(): Promise<void> } {
  let last = Date.now();
  let running: Promise<void> | null = null;
  const tick = async () => {
    const res = await pglite.query<{ pending: string | number }>(
      `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::bigint as pending
         from pg_control_checkpoint()`,
    );
    const pending = Number(res.rows[0]?.pending ?? 0);
    // A checkpoint record itself is ~100 bytes: below 64 KiB nothing worth replaying was written.
    if (
      pending >= PGLITE_CHECKPOINT.maxPendingBytes ||
      (pending > 65_536 && Date.now() - last >= PGLITE_CHECKPOINT.maxAgeMs)
    ) {
      await pglite.exec('checkpoint');
      last = Date.now();
    }
  };
  const timer = setInterval(() => {
    if (running || pglite.closed) return;
    running = tick()
      .catch(() => undefined) // a failed look is retried at the next tick; close() may race it
      .finally(() => (running = null));
  }, PGLITE_CHECKPOINT.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

export async function openPglite(dataDir: string | undefined, existing?: PGlite): Promise<Database> {
  let client = existing;
  if (!client) {
    if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
    client = await PGlite.create(dataDir ? path.join(dataDir, 'pglite') : undefined, {
      extensions: { pg_trgm },
    });
  }
  const pglite = client;
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  // Only a database on disk survives a crash; an in-memory one (tests) has nothing to recover.
  const checkpoints = dataDir && !existing ? startCheckpoints(pglite) : null;
  return {
    db,
    kind: 'pglite',
    pglite,
    async migrate() {
      // One process owns an embedded database, so no lock is needed here.
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      await checkpoints?.stop();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** node-postgres and its drizzle driver, loaded only when DATABASE_URL is set (a PGlite start skips ~0.2 s). */
const loadPostgresDriver = lazy(async () => {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  return { pg, drizzlePg: drizzle, migratePg: migrate };
});

export async function openPostgres(url: string): Promise<Database> {
  const { pg, drizzlePg, migratePg } = await loadPostgresDriver();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, an administrator, a dropped database) is an
  // 'error' on the pool; without a listener it would crash the process. The pool discards that
  // connection and opens a new one for the next query, so nothing else is needed.
  pool.on('error', () => undefined);
  // Fail at start, with the server's own words, rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pool,
    async migrate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        await client.end();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
