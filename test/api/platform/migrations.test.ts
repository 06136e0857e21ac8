import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { migrationsFolder, openPostgres } from '../../../src/server/platform/db/client';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createTestDatabase } from '../../support/db';

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

async function appliedCount(db: Parameters<typeof queryRows>[0]) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row!.n;
}

describe('migrations', () => {
  it('a second start applies nothing', async () => {
    const database = await createTestDatabase();
    try {
      expect(await appliedCount(database.db)).toBe(journal.entries.length);
      await database.migrate();
      expect(await appliedCount(database.db)).toBe(journal.entries.length);
    } finally {
      await database.close();
    }
  });

  it('the audit log refuses updates and deletes', async () => {
    const database = await createTestDatabase();
    try {
      await database.db.execute(
        sql`insert into audit_log (action, entity_type) values ('test.write', 'test')`,
      );
      await expect(database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
      await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    } finally {
      await database.close();
    }
  });

  // PostgreSQL only: PGlite is one process's embedded database, so there is no second instance.
  // On PGlite the test is reported as skipped (with this reason in its name), not left out.
  it.skipIf(!inject('pgBase'))(
    'two instances migrating one empty PostgreSQL database together do not collide (PostgreSQL only: PGlite has no second instance)',
    async () => {
      const base = inject('pgBase');
      const name = `${inject('pgPrefix')}_race`;
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(base);
      url.pathname = `/${name}`;
      const [a, b] = await Promise.all([openPostgres(url.toString()), openPostgres(url.toString())]);
      try {
        await Promise.all([a.migrate(), b.migrate()]);
        expect(await appliedCount(a.db)).toBe(journal.entries.length);
      } finally {
        await a.close();
        await b.close();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      }
    },
  );
});
