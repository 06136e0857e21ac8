// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly synchronously:
// on the main thread, every query stopped the server from answering anything else (a burst of
// uncached searches made even cached pages time out). Here it runs beside the event loop, and the
// main thread (embedded.ts) only sends statements and receives rows.
//
// Plain JavaScript on purpose: a worker thread starts from a file, and this one must start the same
// way under tsx, vitest and the esbuild bundle of `npm start` without a TypeScript loader.
//
// The main thread sends one operation at a time (it keeps the queue, so it can drop work for a
// client that has gone and refuse work beyond a bound); this side runs what it is sent, in order.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** @typedef {{ everyMs: number, maxPendingBytes: number, maxAgeMs: number }} CheckpointPolicy */

/** @type {{ dataDir?: string, loadDataDir?: Uint8Array, checkpoint?: CheckpointPolicy, settings?: Record<string, string> }} */
const options = workerData ?? {};
const port = parentPort;
if (!port) throw new Error('pglite-worker.mjs runs as a worker thread');

/** The fields of a PostgreSQL error that callers read (db/errors.ts); an Error's own are not cloned. */
const ERROR_FIELDS = [
  'code',
  'detail',
  'hint',
  'position',
  'internalPosition',
  'internalQuery',
  'where',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
  'file',
  'line',
  'routine',
  'severity',
];

function errorOf(err) {
  const e = /** @type {Record<string, unknown>} */ (err ?? {});
  const out = { message: String(e.message ?? err), name: String(e.name ?? 'Error') };
  for (const k of ERROR_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

/** Identity parsers for the type OIDs the caller reads as text (drizzle keeps dates as strings). */
function parsersFor(textTypes) {
  if (!textTypes?.length) return undefined;
  return Object.fromEntries(textTypes.map((oid) => [oid, (value) => value]));
}

let db;
try {
  // Server settings (shared_buffers …) can only be given at start: PGlite's own start parameters
  // plus ours, as `-c name=value`.
  const settings = Object.entries(options.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  db = await PGlite.create(options.dataDir, {
    extensions: { pg_trgm },
    loadDataDir: options.loadDataDir ? new Blob([options.loadDataDir]) : undefined,
    startParams: settings.length ? [...PGlite.defaultStartParams, ...settings] : undefined,
  });
} catch (err) {
  port.postMessage({ op: 'ready', error: errorOf(err) });
  throw err;
}

let busy = false;
const listeners = new Map();

/**
 * PGlite runs PostgreSQL single-user, with no background checkpointer, and a standalone backend never
 * checkpoints for WAL volume either (measured: 100 MB of WAL past a 32 MB max_wal_size). After a
 * crash the next start replays every write since the last checkpoint; a checkpoint every so often
 * keeps that replay, and pg_wal on disk, small. It runs only between operations and never inside an
 * open transaction.
 */
function startCheckpoints(policy) {
  let last = Date.now();
  let running = false;
  const tick = async () => {
    if (running || busy || db.closed || db.isInTransaction()) return;
    running = true;
    try {
      const res = await db.query(
        `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::bigint as pending
           from pg_control_checkpoint()`,
      );
      const pending = Number(res.rows[0]?.pending ?? 0);
      // A checkpoint record itself is ~100 bytes: below 64 KiB nothing worth replaying was written.
      if (pending >= policy.maxPendingBytes || (pending > 65_536 && Date.now() - last >= policy.maxAgeMs)) {
        await db.exec('checkpoint');
        last = Date.now();
        port.postMessage({ op: 'checkpoint', pending });
      }
    } catch {
      // A failed look is retried at the next tick; close() may race it.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, policy.everyMs);
  return () => clearInterval(timer);
}
const stopCheckpoints = options.checkpoint ? startCheckpoints(options.checkpoint) : () => {};

async function run(msg) {
  switch (msg.op) {
    case 'query': {
      const res = await db.query(msg.sql, msg.params ?? [], {
        rowMode: msg.rowMode ?? 'object',
        parsers: parsersFor(msg.textTypes),
      });
      return { rows: res.rows, fields: res.fields, affectedRows: res.affectedRows };
    }
    case 'exec': {
      const results = await db.exec(msg.sql);
      return results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    }
    case 'listen': {
      if (!listeners.has(msg.channel)) {
        const unlisten = await db.listen(msg.channel, (payload) =>
          port.postMessage({ op: 'notify', channel: msg.channel, payload }),
        );
        listeners.set(msg.channel, unlisten);
      }
      return null;
    }
    case 'unlisten': {
      const unlisten = listeners.get(msg.channel);
      listeners.delete(msg.channel);
      if (unlisten) await unlisten();
      return null;
    }
    case 'dump': {
      const blob = await db.dumpDataDir('gzip');
      return new Uint8Array(await blob.arrayBuffer());
    }
    case 'stats':
      return { inTransaction: db.isInTransaction(), memory: process.memoryUsage() };
    case 'close': {
      stopCheckpoints();
      if (!db.closed) await db.close();
      return null;
    }
    default:
      throw new Error(`unknown operation ${msg.op}`);
  }
}

port.on('message', async (msg) => {
  busy = true;
  try {
    const result = await run(msg);
    const transfer = result instanceof Uint8Array ? [result.buffer] : [];
    port.postMessage({ id: msg.id, ok: true, result }, transfer);
  } catch (err) {
    port.postMessage({ id: msg.id, ok: false, error: errorOf(err) });
  } finally {
    busy = false;
    if (msg.op === 'close') port.close();
  }
});

port.postMessage({ op: 'ready' });
