import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app';
import { loadConfig } from '../../config';
import type { Database } from '../db/client';
import { createFieldCipher } from '../crypto';
import { createTestDatabase } from '../../../../test/support/db';
import { REDACTED, redactSensitive, redactUrl } from './logging';

const ID = '330502199001011234';

describe('redactUrl', () => {
  it('hides ID numbers in query values and keeps the rest of the URL', () => {
    expect(redactUrl(`/api/people?q=${ID}&page=2`)).toBe(`/api/people?q=${REDACTED}&page=2`);
    expect(redactUrl('/api/people?q=33050219900101123X')).toBe(`/api/people?q=${REDACTED}`);
    expect(redactUrl('/api/people?q=330502900101123')).toBe(`/api/people?q=${REDACTED}`); // 15 digits
    expect(redactUrl(`/api/people?q=%20${ID}%20`)).toBe(`/api/people?q= ${REDACTED} `);
    expect(redactUrl(`/api/people?q=${encodeURIComponent('张三 ' + ID)}`)).toBe(
      `/api/people?q=张三 ${REDACTED}`,
    );
  });

  it('hides mobile and landline numbers, in the query and the path', () => {
    expect(redactUrl('/api/people?q=13912345678')).toBe(`/api/people?q=${REDACTED}`);
    expect(redactUrl('/api/people?q=%2B86%20139-1234-5678')).toBe(`/api/people?q=${REDACTED}`);
    expect(redactUrl('/api/people?tel=0571-88886666&page=1')).toBe(`/api/people?tel=${REDACTED}&page=1`);
    expect(redactUrl('/api/people?tel=(010)12345678')).toBe(`/api/people?tel=${REDACTED}`);
    expect(redactUrl(`/api/people/by-number/${ID}/card`)).toBe(`/api/people/by-number/${REDACTED}/card`);
  });

  it('leaves ordinary URLs alone: ids, dates, pages, short numbers', () => {
    for (const url of [
      '/api/people?page=2&pageSize=50&q=%E5%BC%A0',
      '/api/orglife/meetings?from=2026-05-01&to=2026-05-31',
      '/api/donations/drives/0a1b2c3d-1234-4567-89ab-012345678901/entries?q=JZ2026-0008',
      '/article/550e8400-e29b-41d4-a716-446655440000',
      '/api/people?q=S1001&kind=student',
      '/thanks',
    ])
      expect(redactUrl(url)).toBe(url);
  });

  it('redacts free text the same way', () => {
    expect(redactSensitive(`duplicate key (id_number)=(${ID})`)).toBe(
      `duplicate key (id_number)=(${REDACTED})`,
    );
    expect(redactSensitive('ready in 1234 ms')).toBe('ready in 1234 ms');
  });
});

describe('the request log of the real app', () => {
  let database: Database;
  let app: App;
  const lines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ DATA_DIR: '.test-data/unused' });
    app = await buildApp(
      { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
      // The access log (one line per request) is written at debug (http/requestLog.ts).
      { logger: { level: 'debug', stream: { write: (s: string) => void lines.push(s) } } },
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const logged = () => lines.join('');

  it('writes the URL without the ID number or phone, but with the rest of it', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/people?q=${ID}&page=2` });
    expect(res.statusCode).toBe(401); // no session: the log line is written all the same
    await app.inject({ method: 'GET', url: '/api/people/by-phone/13912345678?x=1' });
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.map((l) => l.req.url)).toEqual(
      expect.arrayContaining([`/api/people?q=${REDACTED}&page=2`, `/api/people/by-phone/${REDACTED}?x=1`]),
    );
    expect(logged()).not.toContain(ID);
    expect(logged()).not.toContain('13912345678');
  });

  it('never logs a request body', async () => {
    const before = lines.length;
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: ID, password: 'secret-13912345678' },
    });
    const mine = lines.slice(before).map((l) => JSON.parse(l));
    expect(mine.some((l) => l.req?.url === '/api/auth/login')).toBe(true);
    expect(logged()).not.toContain(ID);
    expect(logged()).not.toContain('secret-');
  });

  it('drops a body passed to the logger and redacts messages and errors', () => {
    const before = lines.length;
    app.log.info({ body: { idNumber: ID } }, `looked up ${ID}`);
    app.log.error({ err: new Error(`refused ${ID}`) }, 'failed');
    const mine = lines.slice(before).map((l) => JSON.parse(l));
    expect(mine[0]).toMatchObject({ body: REDACTED, msg: `looked up ${REDACTED}` });
    expect(mine[1].err.message).toBe(`refused ${REDACTED}`);
    expect(lines.slice(before).join('')).not.toContain(ID);
  });
});
