import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { publicThanksList } from '../../../src/server/areas/donations/public';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { DONATION_HEADER, multipartFile, xlsxOf } from '../../support/donations';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
let studentA1: Client;
let driveId: string;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  schoolAdminA = await login('schoolAdminA');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  teacherB = await login('teacherB');
  studentA1 = await login('studentA1');
});
afterAll(() => t.close());

const count = async (cond: ReturnType<typeof sql>) =>
  (
    await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from donation_entries where ${cond}`,
    )
  )[0]!.n;

async function createDrive(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/donations/drives', {
    type: 'donation',
    title: '支援灾区重建爱心捐款',
    purpose: '支援地震灾区重建',
    startsOn: '2026-05-12',
    organiserId: park.nodes.generalBranch!.id,
    eligible: ['staff', 'student', 'member', 'class'],
    publicThanks: true,
    publicAmounts: true,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; receiptPrefix: string; [k: string]: unknown };
}

const give = (c: Client, drive: string, body: Record<string, unknown>) =>
  c.post(`/api/donations/drives/${drive}/entries`, { method: 'cash', ...body });

describe('drives', () => {
  it('a park admin opens a drive with a receipt prefix; others cannot for the general branch', async () => {
    const d = await createDrive(admin);
    driveId = d.id;
    expect(d).toMatchObject({
      type: 'donation',
      typeLabel: '爱心捐款',
      status: 'open',
      receiptPrefix: 'JZ2026',
    });
    const second = await createDrive(admin, { title: '第二次捐款' });
    expect(second.receiptPrefix).toBe('JZ2026B');
    const bySecretary = await secretaryA.post('/api/donations/drives', {
      type: 'donation',
      title: 'x',
      startsOn: '2026-05-12',
      organiserId: park.nodes.generalBranch!.id,
      eligible: ['staff'],
    });
    expect(bySecretary.statusCode).toBe(403);
    expect(
      (
        await teacherB.post('/api/donations/drives', {
          type: 'donation',
          title: 'x',
          startsOn: '2026-05-12',
          organiserId: park.nodes.branchB!.id,
          eligible: ['staff'],
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('contracts and the guard', () => {
  it('refuses a day that does not exist and malformed ids with 400 VALIDATION_FAILED', async () => {
    for (const startsOn of ['2025-02-31', '2026-13-01', '12/05/2026']) {
      const res = await admin.post('/api/donations/drives', {
        type: 'donation',
        title: '日期有误',
        startsOn,
        organiserId: park.nodes.generalBranch!.id,
      });
      expect(res.statusCode, startsOn).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const badGiven = await give(admin, driveId, {
      donorType: 'person',
      personId: park.persons.teacherA,
      amount: 1,
      givenOn: '2026-02-30',
    });
    expect(badGiven.statusCode).toBe(400);
    expect(badGiven.json().error.code).toBe('VALIDATION_FAILED');
    expect((await admin.get('/api/donations/drives/not-an-id')).statusCode).toBe(400);
    expect((await admin.get('/api/donations/summary?type=donation&year=abc')).statusCode).toBe(400);
    expect(await count(sql`true`)).toBe(0);
  });

  it('answers 401 without a session and 403 without the permission, before the handler', async () => {
    for (const [method, url] of [
      ['GET', '/api/donations/drives'],
      ['GET', '/api/donations/mine'],
      ['POST', `/api/donations/drives/${driveId}/entries`],
      ['POST', `/api/donations/drives/${driveId}/close`],
    ] as const) {
      const res = await t.app.inject({ method, url });
      expect(res.statusCode, url).toBe(401);
    }
    // teacherB is a plain member: no drives to run, no gifts to book.
    expect((await teacherB.post(`/api/donations/drives/${driveId}/close`)).statusCode).toBe(403);
    expect((await teacherB.patch(`/api/donations/drives/${driveId}`, { title: 'x' })).statusCode).toBe(403);
    const imp = await teacherB.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('x.xlsx', await xlsxOf([DONATION_HEADER])),
    });
    expect(imp.statusCode).toBe(403);
  });

  it('answers in the contract’s shape, with nothing extra', async () => {
    const d = (await admin.get(`/api/donations/drives/${driveId}`)).json();
    expect(Object.keys(d).sort()).toEqual(
      [
        'id',
        'type',
        'typeLabel',
        'title',
        'purpose',
        'startsOn',
        'endsOn',
        'organiserId',
        'organiserName',
        'eligible',
        'eligibleLabels',
        'status',
        'statusLabel',
        'publicThanks',
        'publicAmounts',
        'receiptPrefix',
        'closedAt',
        'createdAt',
        'canManage',
        'canRecord',
        'canReverse',
      ].sort(),
    );
    expect(d).toMatchObject({ startsOn: '2026-05-12', endsOn: null, canManage: true, canRecord: true });
    expect(new Date(d.createdAt).toISOString()).toBe(d.createdAt);
  });
});

describe('entries and amounts', () => {
  it('refuses negative, non-numeric, zero and over-precise amounts with Chinese field messages', async () => {
    const cases: [unknown, string][] = [
      ['-5', '金额不能为负数'],
      [-5, '金额不能为负数'],
      ['abc', '金额必须是数字（单位：元，最多两位小数）'],
      ['1.234', '金额最多两位小数（精确到分）'],
      ['0', '金额必须大于零'],
      ['99999999999', '金额过大（不能超过 10,000,000.00 元）'],
    ];
    for (const [amount, message] of cases) {
      const res = await give(admin, driveId, {
        donorType: 'person',
        personId: park.persons.teacherA,
        amount,
      });
      expect(res.statusCode, String(amount)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.fields.amount).toBe(message);
    }
    expect(await count(sql`true`)).toBe(0);
  });

  it('records gifts by person and by class, in integer fen, with sequential receipts', async () => {
    const a = await give(admin, driveId, {
      donorType: 'person',
      personId: park.persons.teacherA,
      amount: '100.50',
    });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({
      receiptNo: 'JZ2026-0001',
      amountFen: 10050,
      amount: '100.50',
      donorName: '教师A',
      isMember: true,
      branchName: '学校A第一党支部',
      schoolName: '学校A',
      methodLabel: '现金',
    });
    const b = await give(admin, driveId, {
      donorType: 'person',
      personId: park.persons.studentA1,
      amount: 20,
    });
    expect(b.json()).toMatchObject({
      receiptNo: 'JZ2026-0002',
      amountFen: 2000,
      className: '学校A2025级1班',
    });
    const c = await give(teacherA, driveId, {
      donorType: 'class',
      classId: park.nodes.classA1!.id,
      amount: '356.5',
      method: 'wechat',
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json()).toMatchObject({
      receiptNo: 'JZ2026-0003',
      amountFen: 35650,
      donorName: '学校A2025级1班',
    });
    const d = await give(admin, driveId, {
      donorType: 'person',
      personId: park.persons.teacherB,
      amount: '50',
      anonymous: true,
    });
    expect(d.json().receiptNo).toBe('JZ2026-0004');
    const e = await give(secretaryA, driveId, {
      donorType: 'person',
      personId: park.persons.secretaryA,
      amount: '30',
    });
    expect(e.statusCode, e.body).toBe(201);
    const [audited] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'donations.entry.record'`,
    );
    expect(audited!.n).toBe(5);
  });

  it('scopes recording: a secretary only their branch, a homeroom teacher only their class', async () => {
    const r1 = await give(secretaryA, driveId, {
      donorType: 'person',
      personId: park.persons.teacherB,
      amount: 1,
    });
    expect(r1.statusCode).toBe(403);
    const r2 = await give(secretaryA, driveId, {
      donorType: 'person',
      personId: park.persons.studentA1,
      amount: 1,
    });
    expect(r2.statusCode).toBe(403);
    const r3 = await give(teacherA, driveId, {
      donorType: 'class',
      classId: park.nodes.classA2!.id,
      amount: 1,
    });
    expect(r3.statusCode).toBe(403);
    const r4 = await give(teacherB, driveId, {
      donorType: 'person',
      personId: park.persons.teacherB,
      amount: 1,
    });
    expect(r4.statusCode).toBe(403);
    const missing = await give(admin, driveId, { donorType: 'class', amount: 1 });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields.classId).toBe('请选择班级');
  });

  it('totals by school, class and branch are exact', async () => {
    const res = await admin.get(`/api/donations/drives/${driveId}/totals`);
    expect(res.statusCode).toBe(200);
    const tot = res.json();
    expect(tot).toMatchObject({
      totalFen: 10050 + 2000 + 35650 + 5000 + 3000,
      total: '557.00',
      giftCount: 5,
      donorCount: 5,
    });
    const by = (rows: { name: string; totalFen: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.name, r.totalFen]));
    expect(by(tot.bySchool)).toEqual({ 学校A: 10050 + 2000 + 35650 + 3000, 学校B: 5000 });
    expect(by(tot.byClass)).toEqual({ 学校A2025级1班: 2000 + 35650 });
    expect(by(tot.byBranch)).toEqual({ 学校A第一党支部: 10050 + 3000, 学校B第一党支部: 5000 });
    expect(tot.byDonorKind).toMatchObject({
      staff: { totalFen: 10050 + 5000 + 3000 },
      student: { totalFen: 2000 },
      class: { totalFen: 35650 },
      members: { totalFen: 10050 + 5000 + 3000 },
    });
  });

  it('a secretary sees only their branch; a member only their own gifts', async () => {
    const sec = (await secretaryA.get(`/api/donations/drives/${driveId}/totals`)).json();
    expect(sec.totalFen).toBe(10050 + 3000);
    expect(sec.bySchool).toHaveLength(1);
    const secEntries = (await secretaryA.get(`/api/donations/drives/${driveId}/entries`)).json();
    expect(secEntries.items.map((e: { donorName: string }) => e.donorName).sort()).toEqual([
      '书记A',
      '教师A',
    ]);

    const own = (await teacherB.get(`/api/donations/drives/${driveId}/entries`)).json();
    expect(own.items).toHaveLength(1);
    expect(own.items[0]).toMatchObject({ donorName: '教师B', amountFen: 5000 });
    expect((await teacherB.get(`/api/donations/drives/${driveId}/totals`)).json().totalFen).toBe(5000);
    const mine = (await teacherB.get('/api/donations/mine')).json();
    expect(mine.donations).toHaveLength(1);
    expect(mine.specialDues).toEqual([]);
    const otherEntry = secEntries.items[0].id;
    expect((await teacherB.get(`/api/donations/entries/${otherEntry}`)).statusCode).toBe(404);

    // studentA1 gave, so sees the drive; a drive they did not give to stays hidden.
    const drives = (await studentA1.get('/api/donations/drives')).json();
    expect(drives.items.map((d: { id: string }) => d.id)).toEqual([driveId]);
    expect(drives.items[0].totalFen).toBe(2000);
  });
});

describe('corrections are reversals', () => {
  let teacherAEntry: string;
  let reversalId: string;

  it('entries are never edited or deleted, even while open', async () => {
    const list = (await admin.get(`/api/donations/drives/${driveId}/entries?q=教师A`)).json();
    teacherAEntry = list.items[0].id;
    const patch = await admin.patch(`/api/donations/entries/${teacherAEntry}`, { amount: '10' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().error.code).toBe('ENTRY_IMMUTABLE');
    expect(patch.json().error.message).toContain('冲正');
    expect((await admin.delete(`/api/donations/entries/${teacherAEntry}`)).statusCode).toBe(409);
    await expect(
      t.database.db.execute(sql`update donation_entries set amount_fen = 1 where id = ${teacherAEntry}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`delete from donation_entries where id = ${teacherAEntry}`),
    ).rejects.toThrow();
  });

  it('a reversal negates the original exactly, once, with a reason', async () => {
    const noReason = await admin.post(`/api/donations/entries/${teacherAEntry}/reverse`, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    const rev = await admin.post(`/api/donations/entries/${teacherAEntry}/reverse`, {
      reason: '金额登记错误',
    });
    expect(rev.statusCode, rev.body).toBe(201);
    reversalId = rev.json().id;
    expect(rev.json()).toMatchObject({
      amountFen: -10050,
      amount: '-100.50',
      isReversal: true,
      reversesId: teacherAEntry,
      reversesReceiptNo: 'JZ2026-0001',
      reversalReason: '金额登记错误',
      receiptNo: 'JZ2026-0006',
    });
    const again = await admin.post(`/api/donations/entries/${teacherAEntry}/reverse`, { reason: '重复' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('ALREADY_REVERSED');
    const ofReversal = await admin.post(`/api/donations/entries/${reversalId}/reverse`, { reason: '重复' });
    expect(ofReversal.statusCode).toBe(422);
    // Without donations.entries the guard refuses before looking at the record (nothing leaks).
    const byMember = await teacherB.post(`/api/donations/entries/${teacherAEntry}/reverse`, {
      reason: '试试',
    });
    expect(byMember.statusCode).toBe(403);
    // With it, an entry outside one's reach is not found (the league reaches students only) …
    const leagueA = await asClient(t.app).login('leagueA', PASSWORD);
    const byLeague = await leagueA.post(`/api/donations/entries/${teacherAEntry}/reverse`, {
      reason: '试试',
    });
    expect(byLeague.statusCode).toBe(404);
    // … and one's own gift is readable but not reversible by oneself.
    const byDonor = await teacherA.post(`/api/donations/entries/${teacherAEntry}/reverse`, {
      reason: '试试',
    });
    expect(byDonor.statusCode).toBe(403);
    expect(await count(sql`reverses_id = ${teacherAEntry}`)).toBe(1);
    const original = (await admin.get(`/api/donations/entries/${teacherAEntry}`)).json();
    expect(original.reversedBy).toMatchObject({ id: reversalId, receiptNo: 'JZ2026-0006' });

    // The re-entry of the right amount.
    await give(admin, driveId, { donorType: 'person', personId: park.persons.teacherA, amount: '10.05' });
  });

  it('reversals sum to zero and totals follow', async () => {
    const pairs = await queryRows<{ sum: string }>(
      t.database.db,
      sql`select (r.amount_fen + o.amount_fen)::text as sum from donation_entries r
          join donation_entries o on o.id = r.reverses_id`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.sum === '0')).toBe(true);
    const tot = (await admin.get(`/api/donations/drives/${driveId}/totals`)).json();
    expect(tot).toMatchObject({
      totalFen: 2000 + 35650 + 5000 + 3000 + 1005,
      reversalCount: 1,
      giftCount: 6,
    });
    const branchA = tot.byBranch.find((b: { name: string }) => b.name === '学校A第一党支部');
    expect(branchA.totalFen).toBe(3000 + 1005);
    const ledger = (await admin.get(`/api/donations/drives/${driveId}/entries?pageSize=100`)).json();
    expect(ledger.netTotalFen).toBe(tot.totalFen);
    expect(ledger.items.reduce((s: number, e: { amountFen: number }) => s + e.amountFen, 0)).toBe(
      tot.totalFen,
    );
  });
});

describe('bulk entry from a spreadsheet', () => {
  it('one bad row and nothing is written; the report names the row and column', async () => {
    const before = await count(sql`drive_id = ${driveId}`);
    const file = await xlsxOf([
      DONATION_HEADER,
      ['个人', 'TA001', '教师A', '', '12.5', '微信', '2026-05-13', '', '否'],
      ['个人', 'TA002', '书记A', '', '1.234', '', '', '', ''],
      ['班级', '', '', '学校A2025级2班', 88, '现金', '', '', ''],
      ['个人', 'NOPE', '', '', '5', '', '', '', ''],
    ]);
    const res = await admin.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('捐款.xlsx', file),
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.status).toBe('invalid');
    expect(report.totalRows).toBe(4);
    expect(report.errors).toEqual([
      { row: 3, column: '金额（元）', message: '金额最多两位小数（精确到分）' },
      { row: 5, column: '工号/学号', message: '找不到工号/学号为 NOPE 的人员' },
    ]);
    expect(await count(sql`drive_id = ${driveId}`)).toBe(before);
  });

  it('rows outside the uploader’s scope are errors too', async () => {
    const file = await xlsxOf([DONATION_HEADER, ['个人', 'TB001', '教师B', '', '5', '', '', '', '']]);
    const res = await secretaryA.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('x.xlsx', file),
    });
    expect(res.json().status).toBe('invalid');
    expect(res.json().errors[0].message).toContain('没有权限');
  });

  it('a dry run validates; a sound file is written all at once with consecutive receipts', async () => {
    const before = await count(sql`drive_id = ${driveId}`);
    const file = await xlsxOf([
      DONATION_HEADER,
      ['个人', 'TA001', '教师A', '', '12.5', '微信', new Date(Date.UTC(2026, 4, 13)), '', '否'],
      ['', '', '', '学校A2025级2班', 88, '现金', '', '班级集体', ''],
      ['个人', 'SA1001', '', '', '0.01', '支付宝', '', '', '是'],
    ]);
    const dry = await schoolAdminA.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import?dryRun=true`,
      ...multipartFile('ok.xlsx', file),
    });
    expect(dry.json()).toMatchObject({
      status: 'validated',
      validRows: 3,
      totalFen: 1250 + 8800 + 1,
      total: '100.51',
    });
    expect(await count(sql`drive_id = ${driveId}`)).toBe(before);
    const res = await schoolAdminA.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('ok.xlsx', file),
    });
    expect(res.json()).toMatchObject({
      status: 'committed',
      created: 3,
      firstReceiptNo: 'JZ2026-0008',
      lastReceiptNo: 'JZ2026-0010',
    });
    expect(await count(sql`drive_id = ${driveId}`)).toBe(before + 3);
    const [row] = await queryRows<{ given_on: string; method: string }>(
      t.database.db,
      sql`select given_on::text as given_on, method from donation_entries where receipt_no = 'JZ2026-0008'`,
    );
    expect(row).toEqual({ given_on: '2026-05-13', method: 'wechat' });
  });

  it('refuses a file that is not .xlsx and serves a template', async () => {
    const res = await admin.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('x.csv', Buffer.from('a,b\n1,2')),
    });
    expect(res.statusCode).toBe(415);
    const tpl = await admin.get(`/api/donations/drives/${driveId}/import-template`);
    expect(tpl.statusCode).toBe(200);
    expect(tpl.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('a closed drive is frozen', () => {
  it('closes, then refuses new entries, edits and imports with DRIVE_CLOSED; reversals still work', async () => {
    expect((await secretaryA.post(`/api/donations/drives/${driveId}/close`)).statusCode).toBe(403);
    const closed = await admin.post(`/api/donations/drives/${driveId}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', statusLabel: '已封账' });

    const entry = await give(admin, driveId, {
      donorType: 'person',
      personId: park.persons.teacherA,
      amount: '1',
    });
    expect(entry.statusCode).toBe(409);
    expect(entry.json().error.code).toBe('DRIVE_CLOSED');
    expect(entry.json().error.message).toContain('已结束并封账');
    const edit = await admin.patch(`/api/donations/drives/${driveId}`, { title: '改名' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('DRIVE_CLOSED');
    const anyEntry = (await admin.get(`/api/donations/drives/${driveId}/entries`)).json().items[0].id;
    const del = await admin.delete(`/api/donations/entries/${anyEntry}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('DRIVE_CLOSED');
    expect((await admin.delete(`/api/donations/drives/${driveId}`)).json().error.code).toBe('DRIVE_CLOSED');
    expect((await admin.post(`/api/donations/drives/${driveId}/close`)).statusCode).toBe(409);
    const file = await xlsxOf([DONATION_HEADER, ['个人', 'TA001', '', '', '1', '', '', '', '']]);
    const imp = await admin.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile('x.xlsx', file),
    });
    expect(imp.statusCode).toBe(409);
    await expect(
      t.database.db
        .execute(sql`insert into donation_entries (park_id, drive_id, seq, receipt_no, donor_type, person_id,
        donor_name, amount_fen, method, given_on) values (${park.parkId}, ${driveId}, 999, 'X-1', 'person',
        ${park.persons.teacherA}, 'x', 100, 'cash', '2026-05-20')`),
    ).rejects.toThrow();

    const studentEntry = (await admin.get(`/api/donations/drives/${driveId}/entries?q=学生A甲`))
      .json()
      .items.find((e: { amountFen: number }) => e.amountFen === 2000).id;
    const rev = await admin.post(`/api/donations/entries/${studentEntry}/reverse`, {
      reason: '学生家长要求退回',
    });
    expect(rev.statusCode, rev.body).toBe(201);
    // Publication settings may still change after closing.
    const pub = await admin.patch(`/api/donations/drives/${driveId}`, { publicAmounts: false });
    expect(pub.statusCode).toBe(200);
    expect(pub.json().publicAmounts).toBe(false);
  });
});

describe('public thank-you list', () => {
  it('lists net donors without amounts when the drive says so, with anonymity', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/donations/public/drives/${driveId}/thanks` });
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.showAmounts).toBe(false);
    expect(list.total).toBeUndefined();
    const names = list.donors.map((d: { name: string }) => d.name);
    expect(names).toContain('学校A2025级1班');
    expect(names).toContain('爱心人士'); // teacherB gave anonymously
    expect(names).not.toContain('教师B');
    expect(names).not.toContain('学生A甲'); // their gift was fully reversed
    expect(list.donors.every((d: { amount?: string }) => d.amount === undefined)).toBe(true);
  });

  it('shows amounts when allowed, and nothing for unpublished drives', async () => {
    await admin.patch(`/api/donations/drives/${driveId}`, { publicAmounts: true });
    const list = await publicThanksList(t.database.db, driveId);
    expect(list!.showAmounts).toBe(true);
    const teacherA = list!.donors.find((d) => d.name === '教师A');
    // 100.50 reversed, 10.05 re-entered, 12.50 imported
    expect(teacherA!.amountFen).toBe(1005 + 1250);
    expect(list!.totalFen).toBe(list!.donors.reduce((s, d) => s + d.amountFen!, 0));
    const hidden = await createDrive(admin, { title: '内部捐款', publicThanks: false });
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/donations/public/drives/${hidden.id}/thanks` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/donations/public/drives/nope/thanks' })).statusCode,
    ).toBe(404);
  });

  it('is a page of the public site, listed on /thanks, with amounts as the drive allows', async () => {
    const index = await t.app.inject({ method: 'GET', url: '/thanks' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.body).toContain(`/thanks/${driveId}`);
    expect(index.body).not.toContain('内部捐款'); // not published
    const page = await t.app.inject({ method: 'GET', url: `/thanks/${driveId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('教师A');
    expect(page.body).toContain('22.55 元'); // 10.05 + 12.50, amounts now public
    expect(page.body).toContain('爱心人士');
    expect(page.body).not.toContain('学生A甲');
    await admin.patch(`/api/donations/drives/${driveId}`, { publicAmounts: false });
    const hiddenAmounts = await t.app.inject({ method: 'GET', url: `/thanks/${driveId}` });
    expect(hiddenAmounts.body).toContain('教师A');
    expect(hiddenAmounts.body).not.toContain('22.55 元');
    expect((await t.app.inject({ method: 'GET', url: '/thanks/not-a-drive' })).statusCode).toBe(404);
  });
});

describe('special dues', () => {
  let duesId: string;

  it('a separate ledger per campaign, from members only, voluntary', async () => {
    const d = await createDrive(admin, {
      type: 'specialDues',
      title: '抗震救灾特殊党费',
      eligible: ['staff', 'student', 'class'],
      publicThanks: false,
    });
    duesId = d.id;
    expect(d).toMatchObject({ typeLabel: '特殊党费', eligible: ['member'], receiptPrefix: 'TSDF2026' });
    const student = await give(admin, duesId, {
      donorType: 'person',
      personId: park.persons.studentA1,
      amount: 10,
    });
    expect(student.statusCode).toBe(422);
    expect(student.json().error).toMatchObject({
      code: 'NOT_ELIGIBLE',
      message: '特殊党费只能由党员本人自愿交纳',
    });
    const cls = await give(admin, duesId, {
      donorType: 'class',
      classId: park.nodes.classA1!.id,
      amount: 10,
    });
    expect(cls.statusCode).toBe(422);
    const ok = await give(secretaryA, duesId, {
      donorType: 'person',
      personId: park.persons.teacherA,
      amount: '200',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().receiptNo).toBe('TSDF2026-0001');
  });

  it('totals never mix donations and special dues', async () => {
    const dues = (await admin.get('/api/donations/summary?type=specialDues')).json();
    expect(dues).toMatchObject({ type: 'specialDues', totalFen: 20000 });
    expect(dues.items.map((i: { driveId: string }) => i.driveId)).toEqual([duesId]);
    const donations = (await admin.get('/api/donations/summary?type=donation')).json();
    expect(donations.items.map((i: { driveId: string }) => i.driveId)).not.toContain(duesId);
    const driveTotal = (await admin.get(`/api/donations/drives/${driveId}/totals`)).json().totalFen;
    expect(donations.totalFen).toBe(driveTotal);
    expect((await admin.get('/api/donations/summary')).statusCode).toBe(400);
    const mine = (await teacherA.get('/api/donations/mine')).json();
    expect(mine.specialDues.map((e: { amountFen: number }) => e.amountFen)).toEqual([20000]);
    expect(mine.donations.every((e: { driveTitle: string }) => e.driveTitle !== '抗震救灾特殊党费')).toBe(
      true,
    );
  });
});
