import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteEntry } from '../../../src/server/platform/http/guard';
import { createTestApp, type TestApp } from '../../support/app';

/**
 * The route walk: every route of the real app, as registered, checked against the rules of
 * docs/architecture.md ("HTTP"). A route is either in the public scope (and on the allow-list
 * below) or in the authenticated scope with its access declared; every API route documents its
 * response; every write names a permission unless it is a self-service write listed here.
 */

/** Everything anyone may call without signing in. Adding to this list is a security decision. */
const PUBLIC_ROUTES = new Set<string>([
  'POST /api/auth/login', // auth (starts a session)
  'POST /api/auth/logout', // auth (ends whatever session the cookie names)
  'GET /api/setup/:token', // auth (first-run setup link)
  'POST /api/setup', // auth (first-run setup)
  'GET /', // site
  'GET /article/:id', // site
  'GET /column/:slug', // site
  'GET /column/:slug/rss.xml', // site
  'GET /newsletter', // site
  'GET /newsletter/:id', // site
  'GET /robots.txt', // site
  'GET /rss.xml', // site
  'GET /search', // site
  'GET /showcase', // site
  'GET /showcase/slides.json', // site
  'GET /sitemap', // site
  'GET /sitemap.xml', // site
  'GET /static/:name', // site
  'GET /thanks', // site
  'GET /thanks/:id', // site
  'GET /api/donations/public/drives/:id/thanks', // donations
  'GET /api/activities/feed/:file', // activities (private iCal link; the token is the credential)
  'GET /media/:id/:variant', // site (newsroom's files)
  'GET /checkin/:token', // site (activities' check-in page; signs in itself)
  'POST /checkin/:token', // site (activities' check-in page; session + form CSRF token)
  'GET /vanguard', // site (approved vanguard posts whose members agreed)
  'GET /vanguard/publicity', // site (assessment's 公示 page)
  'POST /vanguard/publicity/objection', // site (anyone may object during 公示; bounded per address)
]);

/** Writes any signed-in account may make (about themselves), with no permission to name. */
const SELF_SERVICE_WRITES = new Set<string>([
  'POST /api/auth/logout-all', // auth
  'PUT /api/auth/me/email', // auth
  'POST /api/auth/password', // auth
  'POST /api/notifications/read', // notifications
  'POST /api/activities/calendar-feed', // activities (one's own calendar link)
  'DELETE /api/activities/calendar-feed', // activities
  'POST /api/activities/checkin/:token', // activities (signing oneself in by QR code)
  'POST /api/orglife/proposals', // orgLife
  'PUT /api/orglife/goals/:personId/:year', // orgLife
  'PUT /api/orglife/thought-reports/:personId/:year', // orgLife
  'PUT /api/assessment/posts/mine', // assessment (a member's own vanguard post)
  'POST /api/assessment/evidence', // assessment (own, or a reviewer's on a member's behalf: checked in the command)
  'PATCH /api/assessment/evidence/:id', // assessment
  'POST /api/assessment/evidence/:id/withdraw', // assessment
  'POST /api/assessment/evidence/:id/files', // assessment
  'DELETE /api/assessment/evidence/:id/files/:fileId', // assessment
  'PUT /api/assessment/self-evaluations/mine', // assessment
  'POST /api/assessment/dedication-days/:id/entries', // assessment (what the member did on a dedication day)
  'PUT /api/assessment/dedication-entries/:entryId', // assessment
  'DELETE /api/assessment/dedication-entries/:entryId', // assessment
  'POST /api/assessment/dedication-entries/:entryId/photos', // assessment
  'DELETE /api/assessment/dedication-entries/:entryId/photos/:key', // assessment
  'POST /api/assessment/appraisal/rounds/:id/ballots', // assessment (one's own ballot paper; the round's roll decides)
  'POST /api/assessment/appraisal/rounds/:id/receipt', // assessment (checking one's receipt code; writes nothing)
]);

/** Infrastructure outside both scopes: health, API documentation, the console's static files. */
const INFRASTRUCTURE = [/^GET \/healthz$/, /^GET \/api\/openapi\.json$/, /^GET \/api\/docs/, /^GET \/admin/];

let t: TestApp;
let routes: RouteEntry[];
const key = (r: RouteEntry) => `${r.method} ${r.url}`;

beforeAll(async () => {
  t = await createTestApp();
  routes = t.app.routeCatalog;
});
afterAll(async () => t?.close());

describe('the route walk', () => {
  it('sees the whole app', () => {
    expect(routes.length).toBeGreaterThan(200);
    expect(routes.some((r) => key(r) === 'GET /api/org/tree')).toBe(true);
  });

  it('registers every route in the public or the authenticated scope', () => {
    const outside = routes.filter((r) => r.scope === null && !INFRASTRUCTURE.some((re) => re.test(key(r))));
    expect(outside.map(key)).toEqual([]);
  });

  it('keeps the public scope to the allow-list', () => {
    const pub = routes.filter((r) => r.scope === 'public').map(key);
    expect(pub.filter((k) => !PUBLIC_ROUTES.has(k))).toEqual([]);
    // The list holds nothing stale either.
    expect([...PUBLIC_ROUTES].filter((k) => !pub.includes(k))).toEqual([]);
  });

  it('declares a permission on every write, except the listed self-service writes', () => {
    const writes = routes.filter((r) => r.scope === 'authenticated' && r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(50);
    const undeclared = writes.filter((r) => r.access === 'signedIn' && !SELF_SERVICE_WRITES.has(key(r)));
    expect(undeclared.map(key)).toEqual([]);
    expect(writes.filter((r) => r.access === null).map(key)).toEqual([]);
    const listed = writes.filter((r) => r.access === 'signedIn').map(key);
    expect([...SELF_SERVICE_WRITES].filter((k) => !listed.includes(k))).toEqual([]);
  });

  it('gives every API route a response schema', () => {
    const api = routes.filter((r) => r.url.startsWith('/api/') && !r.hidden);
    expect(api.filter((r) => !r.hasResponseSchema).map(key)).toEqual([]);
  });

  it('describes every documented response in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: unknown }> }>>;
    };
    const missing: string[] = [];
    // Without a schema the generator still writes "200: Default Response", with no content.
    const described = ([code, r]: [string, { content?: unknown }]) =>
      code.startsWith('2') && (code === '204' || r.content !== undefined);
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        if (!Object.entries(op.responses ?? {}).some(described)) missing.push(`${method} ${path}`);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});

describe('the guard', () => {
  it('answers 401 before the handler when no one is signed in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/org/tree' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});
