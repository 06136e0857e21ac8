import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { backupManifest, type BackupManifest } from '../../../common/contracts/backup';
import { migrationsFolder, type Database } from '../db/client';
import { createFieldCipher } from '../crypto';
import { digestStored, type Storage } from '../storage';
import { KEY_CHECK_TEXT, STORAGE_TABLES, publicTables, type Query } from './dump';
import { readTar } from './tar';

/** An archive's entries, gunzipped when it is a .tar.gz. Each call reads the file afresh. */
export function entries(file: string) {
  const raw = fs.createReadStream(file);
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  return readTar(head[0] === 0x1f && head[1] === 0x8b ? raw.pipe(zlib.createGunzip()) : raw);
}

const text = async (body: AsyncIterable<Buffer>) => {
  const parts: Buffer[] = [];
  for await (const b of body) parts.push(b);
  return Buffer.concat(parts).toString('utf8');
};

/** Reads manifest.json (the last entry); throws when the archive has none (an interrupted backup). */
export async function readManifest(file: string): Promise<BackupManifest> {
  for await (const e of entries(file)) {
    if (e.name === 'manifest.json') return backupManifest.parse(JSON.parse(await text(e.body)));
  }
  throw new Error('备份文件不完整：没有 manifest.json（备份可能中途中断）');
}

export async function readKey(file: string): Promise<string | null> {
  for await (const e of entries(file)) if (e.name === 'secret.key') return (await text(e.body)).trim();
  return null;
}

/** Migrations this program would apply (drizzle's journal). */
export function knownMigrations(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

export const runQuery =
  (database: Database): Query =>
  async <T>(sql: string, params?: unknown[]) =>
    database.kind === 'postgres'
      ? ((await database.pool!.query(sql, params)).rows as T[])
      : (await database.pglite!.query<T>(sql, params)).rows;

/** Tables in the public schema: a non-empty target is refused. */
export async function databaseIsEmpty(q: Query): Promise<boolean> {
  const [row] = await q<{ n: number }>(
    `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
  );
  return (row?.n ?? 0) === 0;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Loads every db/<table>.jsonl into a migrated, empty database, in one transaction. Triggers and
 * foreign-key checks are off for it (session_replication_role = replica): the rows are a consistent
 * snapshot already, the append-only triggers would refuse nothing but cost time, and tables can then
 * be loaded in any order. That needs a superuser (PGlite's user is one; on PostgreSQL, the owner of
 * the database created for the restore, e.g. postgres).
 */
export async function loadTables(database: Database, file: string, log: (m: string) => void): Promise<void> {
  const run = async (q: Query) => {
    await q(`set local session_replication_role = replica`);
    const tables = (await publicTables(q)).filter((t) => !STORAGE_TABLES.has(t));
    // Migrations may seed rows; the archive has them all.
    if (tables.length) await q(`truncate ${tables.map((t) => `public.${quoteIdent(t)}`).join(', ')}`);
    for await (const e of entries(file)) {
      const m = /^db\/(.+)\.jsonl$/.exec(e.name);
      if (!m) continue;
      const table = m[1]!;
      if (!tables.includes(table)) throw new Error(`备份中的表 ${table} 在当前数据库结构中不存在`);
      const cols = (
        await q<{ c: string }>(
          `select column_name as c from information_schema.columns
            where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
          [table],
        )
      ).map((r) => quoteIdent(r.c));
      const insert = `insert into public.${quoteIdent(table)} (${cols.join(', ')}) overriding system value
        select ${cols.join(', ')} from json_populate_recordset(null::public.${quoteIdent(table)}, $1::json)`;
      let pending: string[] = [];
      let rest = '';
      let rows = 0;
      const flush = async () => {
        if (!pending.length) return;
        await q(insert, [`[${pending.join(',')}]`]);
        rows += pending.length;
        pending = [];
      };
      for await (const piece of e.body) {
        const lines = (rest + piece.toString('utf8')).split('\n');
        rest = lines.pop()!;
        for (const line of lines) {
          if (!line) continue;
          pending.push(line);
          if (pending.length >= 500) await flush();
        }
      }
      if (rest) pending.push(rest);
      await flush();
      log(`  ${table}: ${rows}`);
    }
  };
  if (database.kind === 'postgres') {
    const client = await database.pool!.connect();
    try {
      await client.query('begin');
      await run(async (sql, params) => (await client.query(sql, params)).rows);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  } else {
    await database.pglite!.transaction(async (tx) =>
      run(async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows),
    );
  }
}

export async function restoreSequences(q: Query, manifest: BackupManifest): Promise<void> {
  for (const s of manifest.sequences) {
    if (s.lastValue !== null) await q(`select setval($1::regclass, $2::bigint, true)`, [s.name, s.lastValue]);
  }
}

/** Puts every files/<key> into the target storage (spooled to a temp file, never whole in memory). */
export async function loadFiles(storage: Storage, file: string, log: (m: string) => void): Promise<number> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cpb-restore-'));
  let n = 0;
  try {
    for await (const e of entries(file)) {
      if (!e.name.startsWith('files/')) continue;
      const key = e.name.slice('files/'.length);
      const spool = path.join(dir, 'file');
      const out = fs.createWriteStream(spool);
      for await (const b of e.body)
        if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      await storage.putFile(key, spool);
      await fsp.rm(spool);
      n++;
    }
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
  log(`  ${n} files`);
  return n;
}

export interface Verification {
  tables: { table: string; expected: number; actual: number | null }[];
  files: { key: string; expected: string; actual: string | null }[];
  ok: boolean;
}

/** Every table's row count and every file's size and sha256 in the target, against the manifest. */
export async function verify(q: Query, storage: Storage, manifest: BackupManifest): Promise<Verification> {
  const existing = new Set(await publicTables(q));
  const tables: Verification['tables'] = [];
  for (const [table, expected] of Object.entries(manifest.tables)) {
    const actual = existing.has(table)
      ? ((await q<{ n: number }>(`select count(*)::int as n from public.${quoteIdent(table)}`))[0]?.n ?? 0)
      : null;
    tables.push({ table, expected, actual });
  }
  const files: Verification['files'] = [];
  for (const f of manifest.files) {
    const d = await digestStored(storage, f.key);
    files.push({
      key: f.key,
      expected: `${f.size}:${f.sha256}`,
      actual: d ? `${d.size}:${d.sha256}` : null,
    });
  }
  const ok = tables.every((t) => t.actual === t.expected) && files.every((f) => f.actual === f.expected);
  return { tables, files, ok };
}

/** Whether a base64 key is the one the backup was made with (the manifest's keyed check). */
export function keyMatches(manifest: BackupManifest, base64Key: string): boolean {
  const key = Buffer.from(base64Key, 'base64');
  return (
    key.length === 32 && createFieldCipher(key).blindIndex(KEY_CHECK_TEXT) === manifest.encryptionKey.check
  );
}
