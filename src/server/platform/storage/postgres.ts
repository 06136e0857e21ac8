import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { and, asc, between, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { storedFileChunks, storedFiles } from '../db/schema/index';
import {
  assertValidKey,
  assertValidPrefix,
  collect,
  emptyStream,
  isValidKey,
  rechunk,
  StorageExistsError,
  type Storage,
} from './core';

/** Bytes per stored_file_chunks row: small enough to stream, large enough to keep rows few. */
export const CHUNK_SIZE = 256 * 1024;
/** Chunks fetched per query while streaming (about 1 MiB in flight). */
const CHUNKS_PER_READ = 4;
const KEYS_PER_PAGE = 500;

/*
 * Chunks cross the driver as base64 text (decode()/encode() in SQL), not as bytea parameters:
 * PGlite converts bytea byte by byte in JavaScript, about ten times slower, and text behaves the same
 * on PGlite and node-postgres. (PostgreSQL's base64 has line breaks; Buffer.from skips them.)
 */

/**
 * Files in the database (tables stored_files and stored_file_chunks), so that every app instance on
 * one PostgreSQL sees the same files without object storage. Works on PGlite too. A file is written
 * chunk by chunk inside one transaction (the key row first: a second writer of the same key waits
 * on it and then finds it taken) and read back chunk by chunk, only the chunks a range covers.
 */
export function createPostgresStorage(
  db: Db,
  opts: { chunkSize?: number; keysPerPage?: number } = {},
): Storage {
  const chunkSize = opts.chunkSize ?? CHUNK_SIZE;
  const keysPerPage = opts.keysPerPage ?? KEYS_PER_PAGE;

  async function write(key: string, source: AsyncIterable<Buffer | string> | Iterable<Buffer>) {
    assertValidKey(key);
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(storedFiles)
        .values({ key, size: 0, sha256: '', chunkSize })
        .onConflictDoNothing()
        .returning({ key: storedFiles.key });
      if (!claimed.length) throw new StorageExistsError(key);
      const hash = crypto.createHash('sha256');
      let size = 0;
      let seq = 0;
      for await (const chunk of rechunk(source, chunkSize)) {
        hash.update(chunk);
        size += chunk.length;
        await tx
          .insert(storedFileChunks)
          .values({ key, seq: seq++, data: sql`decode(${chunk.toString('base64')}, 'base64')` });
      }
      await tx
        .update(storedFiles)
        .set({ size, sha256: hash.digest('hex') })
        .where(eq(storedFiles.key, key));
    });
  }

  async function* chunks(key: string, first: number, last: number, start: number, end: number, cs: number) {
    for (let from = first; from <= last; from += CHUNKS_PER_READ) {
      const to = Math.min(last, from + CHUNKS_PER_READ - 1);
      const rows = await db
        .select({ seq: storedFileChunks.seq, data: sql<string>`encode(${storedFileChunks.data}, 'base64')` })
        .from(storedFileChunks)
        .where(and(eq(storedFileChunks.key, key), between(storedFileChunks.seq, from, to)))
        .orderBy(asc(storedFileChunks.seq));
      if (rows.length !== to - from + 1) {
        throw new Error(`stored file ${key} changed while it was read (chunks ${from}-${to} missing)`);
      }
      for (const r of rows) {
        const data = Buffer.from(r.data, 'base64');
        const offset = r.seq * cs;
        const s = Math.max(start - offset, 0);
        const e = Math.min(end - offset + 1, data.length);
        yield s === 0 && e === data.length ? data : data.subarray(s, e);
      }
    }
  }

  const open: Storage['open'] = async (key, range) => {
    assertValidKey(key);
    const [file] = await db
      .select({ size: storedFiles.size, chunkSize: storedFiles.chunkSize })
      .from(storedFiles)
      .where(eq(storedFiles.key, key));
    if (!file) return null;
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? file.size - 1, file.size - 1);
    if (start > end) return { stream: emptyStream(), size: file.size };
    const cs = file.chunkSize;
    const stream = Readable.from(
      chunks(key, Math.floor(start / cs), Math.floor(end / cs), start, end, cs),
      // One chunk buffered ahead at most: the consumer's pace sets how much is read.
      { highWaterMark: 1 },
    );
    return { stream, size: file.size };
  };

  return {
    kind: 'postgres',
    put: (key, data) => write(key, [data]),
    async putFile(key, sourcePath) {
      assertValidKey(key);
      await write(key, fs.createReadStream(sourcePath, { highWaterMark: chunkSize }));
    },
    open,
    async read(key) {
      const opened = await open(key);
      return opened ? collect(opened.stream) : null;
    },
    async exists(key) {
      if (!isValidKey(key)) return false;
      const [row] = await db
        .select({ key: storedFiles.key })
        .from(storedFiles)
        .where(eq(storedFiles.key, key));
      return Boolean(row);
    },
    async delete(key) {
      assertValidKey(key);
      // Chunks go with the row (on delete cascade).
      await db.delete(storedFiles).where(eq(storedFiles.key, key));
    },
    keys(prefix = '') {
      return (async function* () {
        assertValidPrefix(prefix);
        let after: string | null = null;
        for (;;) {
          const rows: { key: string }[] = await db
            .select({ key: storedFiles.key })
            .from(storedFiles)
            .where(
              and(
                // starts_with, not LIKE: '_' is a key character and a LIKE wildcard.
                prefix ? sql`starts_with(${storedFiles.key}, ${prefix})` : undefined,
                after === null ? undefined : gt(storedFiles.key, after),
              ),
            )
            .orderBy(asc(storedFiles.key))
            .limit(keysPerPage);
          for (const r of rows) yield r.key;
          if (rows.length < keysPerPage) return;
          after = rows[rows.length - 1]!.key;
        }
      })();
    },
  };
}
