import { bigint, customType, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt } from './_columns';

/**
 * Uploaded files kept in the database (STORAGE=postgres, src/server/platform/storage/postgres.ts), for
 * a park that runs several app instances without object storage. A file is one stored_files row and
 * its bytes in fixed-size chunks, so a byte range reads only the chunks it covers and nothing holds a
 * whole file in memory. Rows are written in one transaction: a reader sees a file whole or not at all.
 */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const storedFiles = pgTable('stored_files', {
  /** The storage key (see assertValidKey). */
  key: text('key').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
  /** Hex sha256 of the whole file. */
  sha256: text('sha256').notNull(),
  /** Bytes per chunk when the file was written (every chunk but the last is this long). */
  chunkSize: integer('chunk_size').notNull(),
  createdAt: createdAt(),
});

export const storedFileChunks = pgTable(
  'stored_file_chunks',
  {
    key: text('key')
      .notNull()
      .references(() => storedFiles.key, { onDelete: 'cascade' }),
    /** 0-based; chunk n holds bytes [n·chunk_size, (n+1)·chunk_size). */
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.seq] })],
);
