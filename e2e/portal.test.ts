import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../src/server/platform/db/client';
import { buildPark } from '../test/support/fixtures';
import {
  insertMedia,
  insertShowcaseItem,
  seedDemoSite,
  setPortalSettings,
  type DemoSite,
} from '../test/support/portalSeed';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/server/platform/db/rows';
import { collectPageErrors, launchBrowser, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

// The public site in a real browser: home, article and search at desktop (1366) and phone (375)
// widths with screenshots in e2e/screenshots/, the site without JavaScript, and the theme-music
// control. Content is written into the fresh embedded database before the server starts.

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 812 };

/** One second of silence as a WAV file: the test's stand-in for an uploaded theme track. */
function silentWav(): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data.fill(128)]);
}

describe('public portal in a browser', () => {
  let server: TestServer;
  let site: DemoSite;
  const browsers: TestBrowser[] = [];

  async function browser(viewport: { width: number; height: number }, javaScriptEnabled = true) {
    const b = await launchBrowser({ baseUrl: server.baseUrl, viewport });
    if (!javaScriptEnabled) {
      await b.context.close();
      b.context = await b.browser.newContext({
        baseURL: server.baseUrl,
        viewport,
        javaScriptEnabled,
        locale: 'zh-CN',
      });
      b.page = await b.context.newPage();
    }
    // The theme track is served by the newsroom's /media route; here a silent WAV stands in for it.
    await b.context.route('**/media/**', (route) =>
      route.request().url().includes(musicId)
        ? route.fulfill({ status: 200, contentType: 'audio/wav', body: silentWav() })
        : route.fulfill({ status: 404, body: '' }),
    );
    browsers.push(b);
    return b;
  }
  let musicId = '';

  beforeAll(async () => {
    server = await startServer({
      prepare: async (dataDir) => {
        const database = await openPglite(dataDir);
        await database.migrate();
        const park = await buildPark(database.db);
        site = await seedDemoSite(database.db, park.parkId, {
          A: park.nodes.schoolA!.id,
          B: park.nodes.schoolB!.id,
        });
        musicId = await insertMedia(database.db, park.parkId, {
          purpose: 'audio',
          mime: 'audio/wav',
          ext: 'wav',
          originalName: '走进新时代.wav',
        });
        await setPortalSettings(database.db, park.parkId, {
          heroSlogan: '不忘初心 牢记使命',
          heroText: '坚持党建引领，办好人民满意的教育。三校同心，薪火相传。',
          musicMediaId: musicId,
          musicTitle: '走进新时代',
        });
        const pinned = await queryRows<{ id: string }>(
          database.db,
          sql`select id from portal_articles where pinned order by published_at desc limit 2`,
        );
        for (const [i, a] of pinned.entries()) {
          await insertShowcaseItem(database.db, park.parkId, {
            kind: 'article',
            articleId: a.id,
            sortOrder: i,
            durationSeconds: 4,
          });
        }
        await database.close();
      },
    });
  });
  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
  });

  it('home, article and search at desktop and phone widths', async () => {
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { page } = await browser(viewport);
      const errors = collectPageErrors(page);

      const res = await page.goto('/');
      expect(res?.status()).toBe(200);
      await expect(page.locator('h1.hero-slogan').textContent()).resolves.toBe('不忘初心 牢记使命');
      const pinned = site.titles.news!.slice(0, 3);
      await expect(page.locator('.slide-title').allTextContents()).resolves.toEqual(pinned);
      await expect(page.locator('.notice-title').first().textContent()).resolves.toBe(
        site.titles.notices![0],
      );
      // Nothing wider than the screen (no sideways scrolling of the page).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name}: page wider than the viewport`).toBeLessThanOrEqual(0);
      await screenshot(page, `portal-home-${name}`);

      // The carousel's first item leads to its article: breadcrumbs, body, view count.
      await page.locator('.slide a').first().click();
      await page.waitForURL(/\/article\/[0-9a-f-]+$/);
      await expect(page.locator('.article-head h1').textContent()).resolves.toBe(pinned[0]);
      await expect(page.locator('.crumbs').textContent()).resolves.toMatch(/首页.*党建动态.*正文/);
      await expect(page.locator('.views').textContent()).resolves.toMatch(/^\d+$/);
      await expect(page.locator('.prevnext a[rel="prev"]').textContent()).resolves.toBe(pinned[1]);
      const articleOverflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(articleOverflow).toBeLessThanOrEqual(0);
      await screenshot(page, `portal-article-${name}`);

      // Search from the header box.
      await page.goto('/');
      await page.locator('#site-q').fill('先锋');
      await page.locator('.site-search button').click();
      await page.waitForURL(/\/search\?q=/);
      await expect(page.locator('.search-count').textContent()).resolves.toMatch(
        /找到 \d+ 条与“先锋”相关的结果/,
      );
      expect(await page.locator('.search-results mark').count()).toBeGreaterThan(0);
      await screenshot(page, `portal-search-${name}`);

      expect(errors).toEqual([]);
    }
  });

  it('is readable with JavaScript off: the carousel is a list, music has the native player', async () => {
    const { page } = await browser(PHONE, false);
    await page.goto('/');
    expect(await page.locator('.slide').count()).toBe(3);
    await expect(page.locator('.slide').first().isVisible()).resolves.toBe(true);
    // The JS-only music button stays hidden; the <noscript> native player is there instead.
    await expect(page.locator('.music-btn').isVisible()).resolves.toBe(false);
    await expect(page.locator('.music-native audio').count()).resolves.toBe(1);
    await page.goto('/column/news');
    expect(await page.locator('.article-list > li').count()).toBeGreaterThan(5);
    await screenshot(page, 'portal-column-nojs-phone');
  });

  it('theme music: off by default (nothing downloaded), plays on request, remembers the choice', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const { page } = await browser(viewport);
      await page.goto('/');
      const btn = page.locator('.music-btn');
      await expect(btn.isVisible()).resolves.toBe(true);
      await expect(btn.getAttribute('aria-pressed')).resolves.toBe('false');
      // Never autoplays: the track is not even requested.
      await expect(page.locator('#theme-music').getAttribute('src')).resolves.toBeNull();

      await btn.click();
      await page.waitForFunction(() => !(document.getElementById('theme-music') as HTMLAudioElement).paused);
      await expect(btn.getAttribute('aria-pressed')).resolves.toBe('true');
      await expect(page.evaluate(() => localStorage.getItem('portal.music'))).resolves.toBe('on');

      // The next page honours the visitor's choice (it starts, or waits for their first gesture).
      await page.goto('/column/news');
      await expect(page.locator('#theme-music').getAttribute('src')).resolves.toMatch(/^\/media\//);
      await page.locator('h1').click();
      await page.waitForFunction(() => !(document.getElementById('theme-music') as HTMLAudioElement).paused);

      await page.locator('.music-btn').click();
      await expect(page.locator('.music-btn').getAttribute('aria-pressed')).resolves.toBe('false');
      await expect(page.evaluate(() => localStorage.getItem('portal.music'))).resolves.toBe('off');
      await page.goto('/');
      await expect(page.locator('#theme-music').getAttribute('src')).resolves.toBeNull();
    }
  });

  it('the showcase screen advances on its own and picks up new content without a reload', async () => {
    const { page } = await browser(DESKTOP);
    const errors = collectPageErrors(page);
    const pinned = site.titles.news!.slice(0, 2);
    await page.goto('/showcase');
    const active = () => page.locator('.sc-slide.is-active .sc-title').textContent();
    await expect(active()).resolves.toBe(pinned[0]);
    await screenshot(page, 'portal-showcase-desktop');
    await page.waitForFunction(
      (title) => document.querySelector('.sc-slide.is-active .sc-title')?.textContent === title,
      pinned[1],
      { timeout: 8000 },
    );
    // New content: the feed's next answer carries a new version with one more slide.
    await page.route('**/showcase/slides.json', async (route) => {
      const res = await route.fetch();
      const feed = (await res.json()) as { version: string; slides: Record<string, unknown>[] };
      feed.version = 'changed';
      feed.slides.push({
        ...feed.slides[0],
        id: 'new-slide',
        title: '橱窗新内容',
        summary: null,
        durationSeconds: 4,
      });
      await route.fulfill({ response: res, json: feed });
    });
    await page.waitForFunction(() => document.querySelectorAll('.sc-slide').length === 3, null, {
      timeout: 20_000,
    });
    await page.waitForFunction(
      () => document.querySelector('.sc-slide.is-active .sc-title')?.textContent === '橱窗新内容',
      null,
      { timeout: 15_000 },
    );
    expect(page.url()).toMatch(/\/showcase$/);
    expect(errors).toEqual([]);
  });

  it('answers unknown addresses with the real 404 page', async () => {
    const { page } = await browser(PHONE);
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('页面不存在');
    await expect(page.locator('.notfound-columns a').count()).resolves.toBe(12);
  });
});
