import axe from 'axe-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openPglite } from '../src/server/platform/db/client';
import { assessmentSchemes, assessmentSchemeVersions } from '../src/server/platform/db/schema/index';
import { DEFAULT_SCHEME } from '../src/server/areas/assessment/rules/scheme';
import { buildPark, PASSWORD } from '../test/support/fixtures';
import { addMember } from '../test/support/orgLife';
import { startServer, type TestServer } from './support/server';
import { collectPageErrors, launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';

// The democratic appraisal end to end: the branch secretary opens a round in the console, four
// members vote on their phones (375 px) — each member on the paper, the voter too, one grade
// each, a confirmation step, the receipt code —, one checks their receipt, the secretary watches
// the turnout, closes the vote, sees the count and records the committee's grades, and a member
// then reads their own grade and the 优秀 list.
/** axe-core's serious and critical findings on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
}

describe('民主评议: a round voted on phones, closed, results shown', () => {
  let server: TestServer;
  let b: TestBrowser;
  let secretary: Page;
  const year = Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
  );
  const voters = ['ev001', 'ev002', 'ev003', 'ev004'];
  const phones: BrowserContext[] = [];
  let roundUrl = '';

  beforeAll(async () => {
    server = await startServer({
      prepare: async (dataDir) => {
        const database = await openPglite(dataDir);
        await database.migrate();
        const park = await buildPark(database.db);
        // Branch A: teacherA and secretaryA (fixtures) and four more full members with accounts.
        for (const [i, number] of voters.entries())
          await addMember(database.db, park, {
            number: number.toUpperCase(),
            name: ['周红', '吴刚', '郑敏', '王芳'][i]!,
            school: 'A',
            joinedOn: '2012-07-01',
            fullOn: '2013-07-01',
            withAccount: true,
          });
        const [scheme] = await database.db
          .insert(assessmentSchemes)
          .values({ parkId: park.parkId, year, name: `${year} 年度方案`, config: DEFAULT_SCHEME })
          .returning();
        await database.db
          .insert(assessmentSchemeVersions)
          .values({ parkId: park.parkId, schemeId: scheme!.id, version: 1, config: DEFAULT_SCHEME });
        await database.close();
      },
    });
    b = await launchBrowser({ baseUrl: server.baseUrl, viewport: { width: 1366, height: 900 } });
    secretary = b.page;
  });
  afterAll(async () => {
    for (const c of phones) await c.close().catch(() => undefined);
    await b?.close();
    await server?.stop();
  });

  it('the secretary opens a round for the branch', async () => {
    const errors = collectPageErrors(secretary);
    await loginAs(secretary, server.baseUrl, 'secretaryA', PASSWORD);
    // The menu shows 民主评议 to whoever holds assessment.review (src/admin/app/nav.test.ts).
    await expect.poll(() => secretary.getByTestId('nav-assessment').count()).toBe(1);
    await secretary.goto('/admin/assessment/appraisal');
    await secretary.getByTestId('appraisal-rounds').waitFor();
    await secretary.getByTestId('open-round').click();
    const modal = secretary.getByTestId('open-round-modal');
    await modal.getByTestId('round-node').click();
    await secretary
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '第一党支部' })
      .click();
    // The roll of the branch shows once the node is chosen: six full members, no probationary.
    await modal.getByText('参评党员 6 人').waitFor();
    await expect.poll(() => modal.getByTestId('round-title').inputValue()).toContain('民主评议党员');
    const opened = secretary.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === '/api/assessment/appraisal/rounds' && r.request().method() === 'POST',
    );
    // antd spaces out a two-character label: 「发 起」.
    await modal.getByRole('button', { name: /^发\s*起$/ }).click();
    expect((await opened).status()).toBe(201);
    await secretary.waitForURL(/\/admin\/assessment\/appraisal\/rounds\/[0-9a-f-]+$/);
    roundUrl = secretary.url();
    await secretary.getByTestId('turnout').getByText('0/6').waitFor();
    expect(errors).toEqual([]);
  });

  it('four members vote on their phones, each getting a receipt code', async () => {
    for (const username of voters) {
      const phone = await b.browser.newContext({
        baseURL: server.baseUrl,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: { width: 375, height: 812 },
      });
      phone.setDefaultTimeout(60_000);
      phones.push(phone);
      const page = await phone.newPage();
      const errors = collectPageErrors(page);
      await loginAs(page, server.baseUrl, username, PASSWORD);
      // The workbench says there is a vote to cast, and leads to the paper.
      const item = page.getByTestId('wb-assessment.appraisalVote');
      await item.waitFor();
      await item.getByRole('link').first().click();
      await page.waitForURL(/\/admin\/assessment\/appraisal\/mine$/);
      const paper = page.getByTestId('ballot-paper');
      await paper.waitFor();
      const lines = paper.getByTestId('ballot-line');
      await expect.poll(() => lines.count()).toBe(6);
      // The voter is on their own paper, marked 本人.
      await expect.poll(() => paper.getByText('本人', { exact: true }).count()).toBe(1);
      if (username === voters[0]) expect(await seriousViolations(page)).toEqual([]);
      // 优秀 for 书记A, then everyone else 合格 with one tap.
      await lines.filter({ hasText: '书记A' }).getByText('优秀', { exact: true }).click();
      await page.getByRole('button', { name: /未选的都设为「合格」/ }).click();
      await expect.poll(() => page.getByTestId('ballot-progress').textContent()).toContain('已评 6 / 6');
      // Touch targets and no sideways scrolling at 375 px.
      const box = await lines.first().locator('.ant-radio-button-wrapper').first().boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      if (username === voters[0]) await screenshot(page, 'appraisal-paper-375');
      await page.getByTestId('ballot-next').click();
      const review = page.getByTestId('ballot-review');
      await review.getByText('优秀 1 人').waitFor();
      await review.getByText('合格 5 人').waitFor();
      if (username === voters[0]) await screenshot(page, 'appraisal-review-375');
      const cast = page.waitForResponse((r) => /\/ballots$/.test(new URL(r.url()).pathname));
      await page.getByTestId('ballot-cast').click();
      expect((await cast).status()).toBe(201);
      const code = (await page.getByTestId('receipt-code').textContent())!.trim();
      expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      if (username === voters[0]) await screenshot(page, 'appraisal-receipt-375');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.getByTestId('receipt-done').click();
      await page.getByTestId('paper-state').getByText('已投票').waitFor();
      if (username === voters[0]) {
        // Checking the receipt: counted, six ballots on the paper — and nothing of what they say.
        await page.getByTestId('receipt-input').fill(code.toLowerCase());
        await page.getByTestId('receipt-submit').click();
        await page.getByTestId('receipt-answer').getByText('已计入：这张选票共 6 票。').waitFor();
      }
      expect(errors).toEqual([]);
    }
  });

  it('the secretary sees the live turnout, closes the vote, grades the branch; a member reads the result', async () => {
    await secretary.goto(roundUrl);
    await secretary.getByTestId('turnout').getByText('4/6').waitFor();
    // The roll says who voted, never what.
    const roll = secretary.getByTestId('roll-table');
    await expect.poll(() => roll.getByText('已投', { exact: true }).count()).toBe(4);
    await secretary.getByTestId('close-round').click();
    const closed = secretary.waitForResponse((r) => /\/close$/.test(new URL(r.url()).pathname));
    await secretary.getByRole('dialog').getByRole('button', { name: '结束投票并计票' }).click();
    expect((await closed).status()).toBe(200);
    const results = secretary.getByTestId('results-table');
    // 书记A: four 优秀 → 100.00; everyone else four 合格 → 85.00.
    const row = results.getByRole('row').filter({ hasText: '书记A' });
    await row.getByText('100.00').waitFor();
    await expect.poll(() => results.getByText('85.00', { exact: true }).count()).toBe(5);
    await secretary.getByRole('button', { name: '按得票最多的等次填入' }).click();
    await secretary.getByText('最多 2 名，已选 1 名').waitFor();
    await secretary.getByTestId('finalize').click();
    const finalized = secretary.waitForResponse((r) => /\/finalize$/.test(new URL(r.url()).pathname));
    await secretary.getByRole('dialog').getByRole('button', { name: '确定评议等次' }).click();
    expect((await finalized).status()).toBe(200);
    await secretary.getByText('已确定等次').first().waitFor();
    await screenshot(secretary, 'appraisal-round-finalized');

    const page = await phones[1]!.newPage();
    await page.goto('/admin/assessment/appraisal/mine');
    const result = page.getByTestId('paper-result');
    await result.getByTestId('my-grade').getByText('你的评议等次：合格').waitFor();
    await result.getByTestId('excellent-list').getByText('书记A').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'appraisal-result-375');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
