import fs from 'node:fs';
import { request, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectPageErrors,
  launchBrowser,
  screenshot,
  type TestBrowser,
  logOutThroughMenu,
} from './support/browser';
import { startServer, type TestServer } from './support/server';

// Issue 4 §7: a month's political-birthday flow in a real browser on the small demo park —
// the branch secretary finds the member on the month's roster, records the month's symposium (the
// demo park has it scheduled) as held and opens the member's card (PNG preview and PDF); the
// member writes this year's thought report; the secretary comments on it; the member reads it.

const PASSWORD = 'Demo2025';

interface MemberFacts {
  personId: string;
  name: string;
  branchName: string;
  joinedOn: string;
  year: number;
  month: number;
  years: number;
}

/** The `member` account's own facts, read through the API as that user (no browser involved). */
async function memberFacts(baseUrl: string): Promise<MemberFacts> {
  const ctx = await request.newContext({ baseURL: baseUrl });
  try {
    const login = await ctx.post('/api/auth/login', { data: { username: 'member', password: PASSWORD } });
    expect(login.status()).toBe(200);
    const me = (await (await ctx.get('/api/auth/me')).json()) as { personId: string };
    // The person record (when this role may read it) and this year's checklist agree on the date.
    const res = await ctx.get(`/api/people/${me.personId}`);
    const person = res.ok()
      ? ((await res.json()) as { membership: { joinedOn: string } | null })
      : { membership: null };
    // The checklist of this year, as 我的政治生日 reads it: the branch, the birthday and which one.
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    );
    const checklist = (await (await ctx.get(`/api/orglife/checklists/${me.personId}/${year}`)).json()) as {
      name: string;
      branchName: string;
      joinedOn: string;
      birthdayOn: string | null;
      years: number;
      thoughtReport: unknown;
    };
    const joinedOn = person.membership?.joinedOn ?? checklist.joinedOn;
    expect(joinedOn).toBe(checklist.joinedOn);
    expect(checklist.birthdayOn).not.toBeNull();
    expect(checklist.thoughtReport).toBeNull();
    return {
      personId: me.personId,
      name: checklist.name,
      branchName: checklist.branchName,
      joinedOn,
      year,
      month: Number(joinedOn.slice(5, 7)),
      years: year - Number(joinedOn.slice(0, 4)),
    };
  } finally {
    await ctx.dispose();
  }
}

async function login(page: Page, username: string) {
  await page.goto('/admin/login');
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('app-menu').waitFor();
  await poll(() => page.getByTestId('user-name').innerText()).not.toBe('');
}

async function logout(page: Page) {
  await logOutThroughMenu(page);
  expect(new URL(page.url()).pathname).toBe('/admin/login');
}

/** The month picker of 政治生日: opens it and steps with the arrow keys (its list is virtual). */
async function chooseMonth(page: Page, month: number) {
  const select = page.getByTestId('month-select');
  const current = Number((await select.innerText()).trim().replace('月', ''));
  expect(current).toBeGreaterThanOrEqual(1);
  if (current !== month) {
    await select.click();
    await page.locator('.ant-select-dropdown:visible').waitFor();
    const key = month > current ? 'ArrowDown' : 'ArrowUp';
    for (let i = 0; i < Math.abs(month - current); i++) await page.keyboard.press(key);
    await page.keyboard.press('Enter');
  }
  await poll(async () => (await select.innerText()).trim()).toBe(`${month}月`);
}

async function openBirthdays(page: Page, month: number) {
  await page.getByTestId('nav-birthdays').click();
  await page.getByTestId('orglife-birthdays').waitFor();
  await chooseMonth(page, month);
}

/** expect.poll with the browser's patience (its default of one second is short on a busy machine). */
function poll<T>(fn: () => Promise<T>) {
  return expect.poll(fn, { timeout: 15_000 });
}

/** An antd modal by its title. */
function modal(page: Page, title: string) {
  return page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title', { hasText: title }) });
}

function rosterRow(page: Page, name: string) {
  return page.locator('.ant-table-row', { has: page.getByTestId(`checklist-${name}`) });
}

describe('political birthday: roster → symposium → card → report → comment', () => {
  let server: TestServer;
  let b: TestBrowser;
  let m: MemberFacts;
  let errors: string[];
  const report = '今年我认真学习党的创新理论，在教学一线带好班级，坚持每月与学生谈心，按时参加组织生活。';
  const comment = '思想汇报内容充实，联系工作实际，望继续发挥先锋模范作用。';

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    m = await memberFacts(server.baseUrl);
    b = await launchBrowser({ baseUrl: server.baseUrl });
    errors = collectPageErrors(b.page);
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('the secretary finds the member on the month roster, records the scheduled symposium as held and opens the card', async () => {
    const { page } = b;
    await login(page, 'secretary');
    await openBirthdays(page, m.month);

    // The roster: the member, their branch, the day they joined and which political birthday.
    const row = rosterRow(page, m.name);
    await row.waitFor();
    const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
    expect(cells[0]).toBe(m.name);
    expect(cells[1]).toBe(m.branchName);
    expect(cells[2]).toBe(m.joinedOn);
    expect(cells[3]).toBe(`${m.year}-${m.joinedOn.slice(5)}`);
    expect(cells[4]).toBe(String(m.years));
    await screenshot(page, 'birthdays-1-roster');

    // The month's symposium, hosted by the branch; its attendees are the month's roster.
    const rosterSize = await page.locator('.ant-table-row').count();
    expect(rosterSize).toBeGreaterThanOrEqual(1);
    // The demo park's branch has already scheduled this month's symposium: its invitees are the
    // month's roster, nobody marked present yet.
    const symposiums = page.getByTestId('symposium-list');
    await poll(() => symposiums.innerText()).toContain(`出席 0/${rosterSize}`);
    expect(await symposiums.innerText()).toContain(m.branchName);
    expect(await symposiums.innerText()).toContain('已安排');

    // Its attendees are the roster: open it, record it as held with the member present.
    await symposiums.getByTestId('symposium-open').first().click();
    const detail = modal(page, `座谈会：${m.branchName}`);
    await detail.getByTestId('symposium-form').waitFor();
    const present = detail.getByRole('checkbox', { name: m.name, exact: true });
    await present.waitFor();
    expect(await detail.getByRole('checkbox').count()).toBe(rosterSize);
    expect(await detail.locator('#place').inputValue()).toBe('党员活动室');
    const month = String(m.month).padStart(2, '0');
    expect(await detail.locator('#scheduledAt').inputValue()).toMatch(
      new RegExp(`^${m.year}-${month}-\\d{2} \\d{2}:\\d{2}$`),
    );
    await detail.locator('#status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="已召开"]').click();
    await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    await present.check();
    await screenshot(page, 'birthdays-2-symposium');
    const attendance = page.waitForResponse(
      (r) => r.url().endsWith('/attendees') && r.request().method() === 'PUT',
    );
    await detail.getByRole('button', { name: /确\s*定/ }).click();
    expect((await attendance).status()).toBe(200);
    await detail.waitFor({ state: 'hidden' });
    await poll(() => symposiums.innerText()).toContain(`出席 1/${rosterSize}`);
    expect(await symposiums.innerText()).toContain('已召开');

    // The card: the PNG preview loads, the PDF downloads.
    await page.getByTestId(`card-${m.name}`).click();
    const cardDialog = modal(page, `${m.name}的政治生日贺卡`);
    const img = cardDialog.getByTestId('card-preview');
    await img.waitFor();
    await page.waitForFunction(
      (el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0,
      await img.elementHandle(),
    );
    const size = await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight]);
    expect(size[0]).toBeGreaterThan(300);
    expect(size[1]).toBeGreaterThan(200);
    await screenshot(page, 'birthdays-3-card');

    const pdfResponse = page.waitForResponse(
      (r) => r.url().includes(`/api/orglife/cards/${m.personId}`) && r.url().includes('format=pdf'),
    );
    const downloaded = page.waitForEvent('download');
    await cardDialog.getByRole('button', { name: /下载 PDF/ }).click();
    const pdf = await pdfResponse;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toMatch(/^application\/pdf/);
    const file = await (await downloaded).path();
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await cardDialog.locator('.ant-modal-close').click();
    await cardDialog.waitFor({ state: 'hidden' });

    await logout(page);
  });

  it('the member writes this year’s thought report', async () => {
    const { page } = b;
    await login(page, 'member');
    await page.getByTestId('nav-my-birthday').click();
    await page.getByTestId('my-birthday').waitFor();
    expect(await page.getByTestId('my-birthday').innerText()).toContain(`第 ${m.years} 个政治生日`);
    await page.getByTestId('my-report').fill(report);
    const saved = page.waitForResponse((r) =>
      r.url().includes(`/api/orglife/thought-reports/${m.personId}/${m.year}`),
    );
    await page.getByTestId('my-report-submit').click();
    expect((await saved).status()).toBe(200);
    await page.getByText('思想汇报已提交').waitFor();
    // Saved: a fresh load shows it, still open for editing until the secretary comments.
    await page.reload();
    await poll(() => page.getByTestId('my-report').inputValue()).toBe(report);
    expect(await page.getByTestId('my-report-comment').count()).toBe(0);
    await screenshot(page, 'birthdays-4-report');
    await logout(page);
  });

  it('the secretary reads the report and comments on it', async () => {
    const { page } = b;
    await login(page, 'secretary');
    await openBirthdays(page, m.month);
    await rosterRow(page, m.name).waitFor();
    await page.getByTestId(`checklist-${m.name}`).click();
    const drawer = page.getByTestId('checklist-drawer');
    await drawer.waitFor();
    await drawer.getByText(report).waitFor();
    // The symposium the member attended and the report they wrote count on the checklist.
    for (const item of ['参加政治生日座谈会', '汇报一年的思想认识'])
      expect(await drawer.locator('span', { hasText: item }).first().innerText()).toContain('已完成');
    await drawer.getByTestId('report-comment').fill(comment);
    const commented = page.waitForResponse(
      (r) => r.url().endsWith('/comment') && r.request().method() === 'POST',
    );
    await drawer.getByTestId('report-comment-submit').click();
    expect((await commented).status()).toBe(200);
    await drawer.getByText(`：${comment}`).waitFor();
    expect(await drawer.innerText()).toContain('批阅（');
    await screenshot(page, 'birthdays-5-comment');
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'detached' });
    await logout(page);
  });

  it('the member sees the secretary’s comment, and the report is closed', async () => {
    const { page } = b;
    await login(page, 'member');
    await page.getByTestId('nav-my-birthday').click();
    const shown = page.getByTestId('my-report-comment');
    await shown.waitFor();
    expect(await shown.innerText()).toContain(comment);
    expect(await page.getByTestId('my-report').inputValue()).toBe(report);
    expect(await page.getByTestId('my-report').isDisabled()).toBe(true);
    expect(await page.getByTestId('my-report-submit').count()).toBe(0);
    await screenshot(page, 'birthdays-6-member-sees-comment');
    await logout(page);
  });

  it('had no page errors', () => {
    // The login page asks /api/auth/me before anyone is logged in: that 401 is expected.
    const expected = /Failed to load resource: the server responded with a status of 401/;
    expect(errors.filter((e) => !expected.test(e))).toEqual([]);
  });
});
