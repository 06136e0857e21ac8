import { IMPORT_COLUMNS } from '../src/server/areas/imports/columns';
import { breakCheckDigit } from '../test/support/people';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar, parseIdNumber } from '../src/common/idNumber';
import {
  collectPageErrors,
  launchBrowser,
  screenshot,
  type TestBrowser,
  logOutThroughMenu,
} from './support/browser';
import { startServer, type TestServer } from './support/server';

// Issue 2's browser walk-through on a fresh server (only the park and its general branch exist):
// log in as the park admin → build a school / grade / class in the organisation tree → import a
// student spreadsheet with one bad row (per-row report, nothing written) → fix it and import
// (summary → confirm → result) → find a student and open the detail (masked ID number) → log out.
// One browser page walks the whole flow, so the steps run in order and share the session.

/** Waits for the page to reach a state; generous, as the machine may be busy with other work. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });

const SCHOOL = '滨江实验中学';
const GRADE = '七年级';
const CLASS = '七年级(1)班';

interface Student {
  number: string;
  name: string;
  gender: '男' | '女';
  idNumber: string;
  league: boolean;
  guardian: string;
  guardianPhone: string;
}

/** A valid 18-digit ID number (GB 11643): Shanghai Huangpu, the birth date, a sequence, the check digit. */
function idNumber(birth: string, seq: number, gender: '男' | '女'): string {
  // The 17th digit is odd for men, even for women.
  const last = gender === '男' ? 1 + 2 * (seq % 5) : 2 * (seq % 5);
  const first17 = `310101${birth.replace(/-/g, '')}${String(seq).padStart(2, '0')}${last}`;
  return first17 + idCheckChar(first17);
}

const STUDENTS: Student[] = [
  ['王思远', '男', '2012-03-15'],
  ['李雨桐', '女', '2012-07-02'],
  ['张子涵', '女', '2011-11-23'],
  ['陈浩然', '男', '2012-01-09'],
  ['刘欣怡', '女', '2012-05-28'],
].map(([name, gender, birth], i) => ({
  number: `S2025${String(i + 1).padStart(3, '0')}`,
  name: name!,
  gender: gender as '男' | '女',
  idNumber: idNumber(birth!, 31 + i, gender as '男' | '女'),
  league: i % 2 === 0,
  guardian: `${name!.slice(0, 1)}建国`,
  guardianPhone: `1391234${String(5670 + i)}`,
}));

/** The third student's ID number with its check character changed: the one bad row (spreadsheet row 4). */
const BAD_INDEX = 2;
const BAD_ROW = BAD_INDEX + 2;

/** The student template's headers, in order, as the server writes them. */
const HEADERS = IMPORT_COLUMNS.student.map((c) => c.header);

/** The student template's columns (src/server/areas/imports/columns.ts), filled in as a school would. */
async function writeStudentsXlsx(file: string, students: Student[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学生名单');
  ws.addRow(HEADERS);
  for (const s of students) {
    ws.addRow([
      s.number,
      s.name,
      s.gender,
      '',
      s.idNumber,
      '',
      SCHOOL,
      GRADE,
      CLASS,
      s.league ? '是' : '否',
      s.league ? '2025-05-04' : '',
      s.guardian,
      s.guardianPhone,
    ]);
  }
  await wb.xlsx.writeFile(file);
}

describe('foundation: tree, import, people, logout in a browser', () => {
  let server: TestServer;
  let b: TestBrowser;
  let page: Page;
  let errors: string[];
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-e2e-import-'));
    server = await startServer();
    b = await launchBrowser({ baseUrl: server.baseUrl });
    page = b.page;
    page.setDefaultTimeout(30_000);
    errors = collectPageErrors(page);
  });
  afterEach(async (ctx) => {
    // A failed step: keep the page and show what the server said (later steps fail for the same reason).
    if (ctx.task.result?.state === 'fail' && server) {
      if (page) await screenshot(page, `foundation-failed-${ctx.task.name}`).catch(() => undefined);
      console.error(`server output (last 4000 chars):\n${server.output().slice(-4000)}`);
    }
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * Uploads a file as students: waits until the page has rendered the student kind (the URL changes
   * before React re-renders the uploader with it), then checks the upload went to the student import.
   */
  async function uploadStudents(file: string) {
    await poll(() => page.url()).toContain('kind=student');
    await poll(() =>
      page.getByTestId('import-kind').locator('.ant-radio-button-wrapper-checked').innerText(),
    ).toBe('学生');
    const uploaded = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/api/imports/'),
    );
    await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles(file);
    const res = await uploaded;
    expect(new URL(res.url()).pathname).toBe('/api/imports/student');
  }

  it('builds valid ID numbers for the fixtures, and one broken one', () => {
    for (const s of STUDENTS) expect(parseIdNumber(s.idNumber)).toMatchObject({ ok: true });
    expect(parseIdNumber(breakCheckDigit(STUDENTS[BAD_INDEX]!.idNumber))).toMatchObject({ ok: false });
  });

  it('logs in as the park administrator', async () => {
    await page.goto('/admin');
    await page.getByTestId('login-form').waitFor();
    expect(page.url()).toContain('/admin/login');
    await screenshot(page, 'foundation-01-login');
    await page.getByTestId('login-username').fill(server.admin.username);
    await page.getByTestId('login-password').fill(server.admin.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user-menu').waitFor();
    // The first administrator's display name is its role's name (src/server/bootstrap.ts).
    await poll(() => page.getByTestId('user-name').innerText()).toBe('园区管理员');
    expect(new URL(page.url()).pathname).not.toBe('/admin/login');
    await page.getByTestId('nav-org').waitFor();
  });

  it('shows the organisation tree and adds a school, a grade and a class through it', async () => {
    await page.getByTestId('nav-org').click();
    await page.getByTestId('org-tree').waitFor();
    await poll(() => page.locator('[data-testid=org-node][data-kind=park]').count()).toBe(1);
    await poll(() => page.locator('[data-testid=org-node][data-kind=generalBranch]').count()).toBe(1);

    async function addChild(parentKind: string, parentName: string | null, kindLabel: string, name: string) {
      const parent = page.locator(`[data-testid=org-node][data-kind=${parentKind}]`, {
        ...(parentName ? { has: page.getByText(parentName, { exact: true }) } : {}),
      });
      await parent.click();
      await poll(() => page.getByTestId('org-detail').locator('.ant-card-head-title').innerText()).toBe(
        parentName ?? (await parent.locator('.org-node-name').innerText()),
      );
      await page.getByTestId('org-add-child').click();
      const modal = page.getByTestId('org-node-modal');
      await modal.getByTestId('org-node-name').waitFor();
      const kind = modal.locator('.ant-select').first();
      if (!(await kind.innerText()).includes(kindLabel)) {
        await kind.click();
        await page
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
          .filter({ hasText: new RegExp(`^${kindLabel}$`) })
          .click();
        await poll(() => kind.innerText()).toContain(kindLabel);
      }
      await modal.getByTestId('org-node-name').fill(name);
      await modal.locator('.ant-modal-footer .ant-btn-primary').click();
      await modal.waitFor({ state: 'detached' });
      // The new node is selected and shown in the tree under its parent.
      await poll(() => page.getByTestId('org-detail').locator('.ant-card-head-title').innerText()).toBe(name);
      await page.locator('[data-testid=org-node]', { has: page.getByText(name, { exact: true }) }).waitFor();
    }

    await addChild('generalBranch', null, '学校', SCHOOL);
    await addChild('school', SCHOOL, '年级', GRADE);
    await addChild('grade', GRADE, '班级', CLASS);

    const classNode = page.locator('[data-testid=org-node][data-kind=class]');
    await poll(() => classNode.innerText()).toContain(CLASS);
    await poll(() => page.getByTestId('org-detail').innerText()).toContain(`${SCHOOL} / ${GRADE}`);
    await screenshot(page, 'foundation-02-org-tree');
  });

  it('reports the bad row of a student spreadsheet and writes nothing', async () => {
    const bad = path.join(tmp, '学生名单-有错.xlsx');
    await writeStudentsXlsx(
      bad,
      STUDENTS.map((s, i) => (i === BAD_INDEX ? { ...s, idNumber: breakCheckDigit(s.idNumber) } : s)),
    );

    await page.getByTestId('nav-imports').click();
    await page.getByTestId('import-page').waitFor();
    await page.getByTestId('import-kind').getByText('学生', { exact: true }).click();
    await uploadStudents(bad);

    const invalid = page.getByTestId('import-invalid');
    await invalid.waitFor();
    const report = page.getByTestId('import-report-table');
    const rows = report.locator('tbody tr.ant-table-row');
    await poll(() => rows.count()).toBe(1);
    const [row, column, reason] = await rows.first().locator('td').allInnerTexts();
    expect({ row, column, reason }).toEqual({
      row: String(BAD_ROW),
      column: '身份证号',
      reason: expect.stringContaining('校验位'),
    });
    expect(await page.getByTestId('import-confirm').count()).toBe(0);
    await screenshot(page, 'foundation-03-import-report');

    // Nothing was written: the students list is still empty (and the API agrees).
    const res = await page.request.get('/api/people?kind=student');
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(0);
    // 人员管理 is a sub-menu: open it unless it is open already (a click on an open one closes it).
    const students = page.getByTestId('nav-students');
    if (!(await students.isVisible())) await page.getByTestId('nav-people').click();
    await students.click();
    await page.getByTestId('people-page-student').waitFor();
    await page.getByTestId('people-table').getByText('还没有人员', { exact: false }).waitFor();
    expect(await page.getByTestId('person-link').count()).toBe(0);
  });

  it('imports the fixed spreadsheet: summary, confirm, result', async () => {
    const good = path.join(tmp, '学生名单.xlsx');
    await writeStudentsXlsx(good, STUDENTS);

    await page.getByTestId('people-import').click();
    await page.getByTestId('import-page').waitFor();
    await uploadStudents(good);

    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await page.getByTestId('import-invalid').count()).toBe(0);
    await poll(() => page.getByTestId('import-to-create').locator('.ant-statistic-content').innerText()).toBe(
      String(STUDENTS.length),
    );
    expect(await page.getByTestId('import-to-update').locator('.ant-statistic-content').innerText()).toBe(
      '0',
    );
    await screenshot(page, 'foundation-04-import-summary');

    await page.getByTestId('import-confirm').click();
    await page.locator('[data-testid=import-result], [data-testid=import-failed]').first().waitFor();
    const failed = page.getByTestId('import-failed');
    if (await failed.count()) throw new Error(`the import failed: ${await failed.innerText()}`);
    const result = page.getByTestId('import-result');
    await poll(() => result.innerText()).toContain(String(STUDENTS.length));
    await screenshot(page, 'foundation-05-import-result');
  });

  it('finds an imported student by name and shows the masked ID number', async () => {
    const s = STUDENTS[1]!;
    await page.getByTestId('import-view-list').click();
    await page.getByTestId('people-page-student').waitFor();
    await poll(() => page.getByTestId('person-link').count()).toBe(STUDENTS.length);

    await page.getByTestId('people-search').locator('input').fill(s.name);
    await poll(() => page.url()).toContain(`q=${encodeURIComponent(s.name)}`);
    await poll(() => page.getByTestId('person-link').allInnerTexts()).toEqual([s.name]);
    const row = page.getByTestId('people-table').locator('tbody tr.ant-table-row');
    await poll(() => row.first().innerText()).toContain(s.number);
    await poll(() => row.first().innerText()).toContain(CLASS);
    await screenshot(page, 'foundation-06-people-search');

    await page.getByTestId('person-link').click();
    await page.getByTestId('person-detail').waitFor();
    expect(await page.getByTestId('person-name').innerText()).toBe(s.name);
    const masked = `${s.idNumber.slice(0, 4)}**********${s.idNumber.slice(-4)}`;
    await poll(() => page.getByTestId('person-idNumber').innerText()).toBe(masked);
    expect(await page.getByTestId('person-detail').innerText()).not.toContain(s.idNumber);
    await screenshot(page, 'foundation-07-person-detail');
  });

  it('logs out, and the console then sends to the login page', async () => {
    await logOutThroughMenu(page);
    expect(page.url()).toContain('/admin/login');

    await page.goto('/admin/people');
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
    await screenshot(page, 'foundation-08-logged-out');
  });

  it('raised no page errors along the way', () => {
    // The 401 answers to /api/auth/me while signed out are the console's way of finding that out;
    // Chromium logs each as a failed resource load. Anything else is a fault.
    const unexpected = errors.filter((e) => !/Failed to load resource: .*status of 401/.test(e));
    expect(unexpected).toEqual([]);
  });
});
