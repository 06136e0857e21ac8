import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { insertArticles, seedDemoSite, type DemoSite } from '../../support/portalSeed';

/**
 * An anonymous visitor's public page touches no session table (platform/http/auth.ts resolves
 * sessions for /api only, and only with a cookie). Proven on the real database: the sessions
 * table is renamed away, so any statement that reads it fails and the page would answer 500. The
 * control shows the proof bites: a signed-in API call does fail while the table is gone.
 */
describe('public pages without the session table', () => {
  let t: TestApp;
  let park: Park;
  let site: DemoSite;
  let articleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t.database.db);
    site = await seedDemoSite(t.database.db, park.parkId, {
      A: park.nodes.schoolA!.id,
      B: park.nodes.schoolB!.id,
    });
    // Enough articles for a second page of the column.
    const ids = await insertArticles(
      t.database.db,
      park.parkId,
      site.columns,
      Array.from({ length: 16 }, (_, i) => ({ title: `会话表测试文章 ${i + 1}`, columns: ['news'] })),
    );
    articleId = ids[0]!;
  });
  afterAll(() => t.close());

  const hide = () => queryRows(t.database.db, sql`alter table sessions rename to sessions_hidden`);
  const restore = () => queryRows(t.database.db, sql`alter table sessions_hidden rename to sessions`);

  it('serves every kind of public page, cached or not, to a visitor without a cookie', async () => {
    const admin = await asClient(t.app).login('admin', PASSWORD);
    const urls = [
      '/',
      '/column/news',
      '/column/news?page=2',
      `/article/${articleId}`,
      '/newsletter',
      '/search?q=党建',
      '/rss.xml',
      '/sitemap.xml',
      '/robots.txt',
      '/static/portal.css',
      '/healthz',
      '/thanks',
      '/showcase/slides.json',
    ];
    await hide();
    try {
      // Twice: the first answer renders from the database, the second may come from the cache.
      for (const round of [1, 2]) {
        for (const url of urls) {
          const res = await t.app.inject({ method: 'GET', url });
          expect(res.statusCode, `${url} (round ${round})`).toBeLessThan(400);
        }
        const missing = await t.app.inject({ method: 'GET', url: '/no-such-page' });
        expect(missing.statusCode).toBe(404);
      }
      // The control: a request that does read sessions fails while the table is away.
      const me = await admin.get('/api/auth/me');
      expect(me.statusCode).toBe(500);
    } finally {
      await restore();
    }
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  });
});
