import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../scripts/lib/seedDemo';
import { ROOT } from './server';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(ROOT, 'e2e/screenshots');

export interface TestBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Debian's chromium through playwright-core, headless. Each launch gets a fresh temporary profile
 * (playwright creates and removes its user-data dir), and each context is isolated: no cookies
 * survive between tests unless they share the context.
 */
export async function launchBrowser(
  opts: { baseUrl?: string; viewport?: { width: number; height: number } } = {},
): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    baseURL: opts.baseUrl,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: opts.viewport ?? { width: 1280, height: 800 },
  });
  // Tests wait on state (an element, a URL, a response), never on a fixed time; this cap only
  // turns a hang into a failure, and is generous so that a busy two-core machine still passes.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(90_000);
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await browser.close();
    },
  };
}

/** Saves a full-page PNG to e2e/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects the page's console errors and uncaught exceptions, to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/**
 * Logs out through the user menu and waits for the login page. On a loaded machine a click can
 * land while antd's dropdown is still opening or closing and do nothing (no request is sent); so
 * the state waited on is the logout request's answer, and the menu is opened and clicked again
 * while none was sent. (One sent but slow to answer may be sent twice: the second answers 401 and
 * the console goes to the login page all the same.)
 */
export async function logOutThroughMenu(page: Page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const answered = page
      .waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/logout', { timeout: 15_000 })
      .then(
        () => true,
        () => false,
      );
    if (!(await page.getByTestId('menu-logout').isVisible())) await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-logout').click();
    if (await answered) break;
    if (attempt === 4)
      throw new Error('logout: the menu item was clicked four times and no request was sent');
  }
  await page.getByTestId('login-form').waitFor();
}

/**
 * Signs in on the console's login page and waits for the signed-in layout (the user menu), on
 * whatever page the console opens first. The password defaults to the demo park's.
 */
export async function loginAs(
  page: Page,
  baseUrl: string,
  username: string,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 20_000 });
  await page.getByTestId('user-menu').waitFor();
}
