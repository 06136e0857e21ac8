import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, loginAs, screenshot, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

// The organisation tree from a spreadsheet, in a browser, on a fresh server (only the park and its
// general branch exist): the park admin picks 组织架构 on the import page, uploads the template filled
// with two rows (a school and its grade, the grade first), sees the preview, confirms, and finds both
// nodes under their parents on the 组织架构 page.

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const PARK = '青溪园区';
const SCHOOL = '青溪职业技术学校';
const GRADE = '2025级';

describe('org tree import in a browser', () => {
  let server: TestServer;
  let b: TestBrowser;
  let page: Page;
  let errors: string[];
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-e2e-org-import-'));
    server = await startServer({ env: { PARK_NAME: PARK } });
    b = await launchBrowser({ baseUrl: server.baseUrl });
    page = b.page;
    page.setDefaultTimeout(30_000);
    errors = collectPageErrors(page);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && server) {
      if (page) await screenshot(page, `org-import-failed-${ctx.task.name}`).catch(() => undefined);
      console.error(`server output (last 4000 chars):\n${server.output().slice(-4000)}`);
    }
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('downloads the org template, fills in two rows, previews and commits them', async () => {
    await loginAs(page, server.baseUrl, server.admin.username, server.admin.password);
    await page.getByTestId('nav-imports').click();
    await page.getByTestId('import-page').waitFor();
    await page.getByTestId('import-kind').getByText('组织架构', { exact: true }).click();
    await poll(() => page.url()).toContain('kind=org');
    await poll(() =>
      page.getByTestId('import-kind').locator('.ant-radio-button-wrapper-checked').innerText(),
    ).toBe('组织架构');

    // The template the page offers, filled in as a park would: the grade before its school.
    const download = page.waitForEvent('download');
    await page.getByTestId('import-template-xlsx').click();
    const saved = path.join(tmp, (await download).suggestedFilename());
    await (await download).saveAs(saved);
    expect(path.basename(saved)).toBe('组织架构导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const sheet = wb.getWorksheet('组织架构')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '名称', '类型', '上级', '编码', '排序']);
    sheet.addRow([GRADE, '年级', SCHOOL]);
    sheet.addRow([SCHOOL, '学校', '']);
    const filled = path.join(tmp, '组织架构.xlsx');
    await wb.xlsx.writeFile(filled);

    const uploaded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/imports/'),
    );
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(filled);
    expect(new URL((await uploaded).url()).pathname).toBe('/api/imports/org');

    const preview = page.getByTestId('import-preview-table');
    await preview.waitFor();
    expect(await page.getByTestId('import-invalid').count()).toBe(0);
    await poll(() => page.getByTestId('import-to-create').locator('.ant-statistic-content').innerText()).toBe(
      '2',
    );
    const rows = preview.locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(2);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
    expect(await cells(0)).toEqual(['2', GRADE, '年级', `${PARK}党总支 / ${SCHOOL}`, '新增']);
    expect(await cells(1)).toEqual(['3', SCHOOL, '学校', `${PARK}党总支`, '新增']);
    await screenshot(page, 'org-import-01-preview');

    await page.getByTestId('import-confirm').click();
    await page.locator('[data-testid=import-result], [data-testid=import-failed]').first().waitFor();
    const failed = page.getByTestId('import-failed');
    if (await failed.count()) throw new Error(`the import failed: ${await failed.innerText()}`);
    await poll(() => page.getByTestId('import-result').innerText()).toContain('新增 2 个节点');
  });

  it('shows the imported nodes under their parents on the 组织架构 page', async () => {
    await page.getByTestId('import-view-list').click();
    await page.getByTestId('org-tree').waitFor();
    await page.getByText('全部展开', { exact: true }).click();
    const school = page.locator('[data-testid=org-node][data-kind=school]', {
      has: page.getByText(SCHOOL, { exact: true }),
    });
    await school.waitFor();
    const grade = page.locator('[data-testid=org-node][data-kind=grade]', {
      has: page.getByText(GRADE, { exact: true }),
    });
    await grade.click();
    await poll(() => page.getByTestId('org-detail').locator('.ant-card-head-title').innerText()).toBe(GRADE);
    await poll(() => page.getByTestId('org-detail').innerText()).toContain(
      `${PARK} / ${PARK}党总支 / ${SCHOOL}`,
    );
    await screenshot(page, 'org-import-02-tree');
    expect(errors).toEqual([]);
  });
});
