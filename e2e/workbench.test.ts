import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server';
import { launchBrowser, loginAs, logOutThroughMenu, type TestBrowser } from './support/browser';
import { apiAs, type ApiSession } from './support/api';

// Every role lands on its workbench (工作台), follows an item, does the task, and sees the item
// leave. State is made through the API first, so the test does not lean on what the demo happens
// to hold.
describe('the workbench, role by role', () => {
  let server: TestServer;
  let b: TestBrowser;
  let page: Page;
  const year = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 768 } });
    page = b.page;
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  const me = (api: ApiSession) =>
    api.get<{ personId: string; displayName: string; branchId?: string | null }>('/api/auth/me');

  /** Signs in and checks the console opened on the workbench. */
  async function landOnWorkbench(username: string) {
    if (await page.getByTestId('user-menu').isVisible()) await logOutThroughMenu(page);
    await loginAs(page, server.baseUrl, username);
    await page.waitForURL(/\/admin\/workbench$/);
    await page.getByTestId('workbench').waitFor();
  }

  async function backToWorkbench() {
    await page.getByTestId('nav-workbench').click();
    await page.waitForURL(/\/admin\/workbench$/);
    await page.getByTestId('workbench').waitFor();
  }

  it('secretary: comments on a thought report from the workbench, and it leaves', async () => {
    const member = await apiAs(server.baseUrl, 'member');
    const { personId, displayName } = await me(member);
    await member.send('PUT', `/api/orglife/thought-reports/${personId}/${year}`, {
      content: '这一年我认真学习党的二十大精神，积极参加支部组织生活。',
    });

    await landOnWorkbench('secretary');
    const reports = page.getByTestId('wb-orgLife.reports');
    await reports.getByRole('link', { name: displayName, exact: true }).click();
    await page.waitForURL(/\/admin\/orglife\/birthdays\?/);
    const drawer = page.getByTestId('checklist-drawer');
    await drawer.getByTestId('report-comment').fill('认识深刻，望继续保持。');
    const saved = page.waitForResponse(
      (r) => /\/api\/orglife\/thought-reports\/[^/]+\/comment$/.test(new URL(r.url()).pathname) && r.ok(),
    );
    await drawer.getByTestId('report-comment-submit').click();
    await saved;
    await page.keyboard.press('Escape');

    await backToWorkbench();
    // The birthdays item is always there for a secretary: the page has loaded its items.
    await page.getByTestId('wb-orgLife.birthdays').waitFor();
    await expect
      .poll(() =>
        page.getByTestId('wb-orgLife.reports').getByRole('link', { name: displayName, exact: true }).count(),
      )
      .toBe(0);
  });

  it('editor and reviewer: a draft goes from the editor’s workbench to the reviewer’s and off both', async () => {
    const editor = await apiAs(server.baseUrl, 'editor');
    const columns = await editor.get<{ items: { id: string; slug: string }[] }>('/api/portal/columns');
    const title = `工作台流转稿件 ${Date.now()}`;
    await editor.send('POST', '/api/portal/articles', {
      title,
      bodyHtml: '<p>园区党总支召开工作会议。</p>',
      columnIds: [columns.items.find((c) => c.slug === 'news')!.id],
    });

    // The editor submits it from their drafts; the reviewer approves it from the review queue.
    await actOnArticle('editor', 'newsroom.drafts', title, 'submit');
    await actOnArticle('reviewer', 'newsroom.review', title, 'approve');
  });

  /** From `username`'s workbench item, open the article, take the workflow action, see it leave. */
  async function actOnArticle(username: string, itemKey: string, title: string, action: string) {
    await landOnWorkbench(username);
    const item = page.getByTestId(`wb-${itemKey}`);
    await item.getByRole('link', { name: title }).click();
    await page.waitForURL(/\/admin\/portal\/articles\/[0-9a-f-]+$/);
    const done = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.ok());
    await page.getByTestId(`action-${action}`).click();
    await done;
    await backToWorkbench();
    await item.waitFor();
    await expect.poll(() => item.getByRole('link', { name: title }).count()).toBe(0);
  }

  /** An activity under way now with `personId` invited, and its sign-in link (the QR code's). */
  async function activityFor(organiser: ApiSession, organiserId: string, personId: string, title: string) {
    const now = Date.now();
    const a = await organiser.send<{ id: string }>('POST', '/api/activities', {
      kind: 'themedDay',
      title,
      organiserId,
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 2 * 3600_000).toISOString(),
      place: '学术报告厅',
    });
    await organiser.send('POST', `/api/activities/${a.id}/participants`, { personIds: [personId] });
    const token = await organiser.send<{ token: string }>(
      'POST',
      `/api/activities/${a.id}/checkin-token`,
      {},
    );
    return `/checkin/${encodeURIComponent(token.token)}`;
  }

  for (const username of ['member', 'student']) {
    it(`${username}: signs in to an activity listed on the workbench, and it leaves`, async () => {
      const admin = await apiAs(server.baseUrl, 'parkadmin');
      const tree = await admin.get<{ items: { id: string; kind: string }[] }>('/api/org/tree');
      const generalBranch = tree.items.find((n) => n.kind === 'generalBranch')!;
      const person = await me(await apiAs(server.baseUrl, username));
      const title = `工作台签到活动 ${username}`;
      const checkin = await activityFor(admin, generalBranch.id, person.personId, title);

      await landOnWorkbench(username);
      const mine = page.getByTestId('wb-activities.mine');
      await expect.poll(() => mine.getByText(title).count()).toBe(1);
      await mine.getByRole('link', { name: title }).click();
      await page.waitForURL(/\/admin\/activities\/mine$/);
      // At the activity the QR code opens the sign-in page on the phone.
      await page.goto(checkin);
      await page.getByRole('button', { name: '确认签到' }).click();
      await page.getByText('签到成功').or(page.getByText('已签到')).first().waitFor();

      await page.goto('/admin/workbench');
      await page.getByTestId('workbench').waitFor();
      await expect.poll(() => page.getByText(title).count()).toBe(0);
    });
  }

  it('park admin: the setup checklist shows each step from the data, and can be hidden and reopened', async () => {
    const admin = await apiAs(server.baseUrl, 'parkadmin');
    const wb = await admin.get<{ setup: { steps: { key: string; done: boolean }[]; complete: boolean } }>(
      '/api/workbench',
    );
    await landOnWorkbench('parkadmin');
    if (wb.setup.complete) await page.getByTestId('wb-setup-reopen').click();
    const setup = page.getByTestId('wb-setup');
    await setup.waitFor();
    // The demo park has its schools, branches, people and appointments.
    for (const key of ['org', 'people', 'secretaries', 'editors']) {
      await expect.poll(() => setup.getByTestId(`wb-setup-${key}`).getAttribute('data-done')).toBe('true');
    }
    await setup.getByRole('button', { name: '收起' }).click();
    await page.getByTestId('wb-setup-reopen').waitFor();
    expect(await page.getByTestId('wb-setup').count()).toBe(0);
    // Compliance across branches and the recent audit trail are the park admin's too.
    await page.getByTestId('wb-orgLife.compliance').waitFor();
    await page.getByTestId('wb-audit').getByText('登录').first().waitFor();
  });

  it('mentor: lands on a page that says what the mentors area will show, with no people list', async () => {
    await landOnWorkbench('mentor');
    await page.getByTestId('wb-mentors.upcoming').getByText('德育导师工作台即将开通').waitFor();
    expect(await page.getByTestId('nav-people').count()).toBe(0);
  });

  it('member on a 375 px phone: the workbench is the home screen and fits the width', async () => {
    const phone = await b.browser.newContext({
      baseURL: server.baseUrl,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    const p = await phone.newPage();
    try {
      await loginAs(p, server.baseUrl, 'member');
      await p.waitForURL(/\/admin\/workbench$/);
      await p.getByTestId('wb-orgLife.myBirthday').waitFor();
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await phone.close();
    }
  });
});
