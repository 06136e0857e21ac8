import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  launchBrowser,
  screenshot,
  type TestBrowser,
  logOutThroughMenu,
  loginAs,
} from './support/browser';
import { startServer, type TestServer } from './support/server';

// Issue 3 §12: the newsroom's workflow end to end in a real browser. On the demo park, the editor
// writes an article in the console (rich text with a heading and a paragraph, column 党建动态),
// saves it and submits it for review; the reviewer finds it in the review queue and approves it
// (second-level sign-off is off by default, so approval publishes it). The public site then shows
// it in the 党建动态 block of the home page, on its own page and in search with the hit
// highlighted; the home page is photographed at desktop and phone widths (e2e/screenshots/).

const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 812 };

const WORD = '红旗';
const TITLE = '红旗飘扬在校园';
const HEADING = '升旗仪式庄严举行';
const PARAGRAPH =
  '周一清晨，全体师生在操场举行升旗仪式，鲜艳的红旗在国歌声中冉冉升起，党员教师带头重温入党誓词。';
const COLUMN = '党建动态';

/** Signs out through the user menu and waits for the login page. */
async function logout(page: Page) {
  await logOutThroughMenu(page);
}

/** The status tag in the article editor's title row. */
const statusTag = (page: Page, label: string) =>
  page.getByTestId('portal-article-edit').locator('.page-head .ant-tag', { hasText: label });

/**
 * What the console printed that is a real problem: uncaught exceptions and console errors, except
 * antd's deprecation notices (API renames inside antd 6, e.g. Divider `type`, List → Listy; they
 * break nothing) and the browser's own line for the 401 of the session check on the login page.
 */
const consoleProblems = (errors: string[]) =>
  errors.filter(
    (e) =>
      !/^console: Warning: \[antd: \w+\] .*deprecated/.test(e) &&
      !/^console: Failed to load resource: .* 401 \(Unauthorized\)$/.test(e),
  );

/** How far the page is wider than the window (0 or less: no sideways scrolling). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('portal workflow in a browser: editor writes, reviewer approves, the site shows it', () => {
  let server: TestServer;
  let consoleBrowser: TestBrowser;
  const siteBrowsers: TestBrowser[] = [];
  let consoleErrors: string[] = [];
  const failedResponses: string[] = [];
  let articleId = '';

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    consoleBrowser = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1440, height: 900 } });
    consoleErrors = collectPageErrors(consoleBrowser.page);
    consoleBrowser.page.on('response', (r) => {
      if (r.status() >= 400) failedResponses.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
  });
  afterAll(async () => {
    await consoleBrowser?.close().catch(() => undefined);
    for (const b of siteBrowsers) await b.close().catch(() => undefined);
    await server?.stop();
  });

  async function site(viewport: { width: number; height: number }) {
    const b = await launchBrowser({ baseUrl: server.baseUrl, viewport });
    siteBrowsers.push(b);
    return { page: b.page, errors: collectPageErrors(b.page) };
  }

  it('the editor writes an article with a heading and a paragraph and submits it for review', async () => {
    const { page } = consoleBrowser;
    await loginAs(page, server.baseUrl, 'editor');
    await page.goto('/admin/portal/articles');
    await page.getByTestId('portal-articles').waitFor();
    await page.getByRole('button', { name: '写文章' }).click();
    await page.waitForURL(/\/admin\/portal\/articles\/new$/);
    await page.getByTestId('portal-article-edit').waitFor();

    await page.getByTestId('article-title').fill(TITLE);

    // The body in the TipTap editor: a heading (toolbar «标题 1»), Enter, then a paragraph.
    const editor = page.getByTestId('rich-text-editor');
    const body = editor.locator('.tiptap');
    await body.click();
    await editor.getByRole('button', { name: '标题 1' }).click();
    await page.keyboard.type(HEADING);
    await page.keyboard.press('Enter');
    await page.keyboard.type(PARAGRAPH);
    await expect.poll(() => body.locator('h2').textContent()).toBe(HEADING);
    // (TipTap keeps an empty paragraph after the last block: look for ours by its text.)
    await expect.poll(() => body.locator('p', { hasText: PARAGRAPH }).count()).toBe(1);

    // Column: 党建动态 from the multiple select.
    await page.getByTestId('article-columns').click();
    await page.locator('.ant-select-item-option', { hasText: COLUMN }).first().click();
    await page.keyboard.press('Escape');
    await page
      .getByTestId('article-columns')
      .locator('.ant-select-selection-item', { hasText: COLUMN })
      .waitFor();

    await page.getByTestId('article-save').click();
    await page.waitForURL(/\/admin\/portal\/articles\/[0-9a-f-]{36}$/);
    articleId = page.url().split('/').pop()!;
    await statusTag(page, '草稿').waitFor();
    // The saved form is reloaded from the server: the body came back as written.
    await expect.poll(() => body.locator('h2').textContent()).toBe(HEADING);

    await page.getByTestId('action-submit').click();
    await statusTag(page, '待审核').waitFor();
    // An editor cannot approve their own (or any) article.
    await expect.poll(() => page.getByTestId('action-approve').count()).toBe(0);

    await logout(page);
  });

  it('the reviewer finds it in the review queue and approves it: it is published', async () => {
    expect(articleId).not.toBe('');
    const { page } = consoleBrowser;
    await loginAs(page, server.baseUrl, 'reviewer');
    await page.goto('/admin/portal/articles');
    await page.getByTestId('portal-articles').waitFor();
    // The reviewer lands on the 待审核 queue.
    await page.locator('.ant-tabs-tab-active', { hasText: '待审核' }).waitFor();
    const link = page.getByTestId('article-link').filter({ hasText: TITLE });
    await link.waitFor();
    await link.click();
    await page.waitForURL(new RegExp(`/admin/portal/articles/${articleId}$`));
    await statusTag(page, '待审核').waitFor();

    await page.getByTestId('action-approve').click();
    // Second-level sign-off is off by default (portal settings): approval publishes at once.
    await statusTag(page, '已发布').waitFor();
    await page.getByRole('link', { name: '查看网页' }).waitFor();
    // Live, its content is read-only and its pin is not (areas/newsroom/rules.ts): on, then off again.
    const pin = page.getByTestId('article-live-pin');
    for (const state of ['true', 'false']) {
      await pin.click();
      await expect.poll(() => pin.getAttribute('aria-checked')).toBe(state);
    }

    await logout(page);
    expect(consoleProblems(consoleErrors)).toEqual([]);
    // The only failed request: the login page's session check before anyone is signed in.
    expect(new Set(failedResponses)).toEqual(new Set(['401 /api/auth/me']));
  });

  it('shows on the home page in the 党建动态 block (desktop and phone screenshots)', async () => {
    expect(articleId).not.toBe('');
    for (const [name, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      const { page, errors } = await site(viewport);
      const block = page.locator('section.block').filter({
        has: page.locator('.block-head h2', { hasText: COLUMN }),
      });
      const entry = block.locator('.link-list a', { hasText: TITLE });
      // A publish reaches the public pages' cache within a second; reload until it does.
      await expect
        .poll(
          async () => {
            const res = await page.goto('/');
            expect(res?.status()).toBe(200);
            return entry.count();
          },
          { timeout: 10_000, interval: 500 },
        )
        .toBe(1);
      await expect(entry.getAttribute('href')).resolves.toBe(`/article/${articleId}`);
      await expect(entry.isVisible()).resolves.toBe(true);
      expect(await overflow(page), `${name}: home page wider than the window`).toBeLessThanOrEqual(0);
      await page.evaluate(() => document.fonts.ready);
      await screenshot(page, `portal-workflow-home-${name}`);
      expect(errors).toEqual([]);
    }
  });

  it('opens the article page with the heading and paragraph as written', async () => {
    const { page, errors } = await site(DESKTOP);
    await page.goto('/');
    await page.locator('section.block .link-list a', { hasText: TITLE }).click();
    await page.waitForURL(new RegExp(`/article/${articleId}$`));
    await expect(page.locator('.article-head h1').textContent()).resolves.toBe(TITLE);
    await expect(page.locator('.crumbs').textContent()).resolves.toMatch(new RegExp(`首页.*${COLUMN}`));
    await expect(page.locator('.article-body h2').textContent()).resolves.toBe(HEADING);
    await expect(page.locator('.article-body p').first().textContent()).resolves.toBe(PARAGRAPH);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'portal-workflow-article-desktop');
    expect(errors).toEqual([]);
  });

  it(`finds it in search for «${WORD}» with the hit highlighted`, async () => {
    const { page, errors } = await site(PHONE);
    const res = await page.goto(`/search?q=${encodeURIComponent(WORD)}`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('.search-count').textContent()).resolves.toMatch(
      new RegExp(`找到 \\d+ 条与“${WORD}”相关的结果`),
    );
    const hit = page.locator('.search-results > li').filter({
      has: page.locator(`h2 a[href="/article/${articleId}"]`),
    });
    await expect(hit.count()).resolves.toBe(1);
    // The title and the snippet mark the word found.
    await expect(hit.locator('h2 mark').allTextContents()).resolves.toContain(WORD);
    await expect(hit.locator('.snippet mark').allTextContents()).resolves.toContain(WORD);
    await expect(hit.locator('.snippet').textContent()).resolves.toContain('冉冉升起');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'portal-workflow-search-phone');

    await hit.locator('h2 a').click();
    await page.waitForURL(new RegExp(`/article/${articleId}$`));
    await expect(page.locator('.article-head h1').textContent()).resolves.toBe(TITLE);
    expect(errors).toEqual([]);
  });
});
