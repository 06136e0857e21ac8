import fs from 'node:fs';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import * as schema from './schema/index';
import { fromRoot } from '../paths';
import { lazy } from '../lazy';
import {
  ClientGoneError,
  DEFAULT_LOAD_LIMITS,
  ServerBusyError,
  checkBeforeQuery,
  currentLoad,
  newShedCounters,
  type LoadLimits,
  type ShedCounters,
} from '../load';
import { EmbeddedClient } from './embedded';

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
  /** The embedded engine's handle, when kind is 'pglite' (tests snapshot it; LISTEN uses it). */
  pglite?: EmbeddedClient;
  /** The pool, when kind is 'postgres' (LISTEN/NOTIFY, backups and tests use it directly). */
  pool?: pg.Pool;
  /** Settles if the database can no longer be used (the embedded database's thread stopped). */
  failed?: Promise<Error>;
  /** What load shedding did so far (benchmarks print it). */
  counters: ShedCounters;
  /** Queries waiting for a connection or for the embedded database right now. */
  load(): number;
}

export const migrationsFolder = fromRoot('src/server/platform/db/migrations');

/** An arbitrary constant: the advisory lock key that serialises migrations across instances. */
const MIGRATION_LOCK_KEY = 7_240_118_311;

/**
 * How often the embedded database checkpoints (the worker, pglite-worker.mjs, says why): the WAL a
 * crash would make the next start replay stays below maxPendingBytes. A checkpoint costs about
 * 0.1–0.2 s at these sizes, in the database's own thread.
 */
export const PGLITE_CHECKPOINT = {
  /** How often the WAL written since the last checkpoint is looked at. */
  everyMs: 5_000,
  /** Checkpoint as soon as this much WAL would be replayed after a crash. */
  maxPendingBytes: 8 * 2 ** 20,
  /** …and at least this often when anything at all was written. */
  maxAgeMs: 60_000,
};

export interface PgliteOptions {
  /** Start from this data-dir snapshot (tests copy one migrated database). */
  loadDataDir?: Uint8Array;
  limits?: LoadLimits;
  /** PostgreSQL's shared buffers, e.g. '32MB' (PGLITE_SHARED_BUFFERS). */
  sharedBuffers?: string;
}

/**
 * PGlite's own default is 128 MB of shared buffers. WebAssembly memory only grows, so whatever the
 * buffers once held stays in the process's RSS for good; 32 MB bounds that part (measured in a
 * scratch run: 110 MB less RSS after reading a 100,000-row table than with the default). What else
 * the idle RSS holds with 5,000 articles is not yet accounted for (docs/architecture.md, "Under load").
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

/**
 * The embedded database, in its own worker thread (embedded.ts says why). `dataDir` undefined is an
 * in-memory database (tests, benchmarks).
 */
export async function openPglite(dataDir: string | undefined, opts: PgliteOptions = {}): Promise<Database> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = await EmbeddedClient.start({
    dataDir: dataDir ? path.join(dataDir, 'pglite') : undefined,
    loadDataDir: opts.loadDataDir,
    // Only a database on disk survives a crash; an in-memory one has nothing to recover.
    checkpoint: dataDir ? PGLITE_CHECKPOINT : undefined,
    settings: { shared_buffers: opts.sharedBuffers ?? PGLITE_SHARED_BUFFERS },
    limits: opts.limits ?? DEFAULT_LOAD_LIMITS,
  });
  const db = drizzlePglite(client as never, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    failed: client.failed,
    counters: client.counters,
    load: () => client.load().queued,
    async migrate() {
      // One process owns an embedded database, so no lock is needed here.
      await migratePglite(db as never, { migrationsFolder });
    },
    async close() {
      await client.close();
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

/**
 * Connections per class of work. Requests of each class get their own pool with its own
 * server-side statement_timeout (load.ts): a slow public search can neither hold a console request's
 * connection nor run past its budget. Background work (jobs, backups, LISTEN) has no timeout.
 */
export const POOL_SIZES = { public: 4, api: 8, background: 4 } as const;

export async function openPostgres(url: string, opts: { limits?: LoadLimits } = {}): Promise<Database> {
  const { pg, drizzlePg, migratePg } = await loadPostgresDriver();
  const limits = opts.limits ?? DEFAULT_LOAD_LIMITS;
  const open = (max: number, statementTimeout?: number) => {
    // jit off: our statements run in milliseconds, but a generic plan over a large table can be
    // estimated above jit_above_cost, and PostgreSQL then compiles it on every execution (measured:
    // 1.5 s of a 1.56 s search at 50,000 articles). PGlite has no JIT.
    const p = new pg.Pool({
      connectionString: url,
      max,
      statement_timeout: statementTimeout,
      options: '-c jit=off',
    });
    // An idle connection the server ends (a restart, an administrator, a dropped database) is an
    // 'error' on the pool; without a listener it would crash the process. The pool discards that
    // connection and opens a new one for the next query, so nothing else is needed.
    p.on('error', () => undefined);
    return p;
  };
  const pool = open(POOL_SIZES.background);
  const pools = {
    public: open(POOL_SIZES.public, limits.timeoutMs.public),
    api: open(POOL_SIZES.api, limits.timeoutMs.api),
  };
  // Fail at start, with the server's own words, rather than at the first request.
  const probe = await pool.connect();
  probe.release();
  const counters = newShedCounters();
  const pick = () => {
    const load = currentLoad();
    const chosen = load ? pools[load.requestClass] : pool;
    try {
      checkBeforeQuery(load, chosen.waitingCount, limits);
    } catch (err) {
      if (err instanceof ServerBusyError) counters.refusedBusy++;
      throw err;
    }
    return { load, chosen };
  };
  // A query for a request waits for a connection of its class, then starts only if its client is
  // still there (node-postgres cannot withdraw a query it has queued on a connection).
  const query = async (...args: unknown[]) => {
    const { load, chosen } = pick();
    if (!load) return (chosen.query as (...a: unknown[]) => Promise<unknown>)(...args);
    const connection = await chosen.connect();
    try {
      if (load.signal.aborted) {
        counters.droppedGone++;
        throw new ClientGoneError();
      }
      return await (connection.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      connection.release();
    }
  };
  // …and so does a transaction, which holds its connection to the end.
  const connect = async () => {
    const { load, chosen } = pick();
    const connection = await chosen.connect();
    if (load?.signal.aborted) {
      connection.release();
      counters.droppedGone++;
      throw new ClientGoneError();
    }
    return connection;
  };
  // drizzle sees one pool (it checks instanceof Pool); each query goes to its class's pool.
  const routed = new Proxy(pool, {
    get(target, prop) {
      if (prop === 'query') return query;
      if (prop === 'connect') return connect;
      return Reflect.get(target, prop, target) as unknown;
    },
  });
  const db = drizzlePg(routed, { schema }) as unknown as Db;
  const all = [pool, pools.public, pools.api];
  return {
    db,
    kind: 'postgres',
    pool,
    counters,
    load: () => all.reduce((n, p) => n + p.waitingCount, 0),
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
      await Promise.all(all.map((p) => p.end()));
    },
  };
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  limits?: LoadLimits;
  sharedBuffers?: string;
}): Promise<Database> {
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, { limits: opts.limits })
    : openPglite(opts.dataDir, { limits: opts.limits, sharedBuffers: opts.sharedBuffers });
}
