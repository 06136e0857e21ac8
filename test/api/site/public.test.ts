import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { openPostgres } from '../../../src/server/platform/db/client';
import { createFieldCipher } from '../../../src/server/platform/crypto';
import { queryRows } from '../../../src/server/platform/db/rows';
import { portalChanged } from '../../../src/server/areas/site/cache';
import { buildPark, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll } from '../../support/newsroom';
import { createTestApp, type TestApp } from '../../support/app';
import {
  insertArticles,
  insertMedia,
  insertShowcaseItem,
  seedDemoSite,
  setPortalSettings,
  type DemoSite,
} from '../../support/portalSeed';

/** A minimal well-formedness check for the feeds: balanced tags, entities only where allowed. */
function assertWellFormedXml(xml: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Every '<' starts a tag, every '&' an entity.
  expect(body.replace(/<\/?[A-Za-z][^>]*>/g, '')).not.toMatch(/</);
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
}

const MALICIOUS = `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`;

/**
 * Waits until `check` passes: cache invalidation arrives by notification, asynchronously after the
 * commit. It waits on the page's state, not on a deadline; the cap only stops a hung test (how
 * fast a change shows is measured by `npm run bench:portal`).
 */
const eventually = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 25 });

describe('public portal pages', () => {
  let t: TestApp;
  let park: Park;
  let site: DemoSite;
  let evilId: string;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t.database.db);
    site = await seedDemoSite(t.database.db, park.parkId, {
      A: park.nodes.schoolA!.id,
      B: park.nodes.schoolB!.id,
    });
    const inserted = await insertArticles(t.database.db, park.parkId, site.columns, [
      {
        title: MALICIOUS,
        summary: MALICIOUS,
        subtitle: MALICIOUS,
        author: MALICIOUS,
        source: MALICIOUS,
        tags: [MALICIOUS],
        columns: ['news'],
        schoolId: park.nodes.schoolA!.id,
        publishedAt: new Date(Date.now() - 3600_000),
      },
    ]);
    evilId = inserted[0]!;
    await setPortalSettings(t.database.db, park.parkId, {
      heroSlogan: '不忘初心 牢记使命',
      heroText: `${MALICIOUS} 党建引领`,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('renders the home page: hero, carousel of pinned items, column blocks, notices beside them', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('不忘初心 牢记使命');
    // Carousel: the three pinned news items, as a plain list (works without JavaScript).
    const carousel = html.slice(html.indexOf('class="featured"'), html.indexOf('class="notices"'));
    for (const title of site.titles.news!.slice(0, 3))
      expect(carousel).toContain(title.replace(/"/g, '&quot;'));
    expect(carousel).toMatch(/<ol class="slides">/);
    // Notices beside the carousel, newest first.
    const notices = html.slice(html.indexOf('class="notices"'), html.indexOf('class="wrap blocks"'));
    expect(notices).toContain('通知公告');
    expect(notices).toContain(site.titles.notices![0]!);
    // A block per column (except notices), with the column's latest items.
    for (const name of ['园区概况', '党建动态', '先锋事迹', '理论学习', '资料下载']) {
      expect(html).toMatch(new RegExp(`<h2><a href="/column/[a-z-]+">${name}</a></h2>`));
    }
    expect(html).toContain(site.titles.pioneers![0]!);
    // Open Graph and feeds; our own script file only (the CSP forbids inline scripts).
    expect(html).toContain('<meta property="og:title" content="首页">');
    expect(html).toMatch(/<link rel="alternate" type="application\/rss\+xml"[^>]+href="\/rss.xml">/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([
      // The reading mode's few lines run before the first paint; everything else is deferred.
      expect.stringMatching(/^<script src="\/static\/reading\.js\?v=[0-9a-f]+">$/),
      expect.stringMatching(/^<script src="\/static\/portal\.js\?v=[0-9a-f]+" defer>$/),
    ]);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('escapes everything it interpolates: a malicious title, summary, author, tag, hero text', async () => {
    const pages = [
      '/',
      '/column/news',
      `/column/news?school=${park.nodes.schoolA!.id}`,
      `/article/${evilId}`,
      `/search?q=${encodeURIComponent('<script>alert(1)</script> 党建')}`,
    ];
    for (const url of pages) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).not.toContain('<img src=x');
    }
    const article = (await get(`/article/${evilId}`)).body;
    expect(article).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;',
    );
    expect(article).toContain(`<title>&lt;script&gt;`);
    expect(article).toContain('<meta property="og:title" content="&lt;script&gt;');
    const search = (await get(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)).body;
    expect(search).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    const rss = (await get('/rss.xml')).body;
    expect(rss).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)');
    expect(rss).not.toContain('<script>');
  });

  it('shows an article: breadcrumbs, previous/next in its column, attachments, view count, Open Graph', async () => {
    const { db } = t.database;
    const [news] = await queryRows<{ id: string }>(
      db,
      sql`select a.id from portal_articles a where a.title = ${site.titles.news![3]!}`,
    );
    const res = await get(`/article/${news!.id}`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain(
      '<nav class="crumbs" aria-label="当前位置"><ol><li><a href="/">首页</a></li><li><a href="/column/news">党建动态</a></li><li aria-current="page">正文</li></ol></nav>',
    );
    // Newer (next) and older (previous) items of 党建动态, in date order.
    expect(html).toMatch(
      new RegExp(`<span>上一篇</span><a href="/article/[0-9a-f-]+" rel="prev">${site.titles.news![4]}</a>`),
    );
    expect(html).toMatch(
      new RegExp(`<span>下一篇</span><a href="/article/[0-9a-f-]+" rel="next">${site.titles.news![2]}</a>`),
    );
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toMatch(/<meta property="og:url" content="http:\/\/localhost(:\d+)?\/article\/[0-9a-f-]+">/);
    expect(html).toContain('<meta property="article:published_time"');
    // Body, sanitized on save, is rendered as HTML.
    expect(html).toContain('<h2>主要做法</h2>');

    // The view count is counted by the server: it rises with each view, also on a cached page.
    const count = (body: string) => Number(/阅读 <span class="views">(\d+)<\/span>/.exec(body)?.[1]);
    const first = count(html);
    const second = count((await get(`/article/${news!.id}`)).body);
    expect(second).toBe(first + 1);
    await t.app.portal.views.flush(db);
    const [row] = await queryRows<{ views: number }>(
      db,
      sql`select views from portal_article_views where article_id = ${news!.id}`,
    );
    expect(row!.views).toBe(120 - 3 * 7 + 2);
    const daily = await queryRows<{ views: number }>(
      db,
      sql`select views from portal_daily_views where kind = 'article' and subject_id = ${news!.id}`,
    );
    expect(daily.map((d) => d.views)).toEqual([2]);

    // Attachments link to the newsroom's media URLs.
    const [dl] = await queryRows<{ id: string }>(
      db,
      sql`select id from portal_articles where title = '党务工作常用表格和范本'`,
    );
    const withFiles = (await get(`/article/${dl!.id}`)).body;
    expect(withFiles).toContain('附件下载');
    expect(withFiles).toMatch(
      /<a class="download-name" href="\/media\/[0-9a-f-]+\/original" download>入党申请书范本\.docx<\/a>/,
    );
    expect(withFiles).toContain('410 KB');
  });

  it('answers unknown, unpublished and malformed addresses with the real 404 page', async () => {
    const { db } = t.database;
    const ids = await insertArticles(db, park.parkId, site.columns, [
      { title: '草稿文章', columns: ['news'], status: 'draft' },
      {
        title: '已撤下文章',
        columns: ['news'],
        status: 'takenDown',
        publishedAt: new Date(Date.now() - 1000),
      },
      {
        title: '明天发布的文章',
        columns: ['news'],
        status: 'scheduled',
        publishedAt: new Date(Date.now() + 86_400_000),
      },
    ]);
    const urls = [
      ...ids.map((id) => `/article/${id}`),
      '/article/not-a-uuid',
      `/article/${crypto.randomUUID()}`,
      '/column/no-such-column',
      '/column/news?page=999',
      '/no/such/page',
      `/newsletter/${crypto.randomUUID()}`,
    ];
    for (const url of urls) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body, url).toContain('<h1>页面不存在</h1>');
      expect(res.body, url).toContain('<nav class="mainnav"'); // the site's own chrome, not a bare page
      expect(res.body).toContain('<meta name="robots" content="noindex">');
    }
    const home = (await get('/')).body;
    expect(home).not.toContain('草稿文章');
    expect(home).not.toContain('明天发布的文章');
    // The API keeps its JSON 404.
    const api = await get('/api/no-such-endpoint');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
  });

  it('paginates a column and filters it by school (三校党建动态)', async () => {
    const { db } = t.database;
    const A = park.nodes.schoolA!.id;
    const B = park.nodes.schoolB!.id;
    const base = Date.now() - 30 * 86_400_000;
    await insertArticles(
      db,
      park.parkId,
      site.columns,
      Array.from({ length: 20 }, (_, i) => ({
        title: `工团动态第${i + 1}条`,
        columns: ['unions'],
        schoolId: i % 2 ? B : A,
        publishedAt: new Date(base + i * 60_000),
      })),
    );
    await db.transaction((tx) => portalChanged(tx, park.parkId));
    await eventually(async () => {
      expect((await get('/column/unions')).body).toContain('工团动态第20条');
    });
    const page1 = (await get('/column/unions')).body;
    const titles = (html: string) =>
      [...html.matchAll(/<h2><a href="\/article\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);
    expect(titles(page1)).toHaveLength(15);
    expect(page1).toContain('<a href="/column/unions?page=2" rel="next">下一页</a>');
    expect(page1).toContain('第 1 / 2 页');
    const page2 = (await get('/column/unions?page=2')).body;
    expect(titles(page2)).toHaveLength(22 - 15);
    expect(page2).toContain('<a href="/column/unions" rel="prev">上一页</a>');
    expect(new Set([...titles(page1), ...titles(page2)]).size).toBe(22);
    expect((await get('/column/unions?page=3')).statusCode).toBe(404);
    expect((await get('/column/unions?page=abc')).statusCode).toBe(200);

    // School filter: only school A's items, and the filter names the schools present.
    const a = (await get(`/column/unions?school=${A}`)).body;
    expect(a).toContain('<nav class="filter" aria-label="按学校筛选">');
    expect(a).toContain(`<a href="/column/unions?school=${A}" aria-current="true">学校A</a>`);
    expect(titles(a)).toHaveLength(10);
    expect(titles(a).every((x) => /第(\d+)条/.test(x!) && Number(/第(\d+)条/.exec(x!)![1]) % 2 === 1)).toBe(
      true,
    );
    expect(a).toContain('<title>工团天地 · 学校A - 校园党建</title>');
    // An unknown school is ignored rather than failing.
    expect(titles((await get(`/column/unions?school=${crypto.randomUUID()}`)).body)).toHaveLength(15);
  });

  it('renders a single-page column as its page and a download column as a file list', async () => {
    const about = (await get('/column/about')).body;
    expect(about).toContain('<h1>园区概况</h1>');
    expect(about).toContain('现有教职工六百余人');
    const downloads = (await get('/column/downloads')).body;
    expect(downloads).toMatch(
      /<a class="download-name" href="\/media\/[0-9a-f-]+\/original" download>党费收缴标准说明\.pdf<\/a>/,
    );
    expect(downloads).toContain('<span class="file-badge file-pdf" aria-hidden="true">PDF</span>');
  });

  it('serves valid RSS for the site and per column, a sitemap and robots.txt', async () => {
    const rss = await get('/rss.xml');
    expect(rss.statusCode).toBe(200);
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    assertWellFormedXml(rss.body);
    expect(rss.body).toContain('<rss version="2.0"');
    expect((rss.body.match(/<item>/g) ?? []).length).toBeGreaterThan(10);

    const column = await get('/column/notices/rss.xml');
    expect(column.statusCode).toBe(200);
    assertWellFormedXml(column.body);
    const items = [...column.body.matchAll(/<item>\s*<title>([^<]+)<\/title>/g)].map((m) => m[1]);
    expect(items).toEqual(site.titles.notices);
    expect(column.body).toContain('<title>通知公告 - 校园党建</title>');
    expect((await get('/column/nope/rss.xml')).statusCode).toBe(404);

    const map = await get('/sitemap.xml');
    expect(map.statusCode).toBe(200);
    assertWellFormedXml(map.body);
    expect(map.body).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(map.body).toContain(`/article/${evilId}</loc>`);
    expect(map.body).toContain('/column/news</loc>');

    const robots = await get('/robots.txt');
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(robots.body).toContain('Disallow: /admin');
    expect(robots.body).toMatch(/^Sitemap: http:\/\/localhost(:\d+)?\/sitemap\.xml$/m);
  });

  it('has a sitemap for people, linked from every page, beside the XML one for crawlers', async () => {
    expect((await get('/')).body).toContain('<li><a href="/sitemap">网站地图</a></li>');
    const page = await get('/sitemap');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>网站地图</h1>');
    const sections = page.body.split('<section class="sitemap-column">').slice(1);
    const sectionOf = (slug: string) => sections.find((x) => x.includes(`<h2><a href="/column/${slug}">`));
    // Every visible column has its section, linked.
    for (const slug of Object.keys(site.columns)) expect(sectionOf(slug), slug).toBeDefined();
    // A column's newest five articles, newest first, each linked to its page.
    const notices = [
      ...sectionOf('notices')!.matchAll(/<li><a href="\/article\/[0-9a-f-]{36}">([^<]+)<\/a>/g),
    ];
    expect(notices.map((m) => m[1])).toEqual(site.titles.notices!.slice(0, 5));
    expect(page.body).toContain('<a href="/sitemap.xml">XML 网站地图（供搜索引擎使用）</a>');
    expect(page.body).toContain('<a href="/thanks">爱心榜</a>');
    // The XML sitemap lists the page too.
    expect((await get('/sitemap.xml')).body).toMatch(/<loc>http:\/\/localhost(:\d+)?\/sitemap<\/loc>/);
  });

  it('searches published articles with highlighted snippets and column/school filters', async () => {
    const all = (await get(`/search?q=${encodeURIComponent('党员')}`)).body;
    expect(all).toMatch(/找到 <b>\d+<\/b> 条与“党员”相关的结果/);
    expect(all).toContain('<mark>党员</mark>');
    expect(all).not.toContain('草稿文章');
    const inNotices = (await get(`/search?q=${encodeURIComponent('党员')}&column=${site.columns.notices}`))
      .body;
    const hits = [...inNotices.matchAll(/<h2><a href="\/article\/[^"]+">(.+?)<\/a><\/h2>/g)].map((m) =>
      m[1]!.replace(/<\/?mark>/g, ''),
    );
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => site.titles.notices!.includes(h))).toBe(true);
    const schoolB = (await get(`/search?q=${encodeURIComponent('革命')}&school=${park.nodes.schoolB!.id}`))
      .body;
    expect(schoolB).toContain('学校B党支部组织党员教师赴红色教育基地研学');
    expect(schoolB).toContain('<mark>革命</mark>');
    const schoolA = (await get(`/search?q=${encodeURIComponent('革命')}&school=${park.nodes.schoolA!.id}`))
      .body;
    expect(schoolA).not.toContain('学校B党支部组织党员教师赴红色教育基地研学');
    const none = (await get(`/search?q=${encodeURIComponent('不存在的词语组合')}`)).body;
    expect(none).toContain('没有找到与“不存在的词语组合”相关的内容');
    const empty = await get('/search');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('输入关键词');
  });

  it('empties the cache on publish, edit and takedown (portalChanged), and at a scheduled time', async () => {
    const { db } = t.database;
    expect((await get('/')).statusCode).toBe(200); // cached now
    // Written without a notification: the cached page does not know yet.
    const [id] = await insertArticles(db, park.parkId, site.columns, [
      { title: '缓存测试：新发布的通知', columns: ['notices'], publishedAt: new Date() },
    ]);
    expect((await get('/')).body).not.toContain('缓存测试：新发布的通知');
    // The publish path notifies inside its transaction: visible once the notification arrives.
    await db.transaction((tx) => portalChanged(tx, park.parkId));
    await eventually(async () => expect((await get('/')).body).toContain('缓存测试：新发布的通知'));

    // An edit.
    await db.transaction(async (tx) => {
      await queryRows(tx, sql`update portal_articles set title = '缓存测试：改过的标题' where id = ${id}`);
      await portalChanged(tx, park.parkId);
    });
    await eventually(async () => {
      const body = (await get(`/article/${id}`)).body;
      expect(body).toContain('缓存测试：改过的标题');
    });
    // A takedown.
    await db.transaction(async (tx) => {
      await queryRows(tx, sql`update portal_articles set status = 'takenDown' where id = ${id}`);
      await portalChanged(tx, park.parkId);
    });
    await eventually(async () => expect((await get(`/article/${id}`)).statusCode).toBe(404));
    expect((await get('/')).body).not.toContain('缓存测试');

    // A rolled-back change notifies nobody: once a later committed change has arrived, the
    // rolled-back one would have too, so the cache has been emptied exactly once.
    const before = t.app.portal.cache.generation;
    await db
      .transaction(async (tx) => {
        await portalChanged(tx, park.parkId);
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await db.transaction((tx) => portalChanged(tx, park.parkId));
    await eventually(async () => expect(t.app.portal.cache.generation).toBeGreaterThan(before));
    expect(t.app.portal.cache.generation).toBe(before + 1);

    // Scheduled publishing: invisible until its time, then visible with no notification at all.
    const title = '缓存测试：定时发布';
    const publishAt = Date.now() + 4000;
    await insertArticles(db, park.parkId, site.columns, [
      { title, columns: ['notices'], status: 'scheduled', publishedAt: new Date(publishAt) },
    ]);
    await db.transaction((tx) => portalChanged(tx, park.parkId));
    // Asked for until it shows; what was asked well before its time must not have shown it.
    const early: boolean[] = [];
    await eventually(async () => {
      const asked = Date.now();
      const shows = (await get('/')).body.includes(title);
      if (asked < publishAt - 1000) early.push(shows);
      expect(shows).toBe(true);
    });
    expect(Date.now()).toBeGreaterThanOrEqual(publishAt);
    expect(early.length).toBeGreaterThan(0);
    expect(early).not.toContain(true);
  });

  it("shows what the newsroom publishes, edits and takes down (the newsroom's own API)", async () => {
    await addNewsroom(t.database.db, park);
    const { editor, reviewer } = await loginAll(t.app, ['editor', 'reviewer'] as const);
    const home = async () => (await get('/')).body;
    expect(await home()).not.toContain('编辑部：新文章');
    const created = await editor.post('/api/portal/articles', {
      title: '编辑部：新文章',
      summary: '编辑撰写、审核通过后发布。',
      bodyHtml: '<p>正文<script>alert(1)</script><img src="x" onerror="alert(2)"></p>',
      columnIds: [site.columns.notices],
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    expect(
      (await editor.post(`/api/portal/articles/${id}/transitions`, { action: 'submit' })).statusCode,
    ).toBe(200);
    expect((await get(`/article/${id}`)).statusCode).toBe(404);
    const approved = await reviewer.post(`/api/portal/articles/${id}/transitions`, { action: 'approve' });
    expect(approved.statusCode).toBe(200);
    await eventually(async () => expect(await home()).toContain('编辑部：新文章'));
    const page = (await get(`/article/${id}`)).body;
    expect(page).toContain('<div class="article-body"><p>正文</p></div>');
    expect(page).not.toContain('alert(');

    // A live article keeps its approved content (areas/newsroom/rules.ts); its placement changes.
    const edited = await reviewer.patch(`/api/portal/articles/${id}`, { title: '编辑部：改过的标题' });
    expect(edited.statusCode).toBe(403);
    const pinned = await reviewer.patch(`/api/portal/articles/${id}`, { pinned: true });
    expect(pinned.statusCode).toBe(200);
    await eventually(async () =>
      expect((await get('/column/notices')).body).toContain(
        '<span class="tag tag-red">置顶</span>编辑部：新文章',
      ),
    );

    const down = await reviewer.post(`/api/portal/articles/${id}/transitions`, {
      action: 'takeDown',
      reason: '内容需更新',
    });
    expect(down.statusCode).toBe(200);
    await eventually(async () => expect((await get(`/article/${id}`)).statusCode).toBe(404));
    expect(await home()).not.toContain('编辑部：');
  });

  it("describes an article's cover in the editor's words, else as the title's picture", async () => {
    await addNewsroom(t.database.db, park).catch(() => undefined); // the accounts may exist already
    const { editor, reviewer } = await loginAll(t.app, ['editor', 'reviewer'] as const);
    const cover = await insertMedia(t.database.db, park.parkId, {
      purpose: 'image',
      mime: 'image/png',
      ext: 'png',
      originalName: '封面.png',
      variants: { large: { key: 'k/large.png', mime: 'image/png', size: 10, width: 1600, height: 900 } },
    });
    const publish = async (title: string, coverAlt?: string) => {
      const res = await editor.post('/api/portal/articles', {
        title,
        bodyHtml: '<p>正文。</p>',
        columnIds: [site.columns.notices],
        coverMediaId: cover,
        ...(coverAlt ? { coverAlt } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().coverAlt).toBe(coverAlt ?? null);
      const id = res.json().id as string;
      await editor.post(`/api/portal/articles/${id}/transitions`, { action: 'submit' });
      expect(
        (await reviewer.post(`/api/portal/articles/${id}/transitions`, { action: 'approve' })).statusCode,
      ).toBe(200);
      return id;
    };
    const described = await publish('封面有说明的文章', '学生志愿者在社区广场为老人表演');
    const plain = await publish('封面没有说明的文章');
    await eventually(async () =>
      expect((await get(`/article/${described}`)).body).toContain(
        `<figure class="article-cover"><img src="/media/${cover}/large" alt="学生志愿者在社区广场为老人表演"`,
      ),
    );
    expect((await get(`/article/${plain}`)).body).toContain(
      `<figure class="article-cover"><img src="/media/${cover}/large" alt="《封面没有说明的文章》配图"`,
    );
  });

  it('invalidates every instance sharing the database; a lost LISTEN connection reconnects', async () => {
    const { db } = t.database;
    // On PostgreSQL: a second app instance with its own pool and its own listening connection.
    // PGlite is embedded and single-instance: there the one instance is checked.
    let second: { app: App; close(): Promise<void> } | null = null;
    if (t.database.kind === 'postgres') {
      const database = await openPostgres(t.database.pool!.options.connectionString!);
      const config = loadConfig({ DATA_DIR: '.test-data/unused', LOG_LEVEL: 'silent' });
      const app = await buildApp(
        { config, database, cipher: createFieldCipher(crypto.randomBytes(32)) },
        { logger: false },
      );
      await app.ready();
      second = { app, close: async () => (await app.close(), await database.close()) };
    }
    try {
      const apps = second ? [t.app, second.app] : [t.app];
      const home = (app: App) => app.inject({ method: 'GET', url: '/' }).then((r) => r.body);
      for (const app of apps) expect(await home(app)).not.toContain('多实例：新通知');
      await insertArticles(db, park.parkId, site.columns, [
        { title: '多实例：新通知', columns: ['notices'] },
      ]);
      await db.transaction((tx) => portalChanged(tx, park.parkId));
      for (const app of apps)
        await eventually(async () => expect(await home(app)).toContain('多实例：新通知'));

      if (second) {
        // Kill the second instance's LISTEN connection: it stops caching, reconnects, and hears again.
        const cache = second.app.portal.cache;
        const pids = await queryRows<{ pid: number }>(
          db,
          sql`select pid from pg_stat_activity
              where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`,
        );
        expect(pids.length).toBe(2);
        for (const p of pids) await queryRows(db, sql`select pg_terminate_backend(${p.pid})`);
        await eventually(async () => {
          const again = await queryRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and query ilike 'listen%' and state = 'idle'`,
          );
          expect(again[0]!.n).toBe(2);
          expect(cache.enabled).toBe(true);
        });
        await insertArticles(db, park.parkId, site.columns, [
          { title: '多实例：重连之后', columns: ['notices'] },
        ]);
        await db.transaction((tx) => portalChanged(tx, park.parkId));
        for (const app of apps)
          await eventually(async () => expect(await home(app)).toContain('多实例：重连之后'));
      }
    } finally {
      await second?.close();
    }
  });

  it('feeds the showcase screen from showcase items, with an ETag that changes with the content', async () => {
    const { db } = t.database;
    const photo = await insertMedia(db, park.parkId, {
      purpose: 'image',
      mime: 'image/jpeg',
      ext: 'jpg',
      originalName: '升旗仪式.jpg',
      variants: {
        large: { key: 'x/large.jpg', mime: 'image/jpeg', size: 1 },
        original: { key: 'x/o.jpg', mime: 'image/jpeg', size: 1 },
      },
    });
    const [article] = await queryRows<{ id: string }>(
      db,
      sql`select id from portal_articles where title = ${site.titles.news![0]!}`,
    );
    await insertShowcaseItem(db, park.parkId, { kind: 'article', articleId: article!.id, sortOrder: 1 });
    await insertShowcaseItem(db, park.parkId, {
      kind: 'photo',
      mediaId: photo,
      title: '升旗仪式',
      caption: MALICIOUS,
      sortOrder: 2,
    });
    await insertShowcaseItem(db, park.parkId, {
      kind: 'photo',
      mediaId: photo,
      title: '已停用',
      active: false,
    });
    await db.transaction((tx) => portalChanged(tx, park.parkId));

    await eventually(async () => {
      const json = await get('/showcase/slides.json');
      expect(json.json().slides).toHaveLength(2);
    });
    const json = await get('/showcase/slides.json');
    expect(json.statusCode).toBe(200);
    const feed = json.json() as {
      version: string;
      slides: { kind: string; title: string; imageUrl: string | null }[];
    };
    expect(feed.slides.map((s) => [s.kind, s.title])).toEqual([
      ['article', site.titles.news![0]],
      ['photo', '升旗仪式'],
    ]);
    expect(feed.slides[1]!.imageUrl).toBe(`/media/${photo}/large`);
    expect(json.headers.etag).toBe(`"${feed.version}"`);
    const again = await get('/showcase/slides.json', { 'if-none-match': json.headers.etag as string });
    expect(again.statusCode).toBe(304);

    const page = await get('/showcase');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`data-version="${feed.version}"`);
    expect(page.body).toContain('<h2 class="sc-title">升旗仪式</h2>');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toMatch(/<script src="\/static\/showcase\.js\?v=[0-9a-f]+" defer><\/script>/);

    await db.transaction(async (tx) => {
      await queryRows(tx, sql`update showcase_items set active = false where kind = 'photo'`);
      await portalChanged(tx, park.parkId);
    });
    await eventually(async () => {
      const changed = await get('/showcase/slides.json', { 'if-none-match': json.headers.etag as string });
      expect(changed.statusCode).toBe(200);
      expect(changed.json().slides).toHaveLength(1);
    });
  });

  it('lists published newsletter issues and prints one', async () => {
    const { db } = t.database;
    const [published] = await queryRows<{ id: string }>(
      db,
      sql`insert into newsletter_issues (park_id, number, issue_date, editor_note, status, published_at)
          values (${park.parkId}, 7, '2025-06-30', '本期聚焦主题党日活动。', 'published', now()) returning id`,
    );
    await queryRows(
      db,
      sql`insert into newsletter_issues (park_id, number, issue_date, status) values (${park.parkId}, 8, '2025-07-31', 'draft')`,
    );
    const ids = await queryRows<{ id: string }>(
      db,
      sql`select id from portal_articles where title in (${site.titles.news![0]!}, ${site.titles.news![1]!})`,
    );
    for (const [i, a] of ids.entries()) {
      await queryRows(
        db,
        sql`insert into newsletter_issue_articles (issue_id, article_id, park_id, sort_order)
            values (${published!.id}, ${a.id}, ${park.parkId}, ${i})`,
      );
    }
    await db.transaction((tx) => portalChanged(tx, park.parkId));
    await eventually(async () => expect((await get('/newsletter')).body).toContain('第<b>7</b>期'));
    const list = (await get('/newsletter')).body;
    expect(list).not.toContain('第<b>8</b>期');
    expect(list).toContain('2025-06-30 · 2 篇');
    const issue = await get(`/newsletter/${published!.id}`);
    expect(issue.statusCode).toBe(200);
    expect(issue.body).toContain('<h1 class="bulletin-name">「校园党建」简讯</h1>');
    expect(issue.body).toContain('本期聚焦主题党日活动。');
    expect(issue.body).toContain(site.titles.news![0]!);
  });

  it('serves its own static files with long-lived caching when versioned', async () => {
    const home = (await get('/')).body;
    const cssUrl = /href="(\/static\/portal\.css\?v=[0-9a-f]+)"/.exec(home)![1]!;
    const css = await get(cssUrl);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const js = await get('/static/portal.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('no-cache');
    expect((await get('/static/../../package.json')).statusCode).toBe(404);
  });
});
