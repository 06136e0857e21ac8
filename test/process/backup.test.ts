import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBundle } from '../../scripts/lib/serverBundle.mjs';
import { DEMO_PASSWORD, seedDemo } from '../../scripts/lib/seedDemo';
import { openDatabase, type Database } from '../../src/server/platform/db/client';
import { createFieldCipher, loadMasterKey } from '../../src/server/platform/crypto';
import { createLocalStorage, digestStored } from '../../src/server/platform/storage';
import { publicTables } from '../../src/server/platform/backup/dump';
import { runQuery } from '../../src/server/platform/backup/restore';

/**
 * npm run backup from a running server, npm run restore into an empty target, and every table's row
 * count and every file's checksum compared with the source — on PGlite and on PostgreSQL.
 */
const root = path.resolve(import.meta.dirname, '../..');
const PG_BASE = process.env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const dirs: string[] = [];
const databases: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-backup-'));
  dirs.push(d);
  return d;
};

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_BASE });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
async function freshPostgres(): Promise<string> {
  const name = `cpb_backup_${process.pid}_${databases.length}_${Date.now().toString(36)}`;
  await pgAdmin((c) => c.query(`create database ${name}`));
  databases.push(name);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

beforeAll(async () => {
  await ensureServerBundle({ log: () => undefined });
}, 120_000);
afterAll(async () => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  for (const name of databases)
    await pgAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

async function counts(database: Database): Promise<Record<string, number>> {
  const q = runQuery(database);
  const result: Record<string, number> = {};
  for (const t of await publicTables(q)) {
    if (t === 'stored_files' || t === 'stored_file_chunks') continue;
    result[t] = (await q<{ n: number }>(`select count(*)::int as n from public."${t}"`))[0]!.n;
  }
  return result;
}

async function roundTrip(kind: 'pglite' | 'postgres') {
  const sourceDir = tempDir();
  const sourceUrl = kind === 'postgres' ? await freshPostgres() : '';
  const db = await openDatabase({ databaseUrl: sourceUrl || undefined, dataDir: sourceDir });
  await db.migrate();
  await seedDemo(db.db, createFieldCipher(loadMasterKey(sourceDir)), { scale: 0.05 });
  await db.close();
  // Uploaded files, with a nested key like the app's and one binary body.
  const files = createLocalStorage(path.join(sourceDir, 'media'));
  const keys = [
    'park/2026/01/a1-original.jpg',
    'park/2026/01/a1-thumb.webp',
    'park/2026/02/doc-original.pdf',
  ];
  for (const [i, key] of keys.entries())
    await files.put(key, Buffer.from(`file ${i} `.repeat(1000 * (i + 1))));

  const port = await freePort();
  const serverEnv = { DATA_DIR: sourceDir, DATABASE_URL: sourceUrl, PORT: String(port), HOST: '127.0.0.1' };
  const server = spawn(process.execPath, [path.join(root, 'dist/server/main.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ENCRYPTION_KEY: '', ...serverEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let serverOut = '';
  server.stdout.on('data', (d) => (serverOut += d));
  server.stderr.on('data', (d) => (serverOut += d));
  const exited = new Promise((r) => server.on('exit', r));
  const archive = path.join(tempDir(), 'backup.tar.gz');
  const archiveWithKey = path.join(tempDir(), 'backup-with-key.tar.gz');
  try {
    const deadline = Date.now() + 150_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server exited:\n${serverOut}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${serverOut}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const backupTo = (out: string, ...extra: string[]) =>
      run(
        [
          '--import',
          'tsx',
          'scripts/backup.ts',
          '--out',
          out,
          '--url',
          `http://127.0.0.1:${port}`,
          '--user',
          'parkadmin',
          ...extra,
        ],
        { BACKUP_PASSWORD: DEMO_PASSWORD },
      );
    if (kind === 'pglite') {
      // With --with-key the key travels in the archive, and the operator is warned loudly. (Taken
      // first: each backup is audited, and the plain one below must match the source as it stays.)
      const withKey = await backupTo(archiveWithKey, '--with-key');
      expect(withKey.code).toBe(0);
      expect(withKey.out).toContain('此备份将包含加密主密钥');
    }
    const backup = await backupTo(archive);
    expect(backup.out).toContain('备份完成');
    expect(backup.code).toBe(0);
  } finally {
    server.kill('SIGTERM');
    await exited;
  }

  const targetDir = tempDir();
  const targetUrl = kind === 'postgres' ? await freshPostgres() : '';
  const env = { DATA_DIR: targetDir, DATABASE_URL: targetUrl, ENCRYPTION_KEY: '' };
  const restore = await run(['--import', 'tsx', 'scripts/restore.ts', archive], env);
  expect(restore.out).toContain('恢复完成');
  expect(restore.code).toBe(0);
  // Without --with-key the key stays out, and the operator is told to bring it.
  expect(restore.out).toContain('备份中不含加密密钥');
  expect(fs.existsSync(path.join(targetDir, 'secret.key'))).toBe(false);

  const source = await openDatabase({ databaseUrl: sourceUrl || undefined, dataDir: sourceDir });
  const restored = await openDatabase({ databaseUrl: targetUrl || undefined, dataDir: targetDir });
  try {
    const before = await counts(source);
    expect(before.people).toBeGreaterThan(0);
    expect(before.audit_log).toBeGreaterThan(0);
    expect(await counts(restored)).toEqual(before);
  } finally {
    await source.close();
    await restored.close();
  }
  const restoredFiles = createLocalStorage(path.join(targetDir, 'media'));
  for (const key of keys) {
    const want = await digestStored(files, key);
    expect(want).not.toBeNull();
    expect(await digestStored(restoredFiles, key)).toEqual(want);
  }

  if (kind === 'pglite') {
    // Restored with its key, the copy opens with the original key file, byte for byte.
    const keyDir = tempDir();
    const withKey = await run(['--import', 'tsx', 'scripts/restore.ts', archiveWithKey], {
      DATA_DIR: keyDir,
      DATABASE_URL: '',
      ENCRYPTION_KEY: '',
    });
    expect(withKey.code).toBe(0);
    expect(withKey.out).toContain('加密密钥已从备份恢复');
    expect(fs.readFileSync(path.join(keyDir, 'secret.key'))).toEqual(
      fs.readFileSync(path.join(sourceDir, 'secret.key')),
    );
  }

  // The target is no longer empty: a second restore is refused and changes nothing.
  const again = await run(['--import', 'tsx', 'scripts/restore.ts', archive], env);
  expect(again.code).toBe(1);
  expect(again.out).toContain('拒绝恢复');
}

describe('backup and restore', { timeout: 400_000 }, () => {
  it('round-trips a running PGlite instance into an empty DATA_DIR', () => roundTrip('pglite'));
  it('round-trips a running PostgreSQL instance into an empty database', () => roundTrip('postgres'));
});
