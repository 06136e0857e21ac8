import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server';
import { launchBrowser, loginAs, type TestBrowser } from './support/browser';

/** The empty text a list shows when its page did not say why it is empty (antd's and ours). */
const GENERIC_EMPTY = ['暂无数据', '暂无记录', 'No data', 'No Data'];

/**
 * What a page shows once loaded: how many rows of content (table rows, list items, tree nodes,
 * form fields, described facts, statistics) and which empty-state texts.
 */
function pageState(page: Page) {
  return page.evaluate(() => {
    const visible = (e: Element) => (e as HTMLElement).offsetParent !== null;
    const main = document.querySelector('.page:not([data-left])') ?? document.body;
    const count = (sel: string) => [...main.querySelectorAll(sel)].filter(visible).length;
    return {
      loading: count('.ant-spin-spinning') + count('.ant-skeleton-active'),
      rows:
        count('.ant-table-row') +
        count('.ant-list-item') +
        count('.ant-tree-treenode') +
        count('.ant-form-item') +
        count('.ant-radio-group') +
        count('.ant-descriptions-item') +
        count('.ant-statistic') +
        count('.ant-upload') +
        count('.workbench-item'),
      empties: [...main.querySelectorAll('.ant-empty-description')]
        .filter(visible)
        .map((e) => (e.textContent ?? '').trim()),
    };
  });
}

// For every demo account, every menu page it has shows at least one row, or an empty state that
// says why it is empty: never a bare "暂无数据".
describe('every menu page of every demo account', () => {
  let server: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  const ACCOUNTS = [
    'parkadmin',
    'schooladmin',
    'secretary',
    'editor',
    'reviewer',
    'league',
    'teacher',
    'mentor',
    'member',
    'student',
  ];

  for (const username of ACCOUNTS) {
    it(`${username}: shows rows or a deliberate empty state on each menu page`, async () => {
      const context = await b.browser.newContext({
        baseURL: server.baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 1366, height: 900 },
      });
      const page = await context.newPage();
      try {
        await loginAs(page, server.baseUrl, username);
        await page.getByTestId('workbench').waitFor();
        const leaves = await page
          .locator('[data-testid="app-menu"] .ant-menu-item [data-testid^="nav-"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
        expect(leaves.length).toBeGreaterThan(2);
        const problems: string[] = [];
        for (const testId of leaves) {
          // Mark the page being left, so that only the new one is read (the first, the workbench,
          // is where the console opened).
          if (testId !== leaves[0]) {
            await page.evaluate(() => document.querySelector('.page')?.setAttribute('data-left', ''));
            await page.getByTestId(testId).click();
          }
          await page.locator('.page:not([data-left])').first().waitFor();
          let state = await pageState(page);
          // Loaded: nothing spinning, and either content or an empty state is drawn.
          await expect
            .poll(
              async () => {
                state = await pageState(page);
                return state.loading === 0 && (state.rows > 0 || state.empties.length > 0);
              },
              { timeout: 30_000 },
            )
            .toBe(true)
            .catch(() => undefined);
          const where = `${testId} (${new URL(page.url()).pathname})`;
          const generic = state.empties.filter((e) => GENERIC_EMPTY.includes(e));
          if (generic.length) problems.push(`${where}: an empty state that says only “${generic[0]}”`);
          else if (state.rows === 0 && state.empties.length === 0)
            problems.push(`${where}: neither rows nor an empty state`);
        }
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
