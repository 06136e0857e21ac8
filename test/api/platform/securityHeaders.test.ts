import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app';
import { buildPark } from '../../support/fixtures';
import { seedDemoSite } from '../../support/portalSeed';

/**
 * The security headers are computed once at start (platform/http/securityHeaders.ts), no longer by
 * helmet on every request. They must be exactly what helmet sent per request before: these values
 * were read off the server before the change, and every kind of response carries them.
 */
const EXPECTED: Record<string, string> = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'self';" +
    "img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';" +
    "style-src 'self' 'unsafe-inline';media-src 'self' blob:;connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};
/** Turned off in app.ts's options (and Express's X-Powered-By was never sent). */
const ABSENT = ['strict-transport-security', 'cross-origin-embedder-policy', 'x-powered-by'];

describe('security headers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const park = await buildPark(t.database.db);
    await seedDemoSite(t.database.db, park.parkId, {
      A: park.nodes.schoolA!.id,
      B: park.nodes.schoolB!.id,
    });
  });
  afterAll(() => t.close());

  const cases: [string, string, number][] = [
    ['a portal page', '/', 200],
    ['a second, cached serving of it', '/', 200],
    ['an API response', '/api/auth/session', 401],
    ['a static asset', '/static/portal.css', 200],
    ['the 404 page', '/no-such-page', 404],
    ['an API 404', '/api/no-such-route', 404],
  ];

  it.each(cases)('are the same on %s', async (_what, url, status) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    for (const [name, value] of Object.entries(EXPECTED)) expect(res.headers[name], name).toBe(value);
    for (const name of ABSENT) expect(res.headers[name], name).toBeUndefined();
  });
});
