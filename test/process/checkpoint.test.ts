import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { PGLITE_CHECKPOINT, openPglite } from '../../src/server/platform/db/client';

/**
 * PGlite (a single-user PostgreSQL) never checkpoints by itself, so a crash would replay every write
 * since the start. The database handle checkpoints on its own once enough WAL is pending.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-checkpoint-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it(
  'checkpoints an on-disk PGlite database once enough WAL would be replayed after a crash',
  { timeout: 120_000 },
  async () => {
    const database = await openPglite(dir);
    const pglite = database.pglite!;
    const pending = async () =>
      Number(
        (
          await pglite.query<{ pending: string }>(
            `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::bigint as pending from pg_control_checkpoint()`,
          )
        ).rows[0]!.pending,
      );
    try {
      await pglite.exec(`create table scratch (x text)`);
      // About 12 MB of WAL: more than the bound.
      await pglite.exec(
        `insert into scratch select repeat(md5(g::text), 30) from generate_series(1, 12000) g`,
      );
      expect(await pending()).toBeGreaterThan(PGLITE_CHECKPOINT.maxPendingBytes);
      // Wait on state (the checker runs every few seconds); the deadline is a hang guard only.
      const deadline = Date.now() + 90_000;
      while ((await pending()) > PGLITE_CHECKPOINT.maxPendingBytes && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
      expect(await pending()).toBeLessThan(PGLITE_CHECKPOINT.maxPendingBytes);
    } finally {
      await database.close();
    }
  },
);
