import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server';
import { collectPageErrors, launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';
import { apiAs } from './support/api';

/**
 * 考核统计 in the browser, as the demo park's administrator: the page shows the year's figures
 * (the numbers the API gives for the park), draws its charts on a canvas (ECharts, loaded after
 * the page), lists the branches, and on a 375 px phone fits the width (the cards stack, the
 * tables scroll inside their own box) with no serious accessibility problem (axe-core).
 */
describe('assessment statistics page', () => {
  let server: TestServer;
  let b: TestBrowser;
  const year = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );
  interface Figures {
    honouredMembers: number;
    coachedStudents: number;
    awardedPapers: number;
    vanguardPosts: number;
  }
  let expected: { total: { current: Figures }; branches: { name: string }[] };

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
    expected = await (await apiAs(server.baseUrl, 'parkadmin')).get(`/api/assessment/stats?year=${year}`);
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  async function open(viewport: { width: number; height: number }) {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport,
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await loginAs(page, server.baseUrl, 'parkadmin');
    return { context, page };
  }

  const value = (page: Page, figure: string) => page.getByTestId(`stats-value-${figure}`).textContent();

  it('shows the park’s figures, a chart canvas and the branches', async () => {
    const { context, page } = await open({ width: 1366, height: 900 });
    const errors = collectPageErrors(page);
    try {
      await page.goto('/admin/workbench');
      // 先锋岗与考核 is a sub-menu (open at first): open it unless it is open already (a click on an
      // open one closes it), once the menu has its items.
      await page.getByTestId('nav-assessment').waitFor();
      const item = page.getByTestId('nav-assessment-stats');
      if (!(await item.isVisible())) await page.getByTestId('nav-assessment').click();
      await item.click();
      await page.waitForURL(/\/admin\/assessment\/stats/);
      await page.getByTestId('stats-cards').waitFor();
      const f = expected.total.current;
      for (const k of ['honouredMembers', 'coachedStudents', 'awardedPapers', 'vanguardPosts'] as const) {
        await expect.poll(() => value(page, k)).toBe(String(f[k]));
      }
      // ECharts draws into a canvas once its chunk has loaded.
      const chart = page.getByTestId('stats-chart-yoy');
      await chart.locator('canvas').first().waitFor();
      expect(await chart.getAttribute('data-ready')).toBe('true');
      const box = await chart.locator('canvas').first().boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(200);

      await page.getByRole('tab', { name: '按党支部' }).click();
      const rows = page.getByTestId('stats-branches-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(expected.branches.length);
      expect(await rows.first().textContent()).toContain(expected.branches[0]!.name);
      await screenshot(page, 'assessment-stats-1366');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('at 375 px the page has no horizontal scroll, the chart fits and nothing serious for accessibility', async () => {
    const { context, page } = await open({ width: 375, height: 812 });
    try {
      await page.goto(`/admin/assessment/stats?year=${year}`);
      await page.getByTestId('stats-cards').waitFor();
      await page.getByTestId('stats-chart-yoy').locator('canvas').first().waitFor();
      await page.getByRole('tab', { name: '按党支部' }).click();
      await page.getByTestId('stats-branches-table').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      // The cards stack: one per row.
      const [first, second] = await Promise.all([
        page.getByTestId('stats-card-honouredMembers').boundingBox(),
        page.getByTestId('stats-card-coachingMembers').boundingBox(),
      ]);
      expect(second!.y).toBeGreaterThan(first!.y + first!.height - 1);
      const canvas = await page.getByTestId('stats-chart-yoy').locator('canvas').first().boundingBox();
      expect(canvas!.x + canvas!.width).toBeLessThanOrEqual(375);
      await screenshot(page, 'assessment-stats-375');
      await page.evaluate(axe.source);
      const violations = await page.evaluate(async () => {
        const w = window as unknown as { axe: typeof axe };
        const r = await w.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
