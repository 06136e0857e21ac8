import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/app';
import { buildPark } from '../../support/fixtures';
import { insertArticles, seedDemoSite } from '../../support/portalSeed';
import { acceptsGzip } from '../../../src/server/areas/site/reply';
import { ViewCounter } from '../../../src/server/areas/site/views';
import { queryRows } from '../../../src/server/platform/db/rows';
import { sql } from 'drizzle-orm';

/** A park with the demo portal (columns, settings) in `t`'s database. */
async function demoSite(t: TestApp) {
  const park = await buildPark(t.database.db);
  const site = await seedDemoSite(t.database.db, park.parkId, {
    A: park.nodes.schoolA!.id,
    B: park.nodes.schoolB!.id,
  });
  return { park, site };
}

/** The page cache is bounded by bytes, set by PAGE_CACHE_MB (areas/site/cache.ts). */
describe('page cache size (PAGE_CACHE_MB)', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  async function siteWithArticles(env: Record<string, string>, n: number) {
    t = await createTestApp(env);
    const { park, site } = await demoSite(t);
    const body = `<p>${'园区党总支组织党员教师深入学习党的理论，开展主题党日活动。'.repeat(60)}</p>`;
    const ids = await insertArticles(
      t.database.db,
      park.parkId,
      site.columns,
      Array.from({ length: n }, (_, i) => ({
        title: `缓存测试 ${i + 1}`,
        bodyHtml: body,
        columns: ['news'],
      })),
    );
    return { app: t.app, ids };
  }

  it('holds no more bytes than configured, dropping the least recently used page first', async () => {
    const limit = 0.25 * 2 ** 20; // PAGE_CACHE_MB=0.25
    const { app, ids } = await siteWithArticles({ PAGE_CACHE_MB: '0.25' }, 40);
    const cache = app.portal.cache;
    const first = `/article/${ids[0]}`;
    let pageBytes = 0;
    for (const id of ids) {
      const res = await app.inject({ method: 'GET', url: `/article/${id}` });
      expect(res.statusCode).toBe(200);
      pageBytes += res.rawPayload.length;
      // Keep the first page in use: it must survive while the others push pages out.
      expect((await app.inject({ method: 'GET', url: first })).statusCode).toBe(200);
      expect(cache.storedBytes).toBeLessThanOrEqual(limit);
    }
    // 40 pages of ~10 KB or more do not fit in 256 KiB: some were dropped, never the one in use.
    expect(pageBytes).toBeGreaterThan(limit);
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThan(ids.length);
    // The cache key is the URL with the request's host (no PUBLIC_URL in tests; inject's host).
    expect(cache.get(`http://localhost:80${first}`)).toBeDefined();
  });

  it('PAGE_CACHE_MB=0 keeps no page and still serves every one', async () => {
    const { app, ids } = await siteWithArticles({ PAGE_CACHE_MB: '0' }, 3);
    for (const round of [1, 2]) {
      for (const url of ['/', '/column/news', ...ids.map((id) => `/article/${id}`)]) {
        const res = await app.inject({ method: 'GET', url });
        expect(res.statusCode, `${url} (round ${round})`).toBe(200);
      }
    }
    expect(app.portal.cache.size).toBe(0);
    expect(app.portal.cache.storedBytes).toBe(0);
  });
});

/** Cached pages carry a gzipped copy made once, for clients that accept gzip (areas/site/cache.ts). */
describe('compressed cached pages', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('sends the gzipped copy to a browser and the plain page to everyone else, the same bytes', async () => {
    t = await createTestApp();
    const { park, site } = await demoSite(t);
    const [id] = await insertArticles(t.database.db, park.parkId, site.columns, [
      { title: '压缩测试', bodyHtml: `<p>${'党建引领，立德树人。'.repeat(200)}</p>`, columns: ['news'] },
    ]);
    const get = (url: string, encoding?: string) =>
      t!.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    for (const url of ['/', '/column/news']) {
      const plain = await get(url); // renders and stores the page
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const browser = await get(url, 'gzip, deflate, br, zstd');
      expect(browser.headers['content-encoding']).toBe('gzip');
      expect(browser.headers['vary']).toBe('accept-encoding');
      expect(browser.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(browser.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(zlib.gunzipSync(browser.rawPayload).equals(plain.rawPayload)).toBe(true);
      // Refused by name, or not offered: the plain page.
      for (const refusing of ['gzip;q=0, br', 'br', 'identity', '*;q=0']) {
        const res = await get(url, refusing);
        expect(res.headers['content-encoding'], refusing).toBeUndefined();
        expect(res.rawPayload.equals(plain.rawPayload), refusing).toBe(true);
      }
      expect((await get(url, '*')).headers['content-encoding']).toBe('gzip');
    }
    // An article page writes its live view count per request: never a stored gzip copy.
    await get(`/article/${id}`);
    const article = await get(`/article/${id}`, 'gzip');
    expect(article.statusCode).toBe(200);
    expect(article.headers['content-encoding']).toBeUndefined();
    expect(article.body).toContain('压缩测试');
  });
});

describe('acceptsGzip', () => {
  it('reads Accept-Encoding as RFC 9110 says', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
    expect(acceptsGzip('GZIP')).toBe(true);
    expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.000')).toBe(false);
    expect(acceptsGzip('*;q=0.1')).toBe(true);
    expect(acceptsGzip('*, gzip;q=0')).toBe(false);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
  });
});

/** Counted views are written 50 per transaction (areas/site/views.ts): every count arrives. */
describe('view counts written in chunks', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('writes the counts of more articles than one chunk holds, each exactly', async () => {
    t = await createTestApp();
    const { park, site } = await demoSite(t);
    const ids = await insertArticles(
      t.database.db,
      park.parkId,
      site.columns,
      Array.from({ length: 130 }, (_, i) => ({
        title: `阅读计数 ${i + 1}`,
        bodyHtml: '<p>正文</p>',
        columns: ['news'],
      })),
    );
    const views = new ViewCounter();
    // Article i is viewed (i % 4) + 1 times.
    ids.forEach((id, i) => {
      for (let k = 0; k <= i % 4; k++) views.record(park.parkId, 'article', id);
    });
    await views.flush(t.database.db);
    const rows = await queryRows<{ id: string; views: number }>(
      t.database.db,
      sql`select a.id, v.views from portal_articles a join portal_article_views v on v.article_id = a.id
          where a.title like '阅读计数 %'`,
    );
    const byId = new Map(rows.map((r) => [r.id, Number(r.views)]));
    expect(byId.size).toBe(130);
    ids.forEach((id, i) => expect(byId.get(id), `article ${i + 1}`).toBe((i % 4) + 1));
    const [daily] = await queryRows<{ n: number; total: number }>(
      t.database.db,
      sql`select count(*)::int as n, sum(views)::int as total from portal_daily_views where kind = 'article'
          and subject_id in (select id from portal_articles where title like '阅读计数 %')`,
    );
    expect(daily).toEqual({ n: 130, total: ids.reduce((s, _, i) => s + (i % 4) + 1, 0) });
  });
});
