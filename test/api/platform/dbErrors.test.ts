import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import type { Database } from '../../../src/server/platform/db/client';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createFieldCipher } from '../../../src/server/platform/crypto';
import { createTestDatabase } from '../../support/db';

/**
 * The central error handler (platform/http/errors.ts) and the database: a value the database
 * refuses (a NUL, a day that does not exist, text that is not a UUID) is a 400 in Chinese — the
 * defence behind the contracts — and a real fault is a 500. Either way the log holds the error's
 * code and SQL text, never the query's parameters (people's names) nor the values PostgreSQL
 * quotes in its message. The route below is registered on this test's app only, to reach the
 * database with values no contract would let through.
 */

const NAME = '张小明';
let app: App;
let database: Database;
const lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: '.test-data/unused', LOG_LEVEL: 'info' });
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await buildApp(
    { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
    { logger: { level: 'info', stream } },
  );
  const queries = {
    nul: () => sql`select ${`${NAME}\u0000`}::text as v`,
    day: () => sql`select ${`${NAME}-02-30`}::date as v`,
    uuid: () => sql`select ${NAME}::uuid as v`,
    missingTable: () => sql`select * from no_such_table where name = ${NAME}`,
  };
  app.get<{ Params: { kind: keyof typeof queries } }>('/api/test-only/db/:kind', async (req) => {
    await queryRows(database.db, queries[req.params.kind]());
    return { ok: true };
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const logged = () => lines.join('');

describe('database errors', () => {
  it.each([
    ['nul', 'INVALID_CHARACTERS'],
    ['day', 'INVALID_VALUE'],
    ['uuid', 'INVALID_VALUE'],
  ])('a value the database refuses (%s) is a 400 %s in Chinese', async (kind, code) => {
    const before = lines.length;
    const res = await app.inject({ url: `/api/test-only/db/${kind}` });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(/[\u3400-\u9fff]/);
    const log = lines.slice(before).join('');
    expect(log).toMatch(/"code":"22[0-9A-Z]{3}"/);
    expect(log).toContain('select $1');
    expect(log).not.toContain(NAME);
  });

  it('a fault of ours is a 500 without a stack, logged with its SQL text and no parameters', async () => {
    const before = lines.length;
    const res = await app.inject({ url: '/api/test-only/db/missingTable' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
    const log = lines.slice(before).join('');
    expect(log).toContain('"code":"42P01"');
    expect(log).toContain('no_such_table');
    expect(log).not.toContain(NAME);
  });

  it('never logs a parameter, whatever happened', () => {
    expect(lines.length).toBeGreaterThan(0);
    expect(logged()).not.toContain(NAME);
  });
});
