import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { createFieldCipher } from '../../../src/server/platform/crypto';
import type { Database } from '../../../src/server/platform/db/client';
import { createTestDatabase } from '../../support/db';

/**
 * The request log (platform/http/requestLog.ts): one line per request, at its end; at info only
 * server errors and requests slower than SLOW_REQUEST_MS; everything at debug.
 */

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  req?: { method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
}
const DEBUG = 20;
const WARN = 40;
const ERROR = 50;

let app: App | null = null;
let database: Database | null = null;
afterEach(async () => {
  await app?.close();
  await database?.close();
  app = null;
  database = null;
});

async function start(env: Record<string, string>) {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: '.test-data/unused', ...env });
  app = await buildApp(
    { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
    { logger: { level: config.LOG_LEVEL, stream } },
  );
  // A route that fails the way a bug does: an exception the error handler answers with 500.
  app.get('/test/fails', { schema: { hide: true } }, async () => {
    throw new Error('a bug');
  });
  await app.ready();
  return { app, lines, requestLines: () => lines.filter((l) => l.req) };
}

describe('request log', () => {
  it('writes nothing for ordinary requests at info', async () => {
    const s = await start({ LOG_LEVEL: 'info' });
    for (const url of ['/healthz', '/api/auth/session', '/api/no-such-route']) {
      await s.app.inject({ method: 'GET', url });
    }
    expect(s.requestLines()).toEqual([]);
    expect(s.lines.filter((l) => l.msg === 'incoming request')).toEqual([]);
  });

  it('writes one line per request at debug: method, redacted URL, status, time', async () => {
    const s = await start({ LOG_LEVEL: 'debug' });
    const a = await s.app.inject({ method: 'GET', url: '/healthz' });
    const b = await s.app.inject({ method: 'GET', url: '/api/people?q=13812345678' });
    const lines = s.requestLines();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: DEBUG,
      msg: 'request completed',
      reqId: a.headers['x-request-id'],
      req: { method: 'GET', url: '/healthz' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]!.responseTime).toBe('number');
    expect(lines[1]).toMatchObject({
      reqId: b.headers['x-request-id'],
      req: { url: '/api/people?q=[已隐藏]' },
      res: { statusCode: 401 },
    });
    expect(JSON.stringify(s.lines)).not.toContain('13812345678');
  });

  it('always logs a slow request, at warn', async () => {
    // A threshold of 0 ms makes every request slow: no timing in the test.
    const s = await start({ LOG_LEVEL: 'info', SLOW_REQUEST_MS: '0' });
    await s.app.inject({ method: 'GET', url: '/healthz' });
    expect(s.requestLines()).toMatchObject([
      { level: WARN, msg: 'slow request', req: { url: '/healthz' }, res: { statusCode: 200 } },
    ]);
  });

  it('always logs a server error, at error, with the error handler’s report of it', async () => {
    const s = await start({ LOG_LEVEL: 'warn' });
    const res = await s.app.inject({ method: 'GET', url: '/test/fails' });
    expect(res.statusCode).toBe(500);
    expect(s.requestLines()).toMatchObject([
      { level: ERROR, msg: 'server error', req: { url: '/test/fails' }, res: { statusCode: 500 } },
    ]);
    const report = s.lines.filter((l) => l.msg === 'request failed');
    expect(report).toHaveLength(1);
    expect(report[0]!.reqId).toBe(res.headers['x-request-id']);
  });
});
