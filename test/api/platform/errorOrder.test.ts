import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD } from '../../support/fixtures';

/**
 * Who asks comes before what is asked (platform/http/guard.ts runs onRequest, before validation):
 * without a session a malformed request gets 401, never a 400 that would describe the route; a
 * signed-in account without the route's permission gets 403. The fuzz suite checks this for
 * every authenticated route; these are the routes where it was found missing.
 */

let t: TestApp;
let member: Client;

beforeAll(async () => {
  t = await createTestApp();
  await buildPark(t.database.db);
  member = await asClient(t.app).login('teacherB', PASSWORD);
});
afterAll(async () => t?.close());

describe('401 before 400', () => {
  it.each([
    ['GET', '/api/donations/summary?x'],
    ['GET', '/api/donations/summary?type=nonsense&year=0'],
    ['GET', '/api/activities/calendar'],
    ['GET', '/api/activities/calendar?from=2026-02-30&to=x'],
    ['GET', '/api/imports/templates/students?format=exe'],
    ['GET', '/api/imports/templates/nobody'],
    ['GET', '/api/people/not-a-uuid'],
    ['PUT', '/api/orglife/config'],
  ] as const)('%s %s without a session', async (method, url) => {
    const res = await t.app.inject({ method, url, payload: method === 'PUT' ? { config: 1 } : undefined });
    expect(res.statusCode, res.body).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('also for a body that is not JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/org/nodes',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('403 before 400', () => {
  it('PUT /api/orglife/config from a member, with a malformed body', async () => {
    for (const payload of [{}, { baseVersion: -1, config: 'x' }, { unknown: '\u0000' }]) {
      const res = await member.put('/api/orglife/config', payload);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('other permissioned routes from a member, with malformed input', async () => {
    for (const [method, url] of [
      ['GET', '/api/imports/templates/nobody?format=exe'],
      ['POST', '/api/org/nodes'],
      ['GET', '/api/accounts?pageSize=100000'],
    ] as const) {
      const res = await member.request({ method, url, payload: method === 'POST' ? { kind: 1 } : undefined });
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
    }
  });
});
