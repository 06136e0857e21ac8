import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

/**
 * Every area of the console, opened in a real browser by the role that uses it, on the small demo
 * park: each page must draw its content with no error state, no 403/404 state and no script error.
 * The flows themselves are covered by foundation, portalWorkflow and birthdays; this keeps every
 * other page honest.
 */
const AREAS: Record<string, string[]> = {
  parkadmin: [
    '/admin/org',
    '/admin/members',
    '/admin/accounts',
    '/admin/audit',
    '/admin/portal/columns',
    '/admin/portal/newsletters',
    '/admin/portal/showcase',
    '/admin/portal/settings',
    '/admin/portal/stats',
  ],
  secretary: [
    '/admin/orglife/birthdays',
    '/admin/orglife/meetings',
    '/admin/dues',
    '/admin/activities',
    '/admin/donations',
  ],
  editor: ['/admin/portal/articles', '/admin/portal/articles/new', '/admin/portal/newsletters'],
  reviewer: ['/admin/portal/columns', '/admin/portal/showcase', '/admin/portal/settings'],
  teacher: ['/admin/people/student', '/admin/donations'],
  member: ['/admin/orglife/me', '/admin/activities/mine', '/admin/donations/mine', '/admin/profile'],
};

/** antd prints deprecation notices as console errors; the login page's first /auth/me is a 401. */
const ignorable = (e: string) => /\[antd:|401 \(Unauthorized\)|status of 401/.test(e);

describe('every console area opens for its role', () => {
  let server: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  // At 1366×768 the longest menus (park admin, school admin, secretary) are taller than the window;
  // their last item, 修改密码, sat under the sider's collapse bar and took no click.
  it('reaches the last menu item at 1366×768 for the roles with the longest menus', async () => {
    for (const username of ['parkadmin', 'schooladmin', 'secretary']) {
      const context = await b.browser.newContext({
        baseURL: server.baseUrl,
        locale: 'zh-CN',
        viewport: { width: 1366, height: 768 },
      });
      const page = await context.newPage();
      try {
        await loginAs(page, server.baseUrl, username);
        const sider = page.getByTestId('app-sider');
        await sider.waitFor();
        const last = sider.locator('.ant-menu-item').last();
        expect((await last.innerText()).trim(), username).toBe('修改密码');
        // Playwright scrolls it into view and refuses to click what something else covers.
        await last.click({ timeout: 5_000 });
        await page.waitForURL((url) => url.pathname === '/admin/password');
      } finally {
        await context.close();
      }
    }
  });

  for (const [username, paths] of Object.entries(AREAS)) {
    it(`${username}: ${paths.join(', ')}`, async () => {
      const context = await b.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN' });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      try {
        await loginAs(page, server.baseUrl, username);
        for (const path of paths) {
          await page.goto(path);
          await page.waitForLoadState('networkidle');
          // The page's own heading is drawn, and no error, forbidden or not-found state instead.
          await page.locator('.ant-layout-content .page-head').first().waitFor();
          for (const state of ['error-state', 'forbidden', 'not-found']) {
            expect(await page.getByTestId(state).count(), `${path} shows ${state}`).toBe(0);
          }
          await screenshot(page, `areas-${username}-${path.replace(/^\/admin\//, '').replace(/\//g, '-')}`);
        }
        expect(errors.filter((e) => !ignorable(e))).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
