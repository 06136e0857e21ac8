import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server';
import { collectPageErrors, launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';
import { apiAs } from './support/api';

/**
 * The year's result and dedication days in the console (RULES §6), on the demo park (this year's
 * scheme frozen, approved vanguard posts, no nominations yet). The secretary recommends a member
 * of their branch whose post is approved; the park administrator approves it and opens the 公示
 * from today, and the page shows the end day the server fixed; the public 公示 page lists the
 * name. The secretary schedules a dedication day for today, and the member logs a home visit with
 * a photo on a 375 px phone without the page scrolling sideways.
 */
describe('assessment results: nominate, approve, 公示; a dedication-day entry on a phone', () => {
  let server: TestServer;
  let b: TestBrowser;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const year = Number(today.slice(0, 4));
  const REASON = `带头上好公开课，所带班级获评文明班级 ${Date.now()}`;
  const DAY_TITLE = `党员奉献日·重点家访 ${Date.now()}`;
  // 1×1 transparent PNG: the server checks a photo by its first bytes.
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  let memberName = '';

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
    // The demo member sits in the secretary's branch; their post this year is approved.
    const member = await apiAs(server.baseUrl, 'member');
    const mine = await member.get<{ post: { name: string; status: string } | null }>(
      `/api/assessment/posts/mine?year=${year}`,
    );
    expect(mine.post?.status).toBe('approved');
    memberName = mine.post!.name;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

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

  const okButton = (page: Page, testId: string) =>
    page.getByTestId(testId).locator('.ant-modal-footer .ant-btn-primary');

  it('the secretary nominates, the park admin approves and opens 公示 from today', async () => {
    const secretary = await as('secretary');
    try {
      const p = secretary.page;
      const errors = collectPageErrors(p);
      // The page is in the secretary's menu (先锋岗与考核).
      await p.goto('/admin/workbench');
      await p.getByTestId('nav-assessment-results').waitFor({ state: 'attached' });
      await p.goto(`/admin/assessment/results?year=${year}`);
      await p.getByTestId('nominations-table').waitFor();
      // A branch sees no general-branch actions.
      await p.getByTestId('publicity-card').waitFor();
      expect(await p.getByTestId('publicity-open').count()).toBe(0);
      expect(await p.getByTestId('results-plaques').count()).toBe(0);

      await p.getByTestId('results-nominate').click();
      const modal = p.getByTestId('nominate-modal');
      await modal.getByTestId('nominate-form').waitFor();
      await modal.getByTestId('nominate-member').click();
      await p.keyboard.type(memberName);
      await p
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: memberName })
        .first()
        .click();
      await modal.getByTestId('nominate-reason').fill(REASON);
      const nominated = answered(p, 'POST', /^\/api\/assessment\/nominations$/);
      await okButton(p, 'nominate-modal').click();
      expect((await nominated).status()).toBe(201);
      const row = p.getByTestId('nominations-table').locator('.ant-table-row').filter({ hasText: REASON });
      await expect.poll(() => row.getByTestId('nomination-status').textContent()).toBe('支部已推荐');
      expect(await row.textContent()).toContain(memberName);
      // Approving is the general branch's act: not offered to the branch.
      expect(await row.getByTestId('nomination-approve').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await secretary.context.close();
    }

    const admin = await as('parkadmin');
    try {
      const p = admin.page;
      await p.goto(`/admin/assessment/results?year=${year}`);
      const row = p.getByTestId('nominations-table').locator('.ant-table-row').filter({ hasText: REASON });
      await row.getByTestId('nomination-approve').click();
      await p.getByTestId('decide-form').waitFor();
      const decided = answered(p, 'POST', /^\/api\/assessment\/nominations\/[^/]+\/decision$/);
      await okButton(p, 'decide-modal').click();
      expect((await decided).status()).toBe(200);
      await expect.poll(() => row.getByTestId('nomination-status').textContent()).toBe('党总支已批准');

      // 公示 from today: the form starts on today and says the earliest end; the card then shows
      // the period the server fixed.
      await p.getByTestId('publicity-open').click();
      const modal = p.getByTestId('publicity-modal');
      await modal.getByTestId('publicity-form').waitFor();
      expect(await modal.getByTestId('publicity-start').inputValue()).toBe(today);
      await expect
        .poll(() => modal.getByTestId('publicity-earliest').textContent())
        .toMatch(/公示至 \d{4}-\d{2}-\d{2}/);
      // An end day short of the scheme's working days is refused, the server's sentence on the field.
      const end = modal.getByTestId('publicity-end');
      await end.click();
      await end.fill(today);
      await end.press('Enter');
      const short = answered(p, 'POST', /^\/api\/assessment\/publicity$/);
      await okButton(p, 'publicity-modal').click();
      const shortRes = await short;
      expect(shortRes.status()).toBe(400);
      const shortBody = (await shortRes.json()) as { error: { code: string; message: string } };
      expect(shortBody.error.code).toBe('PUBLICITY_TOO_SHORT');
      await expect
        .poll(() => modal.locator('.ant-form-item-explain-error').textContent())
        .toBe(shortBody.error.message);
      // Without an end day the server takes the shortest period the scheme allows.
      await end.hover();
      await modal
        .locator('.ant-picker', { has: p.getByTestId('publicity-end') })
        .locator('.ant-picker-clear')
        .click();
      expect(await end.inputValue()).toBe('');
      const opened = answered(p, 'POST', /^\/api\/assessment\/publicity$/);
      await okButton(p, 'publicity-modal').click();
      const res = await opened;
      expect(res.status()).toBe(201);
      const pub = (await res.json()) as { startsOn: string; endsOn: string; workingDays: number };
      expect(pub.startsOn).toBe(today);
      expect(pub.endsOn >= today).toBe(true);
      await expect
        .poll(() => p.getByTestId('publicity-state').textContent())
        .toBe(`公示中：${today} 至 ${pub.endsOn}（${pub.workingDays} 个工作日）`);
      // What the page says is what the list answers for the year.
      const api = await apiAs(server.baseUrl, 'parkadmin');
      const list = await api.get<{ publicity: { endsOn: string } | null }>(
        `/api/assessment/nominations?year=${year}`,
      );
      expect(list.publicity?.endsOn).toBe(pub.endsOn);
      // The 公示 is running: closing it now is refused, in the server's words, on the card.
      await p.getByTestId('publicity-close').click();
      const refused = answered(p, 'POST', new RegExp(`^/api/assessment/publicity/${year}/close$`));
      await p.locator('.ant-modal-confirm .ant-btn-primary').click();
      expect((await refused).status()).toBe(409);
      await expect
        .poll(() => p.getByTestId('publicity-close-error').textContent())
        .toContain(`公示期至 ${pub.endsOn}`);
      await p.getByTestId('objections-card').waitFor();
      await screenshot(p, 'assessment-results-admin');
    } finally {
      await admin.context.close();
    }

    // The public 公示 page lists the name, with the objection form.
    const portal = await b.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN' });
    try {
      const page = await portal.newPage();
      const res = await page.goto(`/vanguard/publicity?year=${year}`);
      expect(res?.status()).toBe(200);
      await page.locator('table.publicity').getByText(memberName).first().waitFor();
      await page.locator('form[action="/vanguard/publicity/objection"]').waitFor();
    } finally {
      await portal.close();
    }
  });

  it('the secretary schedules today’s dedication day; the member logs a home visit on a 375 px phone', async () => {
    const secretary = await as('secretary');
    try {
      const p = secretary.page;
      await p.goto('/admin/workbench');
      await p.getByTestId('nav-assessment-dedication').waitFor({ state: 'attached' });
      await p.goto(`/admin/assessment/dedication?year=${year}`);
      await p.getByTestId('days-table').waitFor();
      await p.getByTestId('day-create').click();
      const modal = p.getByTestId('day-modal');
      await modal.getByTestId('day-form').waitFor();
      // The secretary hosts at one branch: it is picked for them (else the save below is refused).
      await modal.getByTestId('day-title').fill(DAY_TITLE);
      await modal.getByTestId('day-date').click();
      await modal.getByTestId('day-date').fill(today);
      await modal.getByTestId('day-date').press('Enter');
      const created = answered(p, 'POST', /^\/api\/assessment\/dedication-days$/);
      await okButton(p, 'day-modal').click();
      expect((await created).status()).toBe(201);
      const row = p.getByTestId('days-table').locator('.ant-table-row').filter({ hasText: DAY_TITLE });
      await row.waitFor();
      expect(await row.textContent()).toContain(today);
    } finally {
      await secretary.context.close();
    }

    let phone: { context: BrowserContext; page: Page } | undefined;
    try {
      phone = await as('member', { width: 375, height: 812 });
      const p = phone.page;
      const errors = collectPageErrors(p);
      await p.goto(`/admin/assessment/dedication/mine?year=${year}`);
      const day = p.getByTestId('my-day').filter({ hasText: DAY_TITLE });
      await day.getByTestId('day-log').click();
      const modal = p.getByTestId('entry-modal');
      await modal.getByTestId('entry-form').waitFor();
      // The member reads no students: a home visit names the family, no student picker.
      expect(await modal.getByTestId('entry-student').count()).toBe(0);
      await modal.getByTestId('entry-subject-input').fill('王同学家');
      await modal.getByTestId('entry-content').fill('了解学生假期学习和家庭情况，与家长沟通实习安排');
      await modal.getByTestId('entry-hours-input').fill('1.5');
      await modal
        .locator('input[type=file]')
        .setInputFiles({ name: '家访.png', mimeType: 'image/png', buffer: PNG });
      await modal.getByText('家访.png').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      const logged = answered(p, 'POST', /^\/api\/assessment\/dedication-days\/[^/]+\/entries$/);
      const uploaded = answered(p, 'POST', /^\/api\/assessment\/dedication-entries\/[^/]+\/photos$/);
      await okButton(p, 'entry-modal').click();
      expect((await logged).status()).toBe(201);
      expect((await uploaded).status()).toBe(200);
      const entry = p
        .getByTestId('my-entries')
        .getByTestId('dedication-entry')
        .filter({ hasText: '王同学家' });
      await expect.poll(() => entry.getByTestId('entry-hours').textContent()).toBe('1.5 小时');
      expect(await entry.getByTestId('entry-kind').textContent()).toBe('重点家访');
      await entry.getByTestId('entry-photos').locator('img').first().waitFor();
      await expect.poll(() => day.textContent()).toContain('我已登记 1 条');
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await screenshot(p, 'assessment-dedication-member-375');
      await p.evaluate(axe.source);
      const violations = await p.evaluate(async () => {
        const w = window as unknown as { axe: typeof axe };
        const r = await w.axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      });
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await phone?.context.close();
    }
  });
});
