import crypto from 'node:crypto';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { POOL_SIZES, type Database } from '../../../src/server/platform/db/client';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createFieldCipher } from '../../../src/server/platform/crypto';
import {
  ClientGoneError,
  DEFAULT_LOAD_LIMITS,
  ServerBusyError,
  runWithLoad,
  type RequestLoad,
} from '../../../src/server/platform/load';
import { hangUps } from '../../../src/server/platform/http/load';
import { createTestDatabase } from '../../support/db';
import { buildPark } from '../../support/fixtures';
import { asClient } from '../../support/app';

/**
 * Load is shed, not queued forever (docs/architecture.md, "Under load"): beyond a bound of waiting
 * queries a request is answered 503 with Retry-After at once; a waiting query whose client has gone
 * is not started; background work is never refused.
 */

const build = async (database: Database): Promise<App> => {
  const config = loadConfig({ DATA_DIR: '.test-data/unused', LOG_LEVEL: 'silent' });
  const app = await buildApp(
    { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
    { logger: false },
  );
  await app.ready();
  return app;
};

describe('a request beyond the queue bound', () => {
  let database: Database;
  let app: App;
  beforeAll(async () => {
    // A bound of zero: every query made for a request finds the queue "full".
    database = await createTestDatabase({ limits: { ...DEFAULT_LOAD_LIMITS, maxQueued: 0 } });
    await buildPark(database.db);
    app = await build(database);
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('is answered 503 SERVER_BUSY with Retry-After and a Chinese message, on the API and on the portal', async () => {
    const api = await asClient(app).post('/api/auth/login', { username: 'parkadmin', password: 'x' });
    expect(api.statusCode).toBe(503);
    expect(api.headers['retry-after']).toBe('2');
    expect(api.json()).toEqual({ error: { code: 'SERVER_BUSY', message: '服务器繁忙，请稍后再试' } });

    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBe('2');
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('服务器繁忙');
  });

  it('leaves what needs no database answering, and background work (no request) running', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const rows = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from org_nodes`);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});

describe('the database layer', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ limits: { ...DEFAULT_LOAD_LIMITS, maxQueued: 3 } });
    await database.db.execute(sql`create table load_probe (n int)`);
  });
  afterAll(() => database.close());

  const loadOf = (controller: AbortController): RequestLoad => ({
    signal: controller.signal,
    requestClass: 'api',
  });
  const probeCount = async () =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from load_probe`))[0]!.n;

  it('refuses a new request at once past the bound, carries one already let in, and never starts a query whose client has gone', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holding = await holdDatabase(database, gate);

    const gone = new AbortController();
    const waiting = runWithLoad(
      loadOf(gone),
      async () => await database.db.execute(sql`insert into load_probe values (1)`),
    );
    const kept = new AbortController();
    const loads = [loadOf(kept), loadOf(kept)];
    const others = loads.map((load) =>
      runWithLoad(load, async () => await database.db.execute(sql`insert into load_probe values (2)`)),
    );
    // Three wait: a fourth request is refused without waiting…
    await expect(
      runWithLoad(loadOf(kept), async () => await database.db.execute(sql`select 1`)),
    ).rejects.toSatisfy((e: unknown) => causeIs(e, ServerBusyError));
    // …but a request already let in is carried through.
    const more = runWithLoad(
      loads[0]!,
      async () => await database.db.execute(sql`insert into load_probe values (3)`),
    );
    gone.abort();
    release();
    await holding.released;
    await expect(waiting).rejects.toSatisfy((e: unknown) => causeIs(e, ClientGoneError));
    await Promise.all([...others, more]);
    expect(await probeCount()).toBe(3);
    expect(database.counters.droppedGone).toBeGreaterThanOrEqual(1);
    expect(database.counters.refusedBusy).toBeGreaterThanOrEqual(1);
  });
});

describe('a client that hangs up', () => {
  let database: Database;
  let app: App;
  let port: number;
  beforeAll(async () => {
    database = await createTestDatabase();
    await buildPark(database.db);
    app = await build(database);
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('gets no database work done for it once it is gone', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holding = await holdDatabase(database, gate);
    const before = database.counters.droppedGone;
    const hangUpsBefore = hangUps.count;
    // A login needs the database; the client closes its socket while the query waits.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const body = JSON.stringify({ username: 'parkadmin', password: 'whatever-1' });
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Wait on state: the request's query is queued behind the open transaction.
    while (database.load() === 0) await new Promise((r) => setImmediate(r));
    socket.destroy();
    // …and the server has seen the hang-up (the response's close event) before the gate opens.
    while (hangUps.count === hangUpsBefore) await new Promise((r) => setImmediate(r));
    release();
    await holding.released;
    while (database.counters.droppedGone === before) await new Promise((r) => setImmediate(r));
    expect(database.counters.droppedGone).toBe(before + 1);
  });
});

/**
 * Keeps the database busy until `gate` opens: an open transaction on the embedded database (its one
 * session), every connection of the API pool on PostgreSQL. Resolves once held, to an object
 * holding the promise of the release (an async function would wait for a returned promise).
 */
async function holdDatabase(database: Database, gate: Promise<void>): Promise<{ released: Promise<void> }> {
  if (database.kind === 'pglite') {
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const holding = database.pglite!.transaction(async () => {
      opened();
      await gate;
    });
    await isOpen;
    return { released: holding };
  }
  const apiLoad: RequestLoad = { signal: new AbortController().signal, requestClass: 'api' };
  const routed = (database.db as unknown as { $client: Pool }).$client;
  const held = await Promise.all(
    Array.from({ length: POOL_SIZES.api }, () => runWithLoad(apiLoad, () => routed.connect())),
  );
  return { released: gate.then(() => held.forEach((c) => c.release())) };
}

function causeIs(err: unknown, type: abstract new (...a: never[]) => Error): boolean {
  for (let e = err, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++)
    if (e instanceof type) return true;
  return false;
}
