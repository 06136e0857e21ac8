import axe from 'axe-core';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../scripts/lib/seedDemo';
import { launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

/**
 * Accessibility and older readers (GB/T 37668, 适老化) on the public portal and on the console pages
 * every Party member and student uses: axe-core finds no serious or critical violation at desktop
 * (1366×768) and phone (375) widths; the portal's reading mode (大字 · 高对比) persists across pages
 * and visits; every image of an article has a text alternative, and the editor asks for one; the
 * portal is usable from the keyboard (skip link first, column nav, article body, search).
 *
 * The demo park may or may not carry portal content, so the article and the newsletter issue the
 * pages are checked on are made here through the API, as the editor and the reviewer.
 */

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 375, height: 812 };
const VIEWPORTS = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

const TITLE = '无障碍阅读检查：主题党日走进社区';
const BODY_ALT = '老党员为学生讲述入党故事';
const COVER_ALT = '党员志愿者在社区广场为居民讲解政策';
const WORD = '社区';
const BARE_TITLE = '无说明图片的旧文章';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's findings on the page as it is now, all rules on (best practices included). */
async function runAxe(page: Page, rules?: string[]): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (only) => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run(document, {
      resultTypes: ['violations'],
      ...(only ? { runOnly: { type: 'rule' as const, values: only } } : {}),
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })),
    }));
  }, rules ?? null);
}

function describeViolations(where: string, list: Violation[]): string {
  return list
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} — ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 8)
          .map(
            (n) =>
              `    ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`,
          )
          .join('\n'),
    )
    .join('\n');
}

/**
 * Runs axe and records any serious or critical violation in `found` (the test fails on the whole
 * list at its end, so one run shows every page's problems); prints the lesser ones for the record.
 */
async function checkAccessible(
  page: Page,
  where: string,
  found: string[],
  opts: { aaa?: boolean } = {},
): Promise<void> {
  const all = await runAxe(page);
  const severe = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = all.filter((v) => !severe.includes(v));
  if (minor.length) console.log(describeViolations(`${where} (minor)`, minor));
  if (severe.length) found.push(describeViolations(where, severe));
  // The reading mode promises WCAG AAA contrast (7:1 for text): axe's rule for it is off by default.
  if (opts.aaa) {
    const enhanced = await runAxe(page, ['color-contrast-enhanced']);
    if (enhanced.length) found.push(describeViolations(`${where} (AAA contrast)`, enhanced));
  }
}

/** Fails with every recorded violation: rule ids, targets and help URLs. */
function expectNone(found: string[]): void {
  expect(found.length, `serious or critical accessibility violations:\n${found.join('\n')}`).toBe(0);
}

/** Waits until a console page has drawn its content: no request in flight, no spinner, no skeleton. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.ant-layout-content').waitFor();
  await expect.poll(() => page.locator('.ant-spin-spinning, .ant-skeleton-active').count()).toBe(0);
}

/** The CSRF token of the context's session (the console sends it on every write). */
async function csrf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'csrf')?.value ?? '';
}

/** A request context signed in as `username` through the API. */
async function apiAs(b: TestBrowser, baseUrl: string, username: string) {
  const context = await b.browser.newContext({ baseURL: baseUrl });
  const res = await context.request.post('/api/auth/login', {
    data: { username, password: DEMO_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  const token = await csrf(context);
  const call = async (method: 'get' | 'post' | 'patch', url: string, data?: unknown) => {
    const r = await context.request[method](url, { data, headers: { 'x-csrf-token': token } });
    expect(r.status(), `${method} ${url}: ${await r.text()}`).toBeLessThan(300);
    return r.json() as Promise<Record<string, unknown>>;
  };
  const upload = async (name: string, buffer: Buffer) => {
    const r = await context.request.post('/api/portal/media?purpose=image', {
      headers: { 'x-csrf-token': token },
      multipart: { file: { name, mimeType: 'image/png', buffer } },
    });
    expect(r.status(), await r.text()).toBe(201);
    return r.json() as Promise<{ id: string; url: string; urls: Record<string, string> }>;
  };
  return { context, call, upload };
}

const png = (colour: string) =>
  sharp({ create: { width: 640, height: 400, channels: 3, background: colour } })
    .png()
    .toBuffer();

describe('accessibility and older readers', () => {
  let server: TestServer;
  let b: TestBrowser;
  let articleId = '';
  let bareId = '';
  let columnSlug = '';
  let issueId = '';

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: DESKTOP });

    // An article with a cover and an image in its body, each with its text alternative.
    const editor = await apiAs(b, server.baseUrl, 'editor');
    const columns = (await editor.call('get', '/api/portal/columns')) as unknown as {
      items: { id: string; slug: string; kind: string; name: string }[];
    };
    const column =
      columns.items.find((c) => c.kind === 'articleList' && c.name === '党建动态') ??
      columns.items.find((c) => c.kind === 'articleList')!;
    columnSlug = column.slug;
    const cover = await editor.upload('cover.png', await png('#b71c1c'));
    const inBody = await editor.upload('body.png', await png('#1565c0'));
    const created = await editor.call('post', '/api/portal/articles', {
      title: TITLE,
      summary: `党员志愿者走进${WORD}，开展政策宣讲和便民服务。`,
      bodyHtml: `<h2>活动现场</h2><p>党员志愿者走进${WORD}，为居民宣讲政策。</p><p><img src="${inBody.urls.large ?? inBody.url}" alt="${BODY_ALT}"></p><p>活动持续了一个上午。</p>`,
      coverMediaId: cover.id,
      coverAlt: COVER_ALT,
      columnIds: [column.id],
    });
    articleId = created.id as string;
    // One written without a description of its image (through the API, as an older article was).
    const bare = await editor.call('post', '/api/portal/articles', {
      title: BARE_TITLE,
      bodyHtml: `<p>老照片一张。</p><p><img src="${inBody.urls.large ?? inBody.url}"></p>`,
      columnIds: [column.id],
    });
    bareId = bare.id as string;
    const reviewer = await apiAs(b, server.baseUrl, 'reviewer');
    for (const id of [articleId, bareId]) {
      await editor.call('post', `/api/portal/articles/${id}/transitions`, { action: 'submit' });
      await reviewer.call('post', `/api/portal/articles/${id}/transitions`, { action: 'approve' });
    }

    // A newsletter issue with that article, published to the site.
    const issue = await editor.call('post', '/api/portal/newsletters', {
      issueDate: '2026-12-01',
      editorNote: '本期聚焦党员志愿服务。',
      articleIds: [articleId],
    });
    issueId = issue.id as string;
    const admin = await apiAs(b, server.baseUrl, 'parkadmin');
    await admin.call('post', `/api/portal/newsletters/${issueId}/publish`);
    for (const c of [editor, reviewer, admin]) await c.context.close();
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  const portalPages = (): [string, string][] => [
    ['home', '/'],
    ['column', `/column/${encodeURIComponent(columnSlug)}`],
    ['article', `/article/${articleId}`],
    ['search', `/search?q=${encodeURIComponent(WORD)}`],
    ['newsletters', '/newsletter'],
    ['newsletter', `/newsletter/${issueId}`],
    ['sitemap', '/sitemap'],
    ['thanks', '/thanks'],
    ['vanguard', '/vanguard'],
    ['publicity', '/vanguard/publicity'],
  ];

  it('the portal has no serious or critical axe violation, at desktop and phone widths', async () => {
    const found: string[] = [];
    for (const [name, viewport] of VIEWPORTS) {
      const context = await b.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', viewport });
      const page = await context.newPage();
      try {
        for (const [label, path] of portalPages()) {
          const res = await page.goto(path);
          expect(res?.status(), path).toBe(200);
          await page.waitForLoadState('load');
          await checkAccessible(page, `${label} ${path} @${name}`, found);
        }
        // The reading mode keeps it so (its colours are the high-contrast ones).
        await page.goto('/');
        await page.getByRole('button', { name: '大字高对比' }).click();
        for (const [label, path] of portalPages()) {
          await page.goto(path);
          await checkAccessible(page, `${label} ${path} @${name} (reading mode)`, found, { aaa: true });
          // Larger type still fits the screen: no sideways scrolling of the page.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (overflow > 0)
            found.push(`${label} ${path} @${name} (reading mode): ${overflow}px wider than the window`);
          if (label === 'home' || label === 'article')
            await screenshot(page, `a11y-reading-${label}-${name}`);
        }
      } finally {
        await context.close();
      }
    }
    expectNone(found);
  });

  it('the member-facing console pages have no serious or critical axe violation', async () => {
    const found: string[] = [];
    for (const [name, viewport] of VIEWPORTS) {
      const context = await b.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', viewport });
      const page = await context.newPage();
      try {
        await page.goto('/admin/login');
        await page.getByTestId('login-form').waitFor();
        await checkAccessible(page, `login @${name}`, found);
        for (const username of ['member', 'student']) {
          await loginAs(page, server.baseUrl, username);
          await settled(page);
          await checkAccessible(
            page,
            `${username} first page ${new URL(page.url()).pathname} @${name}`,
            found,
          );
          for (const path of [
            '/admin/orglife/me',
            '/admin/assessment/mine',
            '/admin/assessment/dedication/mine',
            '/admin/activities/mine',
            '/admin/donations/mine',
            '/admin/profile',
            '/admin/password',
          ]) {
            await page.goto(path);
            await page.waitForLoadState('networkidle');
            await settled(page);
            await checkAccessible(page, `${username} ${path} @${name}`, found);
            await screenshot(page, `a11y-${username}${path.replace(/\//g, '-')}-${name}`);
          }
          await context.clearCookies();
        }
      } finally {
        await context.close();
      }
    }
    expectNone(found);
  });

  it('reading mode: a labelled toggle, larger type, kept across pages and visits, and off again', async () => {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      viewport: DESKTOP,
    });
    const page = await context.newPage();
    try {
      await page.goto(`/article/${articleId}`);
      const fontSize = () =>
        page.evaluate(() =>
          parseFloat(getComputedStyle(document.querySelector('.article-body p')!).fontSize),
        );
      // Line spacing relative to the type size (wider in reading mode).
      const spacing = () =>
        page.evaluate(() => {
          const st = getComputedStyle(document.querySelector('.article-body p')!);
          return parseFloat(st.lineHeight) / parseFloat(st.fontSize);
        });
      const before = await fontSize();
      const spacingBefore = await spacing();
      const toggle = page.getByRole('button', { name: '大字高对比' });
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
      // Keyboard operable: focus it and press Enter.
      await toggle.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
      expect(await fontSize()).toBeGreaterThanOrEqual(before * 1.25);
      expect(await spacing()).toBeGreaterThan(spacingBefore);
      await screenshot(page, 'a11y-reading-mode-article');

      // Another page: on from the first paint (the class is set before the body is parsed).
      await page.goto('/');
      await expect(page.evaluate(() => document.documentElement.classList.contains('reading'))).resolves.toBe(
        true,
      );
      await expect(
        page.getByRole('button', { name: '大字高对比' }).getAttribute('aria-pressed'),
      ).resolves.toBe('true');
      // It is reading.js in <head>, not the deferred portal.js, that applies it: with portal.js
      // blocked the page still opens in reading mode.
      await page.route('**/static/portal.js*', (route) => route.abort());
      await page.goto('/column/' + encodeURIComponent(columnSlug));
      await expect(page.evaluate(() => document.documentElement.classList.contains('reading'))).resolves.toBe(
        true,
      );
      await page.unroute('**/static/portal.js*');
      // The page itself is the same for every visitor (the page cache keeps one copy).
      const fresh = await b.browser.newContext({ baseURL: server.baseUrl });
      const path = '/column/' + encodeURIComponent(columnSlug);
      const [mine, theirs] = await Promise.all([
        page.request.get(path).then((r) => r.text()),
        fresh.request.get(path).then((r) => r.text()),
      ]);
      await fresh.close();
      expect(mine).toBe(theirs);
      expect(mine).toContain('aria-pressed="false"');
      // A later visit (a reload) keeps it.
      await page.goto(`/article/${articleId}`);
      await page.reload();
      expect(await fontSize()).toBeGreaterThanOrEqual(before * 1.25);
      await screenshot(page, 'a11y-reading-mode-article-reloaded');

      // Off again, and it stays off.
      await page.getByRole('button', { name: '大字高对比' }).click();
      await expect
        .poll(() => page.getByRole('button', { name: '大字高对比' }).getAttribute('aria-pressed'))
        .toBe('false');
      expect(await fontSize()).toBe(before);
      await page.reload();
      expect(await fontSize()).toBe(before);
      await expect(page.evaluate(() => document.documentElement.classList.contains('reading'))).resolves.toBe(
        false,
      );
    } finally {
      await context.close();
    }
  });

  it('every image of an article has a text alternative', async () => {
    const page = b.page;
    await page.goto(`/article/${articleId}`);
    const imgs = await page
      .locator('main img')
      .evaluateAll((list) => list.map((i) => ({ src: i.getAttribute('src'), alt: i.getAttribute('alt') })));
    // The cover and the body's image, each with the text the editor gave it.
    expect(imgs.map((i) => i.alt).sort()).toEqual([BODY_ALT, COVER_ALT].sort());
    // An image saved without one is described as a picture of its article, never left unnamed.
    await page.goto(`/article/${bareId}`);
    await expect(page.locator('.article-body img').getAttribute('alt')).resolves.toBe(
      `《${BARE_TITLE}》配图`,
    );
    // Every image anywhere on the home page and the column page has one too.
    for (const path of ['/', `/column/${encodeURIComponent(columnSlug)}`]) {
      await page.goto(path);
      const missing = await page
        .locator('img')
        .evaluateAll((list) =>
          list
            .filter((i) => !i.closest('[aria-hidden="true"]') && !(i.getAttribute('alt') ?? '').trim())
            .map((i) => i.outerHTML),
        );
      expect(missing, path).toEqual([]);
    }
  });

  it('the article editor asks for the text alternative of an inserted image', async () => {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      viewport: DESKTOP,
    });
    const page = await context.newPage();
    try {
      await loginAs(page, server.baseUrl, 'editor');
      await page.goto(`/admin/portal/articles/new`);
      await page.getByTestId('portal-article-edit').waitFor();
      await page.getByTestId('article-title').fill('图片说明检查');
      const editor = page.getByTestId('rich-text-editor');
      await editor.locator('.tiptap').click();
      const chooser = page.waitForEvent('filechooser');
      await editor.getByRole('button', { name: '插入图片' }).click();
      await (
        await chooser
      ).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: await png('#2e7d32') });

      // The image waits for its description: confirming an empty one is refused.
      const dialog = page.getByRole('dialog', { name: '图片说明' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await dialog.getByText('请填写图片说明').waitFor();
      expect(await editor.locator('.tiptap img').count()).toBe(0);
      await dialog.getByLabel('图片说明').fill('支部党员在会议室学习');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await expect.poll(() => editor.locator('.tiptap img').getAttribute('alt')).toBe('支部党员在会议室学习');

      // Editable later: select the image and change its description.
      await editor.locator('.tiptap img').click();
      await editor.getByRole('button', { name: '图片说明' }).click();
      await dialog.getByLabel('图片说明').fill('支部党员集中学习');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await expect.poll(() => editor.locator('.tiptap img').getAttribute('alt')).toBe('支部党员集中学习');

      // An image that arrives without one (pasted from elsewhere): the article is not saved until it
      // is described. TipTap keeps its editor on the editable element; the image goes in at the end.
      const src = await editor.locator('.tiptap img').getAttribute('src');
      await page.evaluate((url) => {
        type Tiptap = {
          commands: { insertContentAt(pos: number, html: string): boolean };
          state: { doc: { content: { size: number } } };
        };
        const tiptap = (
          document.querySelector('[data-testid="rich-text-editor"] .tiptap') as unknown as { editor: Tiptap }
        ).editor;
        tiptap.commands.insertContentAt(tiptap.state.doc.content.size, `<p>粘贴的图片</p><img src="${url}">`);
      }, src);
      await expect.poll(() => editor.locator('.tiptap img').count()).toBe(2);
      await page.getByTestId('article-save').click();
      await page.getByText('正文中有 1 张图片没有图片说明', { exact: false }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/portal/articles/new');

      // A cover is described too: once one is uploaded, its description is asked for.
      expect(await page.getByTestId('article-cover-alt').count()).toBe(0);
      const coverChooser = page.waitForEvent('filechooser');
      await page.getByTestId('article-cover-upload').click();
      await (
        await coverChooser
      ).setFiles({ name: 'cover.png', mimeType: 'image/png', buffer: await png('#b71c1c') });
      await page.getByTestId('article-cover-alt').waitFor();
      await page.getByTestId('article-save').click();
      await page.getByText('请填写封面图片说明').waitFor();
    } finally {
      await context.close();
    }
  });

  it('the portal works from the keyboard: skip link, column nav, article body, search', async () => {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      viewport: DESKTOP,
    });
    const page = await context.newPage();
    try {
      await page.goto('/');
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el
            ? {
                tag: el.tagName,
                text: (el.textContent ?? '').trim(),
                cls: el.className,
                id: el.id,
                href: el.getAttribute('href'),
              }
            : null;
        });
      // The first Tab reaches the skip link, and it is visible when focused.
      await page.keyboard.press('Tab');
      await expect(focused()).resolves.toMatchObject({ tag: 'A', text: '跳到主要内容', href: '#main' });
      const skipBox = await page.locator('a.skip').boundingBox();
      expect(skipBox && skipBox.width > 0 && skipBox.y >= 0).toBe(true);
      // A visible focus outline.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect(outline).not.toBe('none');
      // Enter lands in the main content: the next Tab goes to the first link inside <main>.
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => !!document.activeElement?.closest('main'))).resolves.toBe(true);

      // From the top again: Tab through the header into the column nav, open a column with Enter.
      await page.goto('/');
      let reached = false;
      for (let i = 0; i < 30 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(
          (slug) =>
            document.activeElement?.closest('.mainnav') !== null &&
            document.activeElement?.getAttribute('href') === `/column/${slug}`,
          encodeURIComponent(columnSlug),
        );
      }
      expect(reached, 'the column link is reachable by Tab').toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === `/column/${encodeURIComponent(columnSlug)}`);

      // An article page: Tab reaches the body's links area and the search box, and typing searches.
      await page.goto(`/article/${articleId}`);
      const order: string[] = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const where = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          if (el.id === 'site-q') return 'search';
          if (el.closest('.mainnav')) return 'nav';
          if (el.closest('.article')) return 'article';
          if (el.closest('main')) return 'main';
          if (el.closest('footer')) return 'footer';
          return 'other';
        });
        if (order[order.length - 1] !== where) order.push(where);
        if (where === 'footer') break;
      }
      // Visual order: the search box in the header, then the columns, then the article, then the footer.
      const at = (w: string) => order.indexOf(w);
      expect(at('search'), order.join(' → ')).toBeGreaterThanOrEqual(0);
      expect(at('search')).toBeLessThan(at('nav'));
      expect(at('nav')).toBeLessThan(at('article'));
      expect(at('article')).toBeLessThan(at('footer'));
      // On an article page too the skip link comes first and lands in the content.
      await page.goto(`/article/${articleId}`);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
      // Search from the keyboard.
      await page.locator('#site-q').focus();
      await page.keyboard.type(WORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await page.locator('.search-results').waitFor();
      // Escape in the search box clears what was typed (no trap: Tab moves on to the next control).
      await page.locator('#site-q').focus();
      await page.keyboard.type('临时');
      await page.keyboard.press('Escape');
      await expect(page.locator('#site-q').inputValue()).resolves.toBe('');
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('搜索');
    } finally {
      await context.close();
    }
  });
});
