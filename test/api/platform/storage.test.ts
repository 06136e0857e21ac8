import crypto from 'node:crypto';
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, eq, ne, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openPglite, type Database } from '../../../src/server/platform/db/client';
import { queryRows } from '../../../src/server/platform/db/rows';
import { storedFileChunks } from '../../../src/server/platform/db/schema/index';
import {
  assertValidKey,
  createLocalStorage,
  createPostgresStorage,
  createS3Storage,
  digestStream,
  StorageExistsError,
  StorageKeyError,
  type Storage,
} from '../../../src/server/platform/storage';
import { CHUNK_SIZE } from '../../../src/server/platform/storage/postgres';
import { createTestDatabase } from '../../support/db';

/**
 * One contract for every storage driver: local (a folder), postgres (the test database: PGlite by
 * default, PostgreSQL with TEST_DB=postgres) and s3 (a local S3-protocol server, s3rver, started here).
 */

/**
 * An S3-protocol server in a child process: s3rver, run with OpenSSL's legacy provider because its
 * listing continuation tokens use DES, which Node 20's OpenSSL 3 refuses otherwise.
 */
async function startS3rver(directory: string, buckets: string[]) {
  const code = `
    const S3rver = require('s3rver');
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true,
      directory: ${JSON.stringify(directory)},
      configureBuckets: ${JSON.stringify(buckets.map((name) => ({ name })))} });
    server.run().then(({ port }) => console.log('PORT ' + port));
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();`;
  // Ends on its own when this process goes away (its stdin closes).
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', code], {
    cwd: process.cwd(),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`s3rver exited early (${c})`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      await exited;
    },
  };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-storage-contract-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Driver {
  name: string;
  /** Whether two writers racing for one key are told apart by the store itself. */
  atomicNoOverwrite: boolean;
  setup(): Promise<{ storage: Storage; database?: Database; close(): Promise<void> }>;
}

const drivers: Driver[] = [
  {
    name: 'local',
    atomicNoOverwrite: true,
    async setup() {
      return { storage: createLocalStorage(path.join(tmp, 'local')), close: async () => undefined };
    },
  },
  {
    name: `postgres on ${inject('pgBase') ? 'PostgreSQL' : 'PGlite'}`,
    atomicNoOverwrite: true,
    async setup() {
      const database = await createTestDatabase();
      // A small listing page, so that paging is exercised with few keys.
      const storage = createPostgresStorage(database.db, { keysPerPage: 7 });
      return { storage, database, close: () => database.close() };
    },
  },
  {
    name: 's3 (s3rver)',
    // s3rver ignores If-None-Match, so only the existence check guards it; services that honour the
    // header (AWS S3, MinIO, R2) refuse the losing writer of a race as well.
    atomicNoOverwrite: false,
    async setup() {
      const server = await startS3rver(path.join(tmp, 's3rver'), ['media']);
      const storage = createS3Storage({
        endpoint: server.endpoint,
        bucket: 'media',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
        keysPerPage: 7,
      });
      return { storage, close: () => server.close() };
    },
  },
];

async function text(opened: { stream: Readable } | null) {
  const parts: Buffer[] = [];
  for await (const ch of opened!.stream) parts.push(ch as Buffer);
  return Buffer.concat(parts).toString();
}
async function all(it: AsyncIterable<string>) {
  const out: string[] = [];
  for await (const k of it) out.push(k);
  return out.sort();
}

const BAD_KEYS = [
  '../x',
  'a/../../x',
  '/etc/passwd',
  'a//b',
  'a/./b',
  '.hidden',
  'a/.b',
  'A/b',
  'a\\..\\b',
  'a/b/',
  '',
  '名字.pdf',
  'a\0b',
  'a b',
  '%2e%2e/x',
];

describe.each(drivers)('$name storage', (driver) => {
  let storage: Storage;
  let database: Database | undefined;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ storage, database, close } = await driver.setup());
  });
  afterAll(() => close());

  it('stores, reads, streams and deletes by key', async () => {
    await storage.put('park1/2025/05/abc-original.pdf', Buffer.from('hello'));
    expect((await storage.read('park1/2025/05/abc-original.pdf'))?.toString()).toBe('hello');
    const opened = await storage.open('park1/2025/05/abc-original.pdf');
    expect(opened?.size).toBe(5);
    expect(await text(opened)).toBe('hello');
    expect(await storage.exists('park1/2025/05/abc-original.pdf')).toBe(true);
    await storage.delete('park1/2025/05/abc-original.pdf');
    expect(await storage.exists('park1/2025/05/abc-original.pdf')).toBe(false);
    expect(await storage.open('park1/2025/05/abc-original.pdf')).toBeNull();
    expect(await storage.read('park1/2025/05/abc-original.pdf')).toBeNull();
    await storage.delete('park1/2025/05/abc-original.pdf'); // missing: no error
  });

  it('stores a local file and streams byte ranges, cut at the end', async () => {
    const src = path.join(tmp, `spool-${crypto.randomUUID()}.tmp`);
    fs.writeFileSync(src, '0123456789');
    await storage.putFile('f/range.bin', src);
    expect(fs.existsSync(src)).toBe(true);
    const mid = await storage.open('f/range.bin', { start: 2, end: 5 });
    expect(mid!.size).toBe(10);
    expect(await text(mid)).toBe('2345');
    expect(await text(await storage.open('f/range.bin', { start: 0, end: 0 }))).toBe('0');
    expect(await text(await storage.open('f/range.bin', { start: 8, end: 100 }))).toBe('89');
    const past = await storage.open('f/range.bin', { start: 10, end: 20 });
    expect(past!.size).toBe(10);
    expect(await text(past)).toBe('');
    expect(await storage.open('f/missing.bin', { start: 0, end: 3 })).toBeNull();
  });

  it('keeps an empty file', async () => {
    await storage.put('f/empty.txt', Buffer.alloc(0));
    expect(await storage.exists('f/empty.txt')).toBe(true);
    expect((await storage.read('f/empty.txt'))!.length).toBe(0);
    const opened = await storage.open('f/empty.txt');
    expect(opened!.size).toBe(0);
    expect(await text(opened)).toBe('');
  });

  it('never overwrites a stored file', async () => {
    await storage.put('k/one.txt', Buffer.from('first'));
    await expect(storage.put('k/one.txt', Buffer.from('second'))).rejects.toThrow(StorageExistsError);
    const src = path.join(tmp, `other-${crypto.randomUUID()}.tmp`);
    fs.writeFileSync(src, 'third');
    await expect(storage.putFile('k/one.txt', src)).rejects.toThrow(StorageExistsError);
    expect((await storage.read('k/one.txt'))?.toString()).toBe('first');
    expect(await all(storage.keys('k/'))).toEqual(['k/one.txt']); // nothing half-written left behind
  });

  it.skipIf(!driver.atomicNoOverwrite)(
    'lets exactly one of two racing writers have a key (s3: only where the service honours If-None-Match; s3rver does not)',
    async () => {
      const results = await Promise.allSettled([
        storage.put('race/key.txt', Buffer.from('a'.repeat(600_000))),
        storage.put('race/key.txt', Buffer.from('b'.repeat(600_000))),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(StorageExistsError);
      const stored = (await storage.read('race/key.txt'))!;
      expect(stored.length).toBe(600_000);
      expect(new Set(stored.toString())).toHaveProperty('size', 1); // one writer's bytes, not a mix
    },
  );

  it('lists keys, all or by prefix (a prefix is literal: _ is no wildcard)', async () => {
    for (const k of ['list/a/1.txt', 'list/a/2.txt', 'list/ab/3.txt', 'list/b/4.txt', 'list_x/5.txt']) {
      await storage.put(k, Buffer.from(k));
    }
    await storage.put('listax/6.txt', Buffer.from('x'));
    expect(await all(storage.keys('list/a/'))).toEqual(['list/a/1.txt', 'list/a/2.txt']);
    expect(await all(storage.keys('list/a'))).toEqual(['list/a/1.txt', 'list/a/2.txt', 'list/ab/3.txt']);
    expect(await all(storage.keys('list_'))).toEqual(['list_x/5.txt']);
    expect(await all(storage.keys('nothing/'))).toEqual([]);
    const everything = await all(storage.keys());
    expect(everything).toEqual(expect.arrayContaining(['list/b/4.txt', 'listax/6.txt', 'k/one.txt']));
    for (const k of everything) expect(() => assertValidKey(k)).not.toThrow();
    await storage.delete('list/b/4.txt');
    expect(await all(storage.keys('list/b'))).toEqual([]);
  });

  it('pages through more keys than one listing returns', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `many/${String(i).padStart(2, '0')}.txt`);
    for (const k of keys) await storage.put(k, Buffer.from('x'));
    expect(await all(storage.keys('many/'))).toEqual(keys);
    expect(await all(storage.keys('many/1'))).toEqual(keys.slice(10, 20));
  });

  it.each(BAD_KEYS)('refuses the key %j everywhere', async (key) => {
    const src = path.join(tmp, 'bad-key-source.txt');
    fs.writeFileSync(src, 'x');
    expect(() => assertValidKey(key)).toThrow(StorageKeyError);
    await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow(StorageKeyError);
    await expect(storage.putFile(key, src)).rejects.toThrow(StorageKeyError);
    await expect(storage.open(key)).rejects.toThrow(StorageKeyError);
    await expect(storage.read(key)).rejects.toThrow(StorageKeyError);
    await expect(storage.exists(key)).resolves.toBe(false);
    await expect(storage.delete(key)).rejects.toThrow(StorageKeyError);
  });

  it('refuses a prefix that is not the start of a key', async () => {
    for (const prefix of ['../', 'A', 'a b', '名']) {
      await expect(all(storage.keys(prefix))).rejects.toThrow(StorageKeyError);
    }
  });

  it('streams a 20 MB file in and out in pieces, with ranges across chunk boundaries', async () => {
    const size = 20 * 1024 * 1024;
    const src = path.join(tmp, `big-${crypto.randomUUID()}.bin`);
    const data = crypto.randomBytes(size);
    fs.writeFileSync(src, data);
    const expected = crypto.createHash('sha256').update(data).digest('hex');
    await storage.putFile('big/file.bin', src);

    const opened = (await storage.open('big/file.bin'))!;
    expect(opened.size).toBe(size);
    let largest = 0;
    let pieces = 0;
    const hash = crypto.createHash('sha256');
    for await (const ch of opened.stream) {
      const b = ch as Buffer;
      largest = Math.max(largest, b.length);
      pieces++;
      hash.update(b);
    }
    expect(hash.digest('hex')).toBe(expected);
    // Handed over piece by piece, never as one buffer of the whole file.
    expect(pieces).toBeGreaterThan(20);
    expect(largest).toBeLessThanOrEqual(1024 * 1024);

    const start = CHUNK_SIZE * 7 - 10;
    const end = CHUNK_SIZE * 9 + 5;
    const range = (await storage.open('big/file.bin', { start, end }))!;
    const got = await digestStream(range.stream);
    expect(got.size).toBe(end - start + 1);
    expect(got.sha256).toBe(
      crypto
        .createHash('sha256')
        .update(data.subarray(start, end + 1))
        .digest('hex'),
    );
    expect((await storage.read('big/file.bin'))!.equals(data)).toBe(true);
    await storage.delete('big/file.bin');
    expect(await storage.exists('big/file.bin')).toBe(false);
  });

  it.skipIf(!driver.name.startsWith('postgres'))(
    'reads only the chunks a range covers (postgres: the others removed underneath still leave it whole)',
    async () => {
      const data = crypto.randomBytes(CHUNK_SIZE * 6 + 123);
      await storage.put('chunks/file.bin', data);
      const db = database!.db;
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from stored_file_chunks where key = 'chunks/file.bin'`,
      );
      expect(Number(row!.n)).toBe(7);
      // Keep only chunks 2 and 3.
      await db
        .delete(storedFileChunks)
        .where(
          and(
            eq(storedFileChunks.key, 'chunks/file.bin'),
            ne(storedFileChunks.seq, 2),
            ne(storedFileChunks.seq, 3),
          ),
        );
      const start = CHUNK_SIZE * 2 + 1;
      const end = CHUNK_SIZE * 4 - 1;
      const got = await digestStream((await storage.open('chunks/file.bin', { start, end }))!.stream);
      expect(got.size).toBe(end - start + 1);
      expect(got.sha256).toBe(
        crypto
          .createHash('sha256')
          .update(data.subarray(start, end + 1))
          .digest('hex'),
      );
      // A range that needs a removed chunk fails loudly rather than returning short data.
      const broken = (await storage.open('chunks/file.bin', { start: 0, end: 10 }))!;
      await expect(digestStream(broken.stream)).rejects.toThrow(/changed while it was read/);
    },
  );
});

/** Runs `npm run storage:migrate` (its script, as npm would) with the given environment. */
function runMigrate(env: Record<string, string>, args: string[] = []) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(STORAGE|S3_|DATABASE_URL|DATA_DIR)/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/storage-migrate.ts', ...args], {
    cwd: process.cwd(),
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise<{ code: number | null; out: string; counts: Record<string, number> }>((resolve) =>
    child.once('close', (code) => {
      const line = /^counts (\{.*\})$/m.exec(out);
      resolve({ code, out, counts: line ? JSON.parse(line[1]!) : {} });
    }),
  );
}

interface MigrateTarget {
  name: string;
  /**
   * The environment that makes the script write to this target, and `use` to look at the target
   * between runs (on PGlite it opens the database only for the call: one owner at a time).
   */
  open(dataDir: string): Promise<{
    env: Record<string, string>;
    use<T>(fn: (storage: Storage) => Promise<T>): Promise<T>;
    close(): Promise<void>;
  }>;
}

const migrateTargets: MigrateTarget[] = [
  {
    name: `postgres on ${inject('pgBase') ? 'PostgreSQL' : 'PGlite'}`,
    async open(dataDir) {
      if (inject('pgBase')) {
        const database = await createTestDatabase();
        const storage = createPostgresStorage(database.db);
        return {
          env: { STORAGE: 'postgres', DATABASE_URL: database.pool!.options.connectionString! },
          use: (fn) => fn(storage),
          close: () => database.close(),
        };
      }
      // PGlite in DATA_DIR, where the server (and so the script) keeps it.
      const env: Record<string, string> = { STORAGE: 'postgres' };
      return {
        env,
        async use(fn) {
          const database = await openPglite(dataDir);
          try {
            await database.migrate();
            return await fn(createPostgresStorage(database.db));
          } finally {
            await database.close();
          }
        },
        close: async () => undefined,
      };
    },
  },
  {
    name: 's3 (s3rver)',
    async open() {
      const server = await startS3rver(path.join(tmp, 's3rver-migrate'), ['migrate']);
      const opts = {
        endpoint: server.endpoint,
        bucket: 'migrate',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
      };
      const storage = createS3Storage(opts);
      return {
        env: {
          STORAGE: 's3',
          S3_ENDPOINT: opts.endpoint,
          S3_BUCKET: opts.bucket,
          S3_ACCESS_KEY_ID: opts.accessKeyId,
          S3_SECRET_ACCESS_KEY: opts.secretAccessKey,
          S3_FORCE_PATH_STYLE: 'true',
        },
        use: (fn) => fn(storage),
        close: () => server.close(),
      };
    },
  },
];

// Each run is a new process (tsx, and on PGlite a database opened from disk): slow on a busy machine.
const MIGRATE_TIMEOUT = 240_000;

describe.each(migrateTargets)('npm run storage:migrate to $name', (target) => {
  it(
    'copies local files, skips identical ones, reports conflicts, verifies and deletes only on request',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(tmp, 'migrate-'));
      const local = createLocalStorage(path.join(dataDir, 'media'));
      const files: Record<string, Buffer> = {
        'park1/2025/05/aaaa-original.pdf': Buffer.from('%PDF-1.4 a'),
        'park1/2025/05/aaaa-web.jpg': crypto.randomBytes(CHUNK_SIZE * 3 + 17),
        'park1/2025/06/bbbb-original.mp3': crypto.randomBytes(1000),
        'park2/2024/12/cccc-thumb.png': crypto.randomBytes(10),
      };
      for (const [k, v] of Object.entries(files)) await local.put(k, v);
      await local.put('park2/2024/12/dddd-original.docx', Buffer.from('local version'));
      const targetHasAll = (s: Storage) =>
        Promise.all(
          Object.entries(files).map(async ([k, v]) => expect((await s.read(k))!.equals(v), k).toBe(true)),
        );

      const t = await target.open(dataDir);
      try {
        // Already there with the same bytes; already there with other bytes.
        await t.use(async (s) => {
          await s.put('park2/2024/12/cccc-thumb.png', files['park2/2024/12/cccc-thumb.png']!);
          await s.put('park2/2024/12/dddd-original.docx', Buffer.from('target version'));
        });

        const first = await runMigrate({ ...t.env, DATA_DIR: dataDir });
        expect(first.code, first.out).toBe(1); // the conflict
        expect(first.counts).toEqual({
          total: 5,
          copied: 3,
          alreadyThere: 1,
          conflicts: 1,
          failed: 0,
          deletedLocal: 0,
        });
        expect(first.out).toContain('park2/2024/12/dddd-original.docx');
        await t.use(async (s) => {
          await targetHasAll(s);
          expect((await s.read('park2/2024/12/dddd-original.docx'))!.toString()).toBe('target version');
        });
        for (const k of Object.keys(files)) expect(await local.exists(k)).toBe(true); // no --delete-local
        expect((await local.read('park2/2024/12/dddd-original.docx'))!.toString()).toBe('local version');

        // Settle the conflict by hand, then move for good.
        await local.delete('park2/2024/12/dddd-original.docx');
        const second = await runMigrate({ ...t.env, DATA_DIR: dataDir }, ['--delete-local']);
        expect(second.code, second.out).toBe(0);
        expect(second.counts).toEqual({
          total: 4,
          copied: 0,
          alreadyThere: 4,
          conflicts: 0,
          failed: 0,
          deletedLocal: 4,
        });
        expect(await all(local.keys())).toEqual([]);
        expect(fs.readdirSync(path.join(dataDir, 'media'))).toEqual([]); // empty folders gone too
        await t.use(targetHasAll);
      } finally {
        await t.close();
      }
    },
    MIGRATE_TIMEOUT,
  );
});

describe('npm run storage:migrate refuses', () => {
  it(
    'a local target, an incomplete s3 configuration and unknown options',
    async () => {
      const dataDir = fs.mkdtempSync(path.join(tmp, 'migrate-local-'));
      const local = await runMigrate({ DATA_DIR: dataDir, STORAGE: 'local' });
      expect(local.code).toBe(2);
      expect(local.out).toContain('无需迁移');
      const s3 = await runMigrate({ DATA_DIR: dataDir, STORAGE: 's3', S3_BUCKET: 'b' });
      expect(s3.code).toBe(2);
      expect(s3.out).toContain('S3_ACCESS_KEY_ID: is required when STORAGE=s3');
      const bad = await runMigrate({ DATA_DIR: dataDir, STORAGE: 'postgres' }, ['--delete-everything']);
      expect(bad.code).toBe(2);
      expect(bad.out).toContain('用法');
    },
    MIGRATE_TIMEOUT,
  );
});
