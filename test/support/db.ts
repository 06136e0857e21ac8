import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { LoadLimits } from '../../src/server/platform/load';
import { openPglite, openPostgres, type Database } from '../../src/server/platform/db/client';

let counter = 0;

/** A fresh, migrated database for one test file: a PGlite copy of the snapshot, or a PostgreSQL clone. */
export async function createTestDatabase(opts: { limits?: LoadLimits } = {}): Promise<Database> {
  const snapshot = inject('pglSnapshot');
  if (snapshot) {
    return openPglite(undefined, { loadDataDir: fs.readFileSync(snapshot), limits: opts.limits });
  }
  const base = inject('pgBase');
  const name = `${inject('pgPrefix')}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgPrefix')}_tmpl`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), { limits: opts.limits });
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
