import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { todayInShanghai } from '../src/common/dates';
import { startServer, type TestServer } from './support/server';
import { launchBrowser, loginAs, type TestBrowser } from './support/browser';
import { apiAs } from './support/api';

/**
 * Branch star rating (支部评星) in the console, on the demo park. Last year every branch is rated
 * with its stars; this year the secretary's branch has not rated itself. The secretary rates the
 * branch's year in the browser, standard by standard with a statement each; the park admin rates it
 * with scores of their own (28 + 20 + 15 + 12 + 10 = 85, four stars by the default lines 90/80/…),
 * and the board shows the total and ★★★★☆ to both.
 */

interface Board {
  items: {
    branchId: string;
    branchName: string;
    status: string;
    stars: number | null;
    finalTotal: number | null;
  }[];
}

describe('branch star rating: self-rating, rating, the board', () => {
  let server: TestServer;
  let b: TestBrowser;
  const today = todayInShanghai();
  const year = Number(today.slice(0, 4));

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  async function as(username: string) {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 900 },
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await loginAs(page, server.baseUrl, username);
    return { context, page };
  }

  const answered = (page: Page, method: string, path: RegExp) =>
    page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname));

  const numberInput = (page: Page, testId: string) =>
    page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();

  it('the demo park: last year every branch rated with stars; this year the secretary’s branch not yet', async () => {
    const admin = await apiAs(server.baseUrl, 'parkadmin');
    const last = await admin.get<Board>(`/api/assessment/branch-rating/board?year=${year - 1}`);
    expect(last.items.length).toBeGreaterThan(1);
    for (const i of last.items) {
      expect(i.status).toBe('rated');
      expect(i.stars).not.toBeNull();
    }
    const secretary = await apiAs(server.baseUrl, 'secretary');
    const mine = await secretary.get<Board>(`/api/assessment/branch-rating/board?year=${year}`);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]!.status).toBe('draft');
  });

  it('the secretary self-rates, the park admin rates, the board shows four stars', async () => {
    const secretaryApi = await apiAs(server.baseUrl, 'secretary');
    const branch = (await secretaryApi.get<Board>(`/api/assessment/branch-rating/board?year=${year}`))
      .items[0]!;

    const self: Record<string, number> = {
      meetings: 28,
      dues: 18,
      activities: 15,
      development: 13,
      evidence: 12,
    };
    const secretary = await as('secretary');
    try {
      const p = secretary.page;
      await p.goto(`/admin/assessment/branch-rating?year=${year}`);
      await p.getByTestId('rating-board').waitFor();
      await expect.poll(() => p.getByTestId('rating-status').first().textContent()).toBe('未自评');
      await p.getByTestId('rating-open').first().click();
      await p.getByTestId('self-rate-open').click();
      const modal = p.getByTestId('self-rate-modal');
      await modal.locator('.ant-modal-footer').waitFor();
      for (const [key, score] of Object.entries(self)) {
        await numberInput(p, `self-score-${key}`).fill(String(score));
        await p.getByTestId(`self-statement-${key}`).fill(`本年度${key}情况说明`);
      }
      const saved = answered(p, 'PUT', /\/api\/assessment\/branch-rating\/ratings\/[^/]+\/self$/);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      expect((await saved).status()).toBe(200);
      await p.locator('.ant-drawer-close').click();
      await expect.poll(() => p.getByTestId('rating-status').first().textContent()).toBe('已自评，待评定');
    } finally {
      await secretary.context.close();
    }

    const final: Record<string, number> = {
      meetings: 28,
      dues: 20,
      activities: 15,
      development: 12,
      evidence: 10,
    };
    const admin = await as('parkadmin');
    try {
      const p = admin.page;
      await p.goto(`/admin/assessment/branch-rating?year=${year}`);
      const row = p.locator(`[data-branch-id="${branch.branchId}"]`);
      await row.waitFor();
      await row.getByTestId('rating-open').click();
      await p.getByTestId('rate-open').click();
      const modal = p.getByTestId('rate-modal');
      await modal.locator('.ant-modal-footer').waitFor();
      for (const [key, score] of Object.entries(final))
        await numberInput(p, `rate-score-${key}`).fill(String(score));
      const saved = answered(p, 'PUT', /\/api\/assessment\/branch-rating\/ratings\/[^/]+\/final$/);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      expect((await saved).status()).toBe(200);
      await expect.poll(() => p.getByTestId('drawer-final-total').textContent()).toBe('评定合计 85 分');
      await p.locator('.ant-drawer-close').click();
      await expect.poll(() => row.getByTestId('rating-final-total').textContent()).toBe('85');
      await expect.poll(() => row.getByTestId('rating-stars').getAttribute('data-stars')).toBe('4');
      expect(await row.getByTestId('rating-stars').textContent()).toBe('★★★★☆');
    } finally {
      await admin.context.close();
    }

    // The secretary's board shows the published stars too.
    const after = await secretaryApi.get<Board>(`/api/assessment/branch-rating/board?year=${year}`);
    expect(after.items[0]).toMatchObject({ status: 'rated', finalTotal: 85, stars: 4 });
  });
});
