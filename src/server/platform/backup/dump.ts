import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { BackupManifest } from '../../../common/contracts/backup';
import type { Database } from '../db/client';
import { createFieldCipher } from '../crypto';
import { fromRoot } from '../paths';
import type { Storage } from '../storage';
import { TarWriter } from './tar';

/**
 * How a backup is taken from a RUNNING instance, on either database:
 *
 * - It is made by the server itself (POST /api/admin/backup, permission platform.backup, audited),
 *   and `npm run backup` only downloads it with an administrator's credentials. An embedded
 *   database (PGlite in DATA_DIR) has exactly one owner, the running server: no other process can
 *   open it while it runs, so a separate backup process could only work on PostgreSQL. One path for
 *   both keeps one format and one set of checks. pg_dump is not needed (nor is it on every machine).
 * - The rows are read in one REPEATABLE READ READ ONLY transaction: one consistent snapshot of every
 *   table, while the server keeps serving (on PostgreSQL writes go on beside it; PGlite has one
 *   connection, so its requests wait for the snapshot, which is why the rows are first spooled to
 *   temp files and the archive streamed afterwards, outside the transaction).
 * - Rows are stored as JSON lines (row_to_json), restored with json_populate_recordset: a logical
 *   dump, so a PGlite backup restores into PostgreSQL and back, unlike a copy of the data dir.
 * - Files are read through the storage interface (any driver), listed by storage.keys(). Stored
 *   files are never overwritten, so a file is the same whenever it is read. The storage driver's own
 *   tables (stored_files, stored_file_chunks: STORAGE=postgres) are not dumped as rows; their files
 *   are in files/ like any driver's, so a restore can put them into whichever storage it uses.
 * - The encryption master key is left out unless asked for (see the manifest's encryptionKey).
 */
export const BACKUP_FORMAT = 'campus-party-building-backup';
/** Tables dumped in the order of their (random) ids rather than as they lie on disk. */
const ORDERED_BY_ID: ReadonlySet<string> = new Set(['appraisal_ballots']);
/** Tables that belong to a storage driver: their content is backed up as files. */
export const STORAGE_TABLES = new Set(['stored_files', 'stored_file_chunks']);
export const KEY_CHECK_TEXT = 'backup-key-check';

export type Query = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Runs `fn` in one read-only snapshot of the whole database. */
export async function withSnapshot<T>(database: Database, fn: (q: Query) => Promise<T>): Promise<T> {
  const begin = 'set transaction isolation level repeatable read, read only';
  if (database.kind === 'postgres') {
    const client = await database.pool!.connect();
    try {
      await client.query('begin');
      await client.query(begin);
      const result = await fn(async (text, params) => (await client.query(text, params)).rows);
      await client.query('commit');
      return result;
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
  return database.pglite!.transaction(async (tx) => {
    await tx.exec(begin);
    return fn(async <R>(text: string, params?: unknown[]) => (await tx.query<R>(text, params)).rows);
  });
}

export async function migrationLevel(q: Query): Promise<BackupManifest['schema']> {
  const [row] = await q<{ n: number; last: string | null }>(
    `select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`,
  );
  return {
    migrations: row?.n ?? 0,
    lastMigrationAt: row?.last ? new Date(Number(row.last)).toISOString() : null,
  };
}

export async function publicTables(q: Query): Promise<string[]> {
  const rows = await q<{ t: string }>(
    `select tablename as t from pg_tables where schemaname = 'public' order by tablename`,
  );
  return rows.map((r) => r.t);
}

export function appVersion(): string {
  return (JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Spooled {
  tables: { name: string; file: string; rows: number; bytes: number }[];
  sequences: BackupManifest['sequences'];
  schema: BackupManifest['schema'];
}

/** Phase 1, inside the snapshot: every table as JSON lines in a temp file. */
async function spoolTables(database: Database, dir: string): Promise<Spooled> {
  return withSnapshot(database, async (q) => {
    const schema = await migrationLevel(q);
    const sequences = (
      await q<{ name: string; last: string | null }>(
        `select format('%I.%I', schemaname, sequencename) as name, last_value::text as last
           from pg_sequences where schemaname = 'public' order by 1`,
      )
    ).map((s) => ({ name: s.name, lastValue: s.last }));
    const tables: Spooled['tables'] = [];
    for (const name of await publicTables(q)) {
      if (STORAGE_TABLES.has(name)) continue;
      const file = path.join(dir, `${name}.jsonl`);
      const out = fs.createWriteStream(file);
      let rows = 0;
      let bytes = 0;
      // A cursor, so a large table never sits in memory whole. Ballots of a round still open lie in
      // the order they were cast: written out by their random ids instead, so a backup keeps the
      // ballot secret (docs/assessment.md, "Secret ballots").
      await q(
        `declare backup_rows no scroll cursor for select row_to_json(t)::text as j from public.${quoteIdent(name)} t${
          ORDERED_BY_ID.has(name) ? ' order by id' : ''
        }`,
      );
      for (;;) {
        const batch = await q<{ j: string }>(`fetch 2000 from backup_rows`);
        if (batch.length === 0) break;
        const chunk = Buffer.from(batch.map((r) => r.j + '\n').join(''));
        rows += batch.length;
        bytes += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await q(`close backup_rows`);
      await new Promise<void>((resolve, reject) =>
        out.end((err?: Error | null) => (err ? reject(err) : resolve())),
      );
      tables.push({ name, file, rows, bytes });
    }
    return { tables, sequences, schema };
  });
}

export interface BackupOptions {
  database: Database;
  storage: Storage;
  masterKey: Buffer;
  withKey: boolean;
  /** Where the rows are spooled for the length of one backup (removed after). */
  tmpDir: string;
  log?: (message: string) => void;
}

/**
 * The backup as a .tar.gz stream: db/<table>.jsonl for every table, files/<key> for every stored
 * file, secret.key only with `withKey`, and manifest.json last (row counts, sizes and sha256 of every
 * file, the app version, the migration level, the time). An error midway destroys the stream, so the
 * archive ends without its manifest and `npm run backup` refuses it.
 */
export async function createBackupStream(opts: BackupOptions): Promise<Readable> {
  await fsp.mkdir(opts.tmpDir, { recursive: true });
  const dir = await fsp.mkdtemp(path.join(opts.tmpDir, 'backup-'));
  let spooled: Spooled;
  try {
    spooled = await spoolTables(opts.database, dir);
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true });
    throw err;
  }
  const gzip = zlib.createGzip({ level: 6 });
  const tarOut = new PassThrough();
  tarOut.pipe(gzip);
  const tar = new TarWriter(tarOut);
  void (async () => {
    const files: BackupManifest['files'] = [];
    const skippedFiles: string[] = [];
    for (const t of spooled.tables)
      await tar.entry(`db/${t.name}.jsonl`, t.bytes, fs.createReadStream(t.file));
    await fsp.rm(dir, { recursive: true, force: true });
    const keys: string[] = [];
    for await (const key of opts.storage.keys()) keys.push(key);
    keys.sort();
    for (const key of keys) {
      const opened = await opts.storage.open(key);
      if (!opened) {
        skippedFiles.push(key);
        continue;
      }
      const hash = crypto.createHash('sha256');
      async function* hashing(src: AsyncIterable<Buffer | string>) {
        for await (const ch of src) {
          const b = typeof ch === 'string' ? Buffer.from(ch) : ch;
          hash.update(b);
          yield b;
        }
      }
      await tar.entry(`files/${key}`, opened.size, hashing(opened.stream));
      files.push({ key, size: opened.size, sha256: hash.digest('hex') });
    }
    if (opts.withKey) {
      const keyFile = Buffer.from(opts.masterKey.toString('base64') + '\n');
      await tar.entry('secret.key', keyFile.length, keyFile);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: 1,
      appVersion: appVersion(),
      createdAt: new Date().toISOString(),
      database: { kind: opts.database.kind },
      schema: spooled.schema,
      tables: Object.fromEntries(spooled.tables.map((t) => [t.name, t.rows])),
      sequences: spooled.sequences,
      storage: { kind: opts.storage.kind },
      files,
      skippedFiles,
      encryptionKey: {
        included: opts.withKey,
        check: createFieldCipher(opts.masterKey).blindIndex(KEY_CHECK_TEXT),
      },
    };
    const manifestFile = Buffer.from(JSON.stringify(manifest, null, 2));
    await tar.entry('manifest.json', manifestFile.length, manifestFile);
    await tar.finish();
    tarOut.end();
    opts.log?.(`backup: ${spooled.tables.length} tables, ${files.length} files`);
  })().catch(async (err: unknown) => {
    await fsp.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    opts.log?.(`backup failed: ${(err as Error).message}`);
    gzip.destroy(err as Error);
    tarOut.destroy(err as Error);
  });
  return gzip;
}
