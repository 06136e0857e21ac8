import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { openPglite, openPostgres } from '../../src/server/platform/db/client';

/**
 * Once per run: a migrated database every test file copies. PGlite: a data-dir snapshot
 * (creating a database costs seconds, loading a snapshot well under one). PostgreSQL: a template
 * database in a fresh, uniquely named set that is dropped at the end of the run.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DB === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const prefix = `cpb_test_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const template = `${prefix}_tmpl`;
    await admin.query(`create database ${template}`);
    const url = new URL(base);
    url.pathname = `/${template}`;
    const db = await openPostgres(url.toString());
    await db.migrate();
    await db.close();
    project.provide('pgBase', base);
    project.provide('pgPrefix', prefix);
    project.provide('pglSnapshot', '');
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`${prefix}%`],
      );
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    };
  }
  const dir = path.resolve('.test-data');
  fs.mkdirSync(dir, { recursive: true });
  const snapshot = path.join(dir, `snapshot-${process.pid}.tar.gz`);
  const db = await openPglite(undefined);
  await db.migrate();
  const blob = await db.pglite!.dumpDataDir();
  fs.writeFileSync(snapshot, Buffer.from(await blob.arrayBuffer()));
  await db.close();
  project.provide('pglSnapshot', snapshot);
  project.provide('pgBase', '');
  project.provide('pgPrefix', '');
  return () => fs.rmSync(snapshot, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    pglSnapshot: string;
    pgBase: string;
    pgPrefix: string;
  }
}
