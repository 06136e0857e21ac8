import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server';
import { launchBrowser, loginAs, type TestBrowser } from './support/browser';
import { apiAs } from './support/api';

/**
 * The assessment in the console (RULES §5–§6). The general branch creates next year's scheme from
 * the default (the demo park has this year's and last year's, already frozen), sets its own points
 * for a city-level honour, is told why a sum of maxima other than 100 is refused, and reloads when
 * someone else saved first. This year: a member files an honour with a proof file, their secretary
 * verifies it, and the member's running score shows the item with the points this year's scheme
 * gives it and the rule that gave them. On a 375 px phone the member's page has no horizontal scroll.
 */
describe('assessment: scheme, evidence with proof, verification, the score', () => {
  let server: TestServer;
  let b: TestBrowser;
  const year = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );
  const next = year + 1;
  const TITLE = `市级优秀教师 ${Date.now()}`;
  // 1×1 transparent PNG: the server checks a proof by its first bytes.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  /** A fresh signed-in context for one account (no cookies shared with the others). */
  async function as(username: string, viewport = { width: 1366, height: 900 }) {
    const context = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport,
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    await loginAs(page, server.baseUrl, username);
    return { context, page };
  }

  const answered = (page: Page, method: string, path: RegExp) =>
    page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname));

  /** Picks an option of the antd Select inside `scope` whose test id is `testId`. */
  async function choose(page: Page, testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
      .first()
      .click();
  }

  it('park admin creates next year’s scheme from the default and sets a city honour to 1.5 points', async () => {
    const admin = await apiAs(server.baseUrl, 'parkadmin');
    const before = await admin.get<{ scheme: unknown }>(`/api/assessment/schemes/${next}`);
    expect(before.scheme).toBeNull();

    const { context, page } = await as('parkadmin');
    try {
      await page.goto(`/admin/assessment/scheme?year=${next}`);
      await page.getByTestId('scheme-none').waitFor();
      const created = answered(page, 'POST', /^\/api\/assessment\/schemes$/);
      await page.getByTestId('scheme-create-default').click();
      expect((await created).status()).toBe(201);
      await page.getByTestId('scheme-form').waitFor();
      await expect.poll(() => page.getByTestId('scheme-sum').textContent()).toBe('满分合计 100 分');

      const city = page.getByTestId('rule-honour').getByTestId('rule-honour-level-city');
      await city.fill('1.5');
      const saved = answered(page, 'PUT', new RegExp(`^/api/assessment/schemes/${next}$`));
      await page.getByTestId('scheme-save').click();
      expect((await saved).status()).toBe(200);
      await expect.poll(() => page.getByTestId('scheme-status').textContent()).toContain('草稿');

      // A sum of maxima other than 100 is refused, and the reason shows under the aspects.
      await page.getByTestId('aspect-max-0').fill('9');
      await expect
        .poll(() => page.getByTestId('scheme-sum').textContent())
        .toBe('满分合计 101 分，应为 100 分');
      const refused = answered(page, 'PUT', new RegExp(`^/api/assessment/schemes/${next}$`));
      await page.getByTestId('scheme-save').click();
      expect((await refused).status()).toBe(400);
      await page.getByTestId('scheme-aspects').getByText('各方面满分合计应为 100 分，现为 101 分').waitFor();
      await page.getByRole('button', { name: '放弃修改' }).click();
      await expect.poll(() => page.getByTestId('scheme-sum').textContent()).toBe('满分合计 100 分');

      // Someone else saves meanwhile: this editor's save is refused as stale, and it reloads theirs.
      const current = await admin.get<{ scheme: { version: number; config: unknown } }>(
        `/api/assessment/schemes/${next}`,
      );
      await admin.send('PUT', `/api/assessment/schemes/${next}`, {
        name: '园区党员先锋岗评选方案（修订）',
        config: current.scheme.config,
        version: current.scheme.version,
      });
      await page.getByTestId('scheme-name').fill('本页的修改');
      const stale = answered(page, 'PUT', new RegExp(`^/api/assessment/schemes/${next}$`));
      await page.getByTestId('scheme-save').click();
      expect((await stale).status()).toBe(409);
      await page.getByTestId('scheme-stale').getByRole('button', { name: '重新加载最新方案' }).click();
      await expect
        .poll(() => page.getByTestId('scheme-name').inputValue())
        .toBe('园区党员先锋岗评选方案（修订）');
    } finally {
      await context.close();
    }
    const after = await admin.get<{
      scheme: { version: number; config: { rules: { kind: string; byLevel?: Record<string, number> }[] } };
    }>(`/api/assessment/schemes/${next}`);
    expect(after.scheme.version).toBe(3);
    expect(after.scheme.config.rules.find((r) => r.kind === 'honour')?.byLevel?.city).toBe(1.5);
  });

  it('the member files an honour with a proof, the secretary verifies it, the score shows its points', async () => {
    // This year's scheme (the demo's; made from the default if the demo has none): what a city
    // honour gives, and the aspect it counts in.
    const admin = await apiAs(server.baseUrl, 'parkadmin');
    type Scheme = {
      status: string;
      config: { rules: { kind: string; aspect: string; byLevel?: Record<string, number> }[] };
    };
    let { scheme } = await admin.get<{ scheme: Scheme | null }>(`/api/assessment/schemes/${year}`);
    scheme ??= await admin.send<Scheme>('POST', '/api/assessment/schemes', { year, from: 'default' });
    const honour = scheme.config.rules.find((r) => r.kind === 'honour')!;
    const cityPoints = honour.byLevel!.city!;

    const member = await as('member');
    const page = member.page;
    try {
      await page.goto(`/admin/assessment/mine?year=${year}`);
      await page
        .getByTestId('my-evidence')
        .locator('[data-testid=evidence-card], [data-testid=my-evidence-empty]')
        .first()
        .waitFor();
      await page.getByTestId('evidence-add').click();
      const modal = page.getByTestId('evidence-modal');
      await modal.getByTestId('evidence-form').waitFor();
      await choose(page, 'evidence-kind', '荣誉称号');
      await modal.getByTestId('evidence-title').fill(TITLE);
      await choose(page, 'evidence-level', '市级');
      await modal.getByTestId('evidence-date').click();
      await modal.getByTestId('evidence-date').fill(`${year}-03-15`);
      await modal.getByTestId('evidence-date').press('Enter');
      await modal
        .locator('input[type=file]')
        .setInputFiles({ name: '荣誉证书.png', mimeType: 'image/png', buffer: PNG });
      await modal.getByText('荣誉证书.png').waitFor();
      const created = answered(page, 'POST', /^\/api\/assessment\/evidence$/);
      const uploaded = answered(page, 'POST', /^\/api\/assessment\/evidence\/[^/]+\/files$/);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      expect((await created).status()).toBe(201);
      expect((await uploaded).status()).toBe(200);
      const card = page.getByTestId('evidence-card').filter({ hasText: TITLE });
      await card.getByTestId('evidence-file').filter({ hasText: '荣誉证书.png' }).waitFor();
      await expect.poll(() => card.getByTestId('evidence-status').textContent()).toBe('待审核');
    } finally {
      await member.context.close();
    }

    const secretary = await as('secretary');
    try {
      const p = secretary.page;
      await p.goto(`/admin/assessment/evidence?year=${year}&status=submitted&q=${encodeURIComponent(TITLE)}`);
      const row = p.getByTestId('evidence-table').locator('.ant-table-row').filter({ hasText: TITLE });
      await row.waitFor();
      await row.getByTestId('evidence-verify').click();
      const verified = answered(p, 'POST', /^\/api\/assessment\/evidence\/[^/]+\/verify$/);
      await p.locator('.ant-modal-confirm .ant-btn-primary').click();
      expect((await verified).status()).toBe(200);
      // The list follows the filter: the verified item leaves the pending queue.
      await expect.poll(() => row.count()).toBe(0);
    } finally {
      await secretary.context.close();
    }

    const again = await as('member');
    try {
      const p = again.page;
      await p.goto(`/admin/assessment/mine?year=${year}`);
      const card = p.getByTestId('evidence-card').filter({ hasText: TITLE });
      await expect.poll(() => card.getByTestId('evidence-status').textContent()).toBe('已审核');
      await expect.poll(() => card.getByTestId('evidence-points').textContent()).toBe(`计 ${cityPoints} 分`);
      // The score: the item under the honour rule's aspect with the scheme's points and its worded rule.
      const aspect = p.getByTestId('my-score').getByTestId(`aspect-${honour.aspect}`);
      const item = aspect.getByTestId('score-item').filter({ hasText: TITLE });
      await expect.poll(() => item.getByTestId('score-item-points').textContent()).toBe(`${cityPoints} 分`);
      expect(await item.getByTestId('score-item-rule').textContent()).toContain('市级');
    } finally {
      await again.context.close();
    }

    // Scoring has started (a verified item freezes the scheme, if the demo had not already).
    const after = await admin.get<{ scheme: Scheme }>(`/api/assessment/schemes/${year}`);
    expect(after.scheme.status).toBe('frozen');
  });

  it('on a 375 px phone the member’s page fits the width and has no serious accessibility problem', async () => {
    let phone: { context: BrowserContext; page: Page } | undefined;
    try {
      phone = await as('member', { width: 375, height: 812 });
      const p = phone.page;
      await p.goto(`/admin/assessment/mine?year=${year}`);
      await p.getByTestId('evidence-card').filter({ hasText: TITLE }).waitFor();
      await p.getByTestId('my-score').getByTestId('score-breakdown').waitFor();
      await p.getByTestId('self-form').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await p.evaluate(axe.source);
      const violations = await p.evaluate(async () => {
        const w = window as unknown as { axe: typeof axe };
        const r = await w.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      });
      expect(violations).toEqual([]);
    } finally {
      await phone?.context.close();
    }
  });
});
