import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

// Sessions in the console: an administrator sees their own session (marked current) in the
// accounts page's 会话 drawer; a minute before the idle deadline — here half of a short test
// timeout — the console warns "即将因长时间未操作退出登录"; 继续使用 keeps the session; left alone it
// ends, the login page says why, and signing in again returns to the page the user was on.
// Nothing sleeps: each step waits for the state it needs.

/**
 * A one-minute idle timeout: the warning shows 30 s before the deadline (half of a timeout this
 * short, see src/admin/app/idle.ts). Long enough that a busy machine still gets from the login to
 * the first page within it.
 */
const IDLE_MINUTES = '1';
const LEAD_SECONDS = 30;
/** Waiting for the warning or the logout takes up to the lead, plus a busy machine's slack. */
const IDLE_WAIT = { timeout: 150_000 };
const RETURN_TO = '/admin/accounts?q=e2eadmin';

const poll = <T>(fn: () => T | Promise<T>, timeout = 60_000) => expect.poll(fn, { timeout, interval: 200 });

describe('sessions in the console', () => {
  let server: TestServer;
  let b: TestBrowser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer({ env: { SESSION_IDLE_MINUTES: IDLE_MINUTES } });
    b = await launchBrowser({ baseUrl: server.baseUrl });
    page = b.page;
    errors = collectPageErrors(page);
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  async function logIn() {
    await page.getByTestId('login-username').fill(server.admin.username);
    await page.getByTestId('login-password').fill(server.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor({ timeout: 120_000 });
  }

  it('logs in and lists its own session as current in the accounts page', async () => {
    await page.goto(RETURN_TO);
    await page.getByTestId('login-form').waitFor();
    await logIn();
    await poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(RETURN_TO);
    await page.getByTestId('accounts-table').getByText('e2eadmin', { exact: true }).waitFor();
    await page.getByTestId('account-more').first().click();
    await page.getByTestId('account-sessions-action').click();
    const drawer = page.getByTestId('account-sessions');
    await drawer.getByTestId('session-current').waitFor();
    await poll(() => drawer.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(page, 'sessions-01-drawer');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'detached' });
  });

  it('warns before the idle deadline, and 继续使用 keeps the session', async () => {
    const warning = page.getByTestId('idle-warning');
    await warning.waitFor({ state: 'visible', ...IDLE_WAIT });
    await poll(() => warning.innerText()).toContain('即将因长时间未操作退出登录');
    // The countdown is to the server's deadline: at most the lead.
    const seconds = Number(/(\d+) 秒/.exec(await warning.innerText())?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(LEAD_SECONDS);
    await screenshot(page, 'sessions-02-warning');
    const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/me');
    await page.getByTestId('idle-continue').click();
    expect((await refreshed).status()).toBe(200);
    await warning.waitFor({ state: 'hidden' });
    // Still signed in, still on the same page.
    expect(new URL(page.url()).pathname).toBe('/admin/accounts');
    const check = await page.request.get('/api/auth/session');
    expect(check.status()).toBe(200);
  });

  it('left alone, ends the session, says why, and returns to the page after logging in again', async () => {
    // The warning comes again; this time nobody answers it.
    await page.getByTestId('idle-warning').waitFor({ state: 'visible', ...IDLE_WAIT });
    await page.getByTestId('login-form').waitFor(IDLE_WAIT);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/admin/login');
    expect(url.searchParams.get('reason')).toBe('idle');
    expect(url.searchParams.get('next')).toBe('/accounts?q=e2eadmin');
    await poll(() => page.getByTestId('login-notice').innerText()).toContain('长时间未操作');
    await screenshot(page, 'sessions-03-logged-out');
    // The server agrees: the session is gone.
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    await logIn();
    await poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(RETURN_TO);
    await page.getByTestId('accounts-page').waitFor();
    expect(errors.filter((e) => !/401|Unauthorized/i.test(e))).toEqual([]);
  });
});
