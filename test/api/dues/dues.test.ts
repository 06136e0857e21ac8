import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { todayInShanghai } from '../../../src/common/dates';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { addMember } from '../../support/orgLife';

/** Party dues through the API (RULES §4): bases, monthly dues, the ledger, arrears, reductions, summary. */
let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
const Y = Number(todayInShanghai().slice(0, 4));
const P = Y - 1; // a past year: every month of it is over
const m = (n: number) => `${P}-${String(n).padStart(2, '0')}`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  // Members of branch A at the thresholds (bases set through the API below).
  for (const [key, number] of [
    ['b2999', 'TA201'],
    ['b5000', 'TA202'],
    ['b5001', 'TA203'],
    ['b9999', 'TA204'],
    ['b10000', 'TA205'],
    ['b10001', 'TA206'],
    ['student', 'TA207'],
  ] as const) {
    ids[key] = (
      await addMember(t.database.db, park, {
        number,
        name: `党员${key}`,
        school: 'A',
        joinedOn: '2015-05-04',
      })
    ).personId;
  }
  admin = await asClient(t.app).login('admin', PASSWORD);
  schoolAdminA = await asClient(t.app).login('schoolAdminA', PASSWORD);
  secretaryA = await asClient(t.app).login('secretaryA', PASSWORD);
  teacherA = await asClient(t.app).login('teacherA', PASSWORD);
  teacherB = await asClient(t.app).login('teacherB', PASSWORD);
});
afterAll(() => t.close());

describe('access', () => {
  it('answers 401 without a session, before any handler', async () => {
    for (const url of ['/api/dues/rules', '/api/dues/months', `/api/dues/summary?year=${P}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(401);
    }
  });

  it('shows the national rule to a signed-in member', async () => {
    const res = await teacherA.get('/api/dues/rules');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: 'zzb-2008-3', fixedFen: 20, lapseMonths: 6 });
    expect(res.json().groups).toHaveLength(5);
  });
});

describe('bases in yuan strings, refused when not money', () => {
  it.each([
    ['-1', '月基数不能为负数'],
    ['abc', '月基数必须是数字（单位：元，最多两位小数）'],
    ['3000.001', '月基数最多两位小数（精确到分）'],
    [true, '月基数必须是数字（单位：元，最多两位小数）'],
  ])('refuses %s with a Chinese field message', async (base, message) => {
    const res = await secretaryA.put(`/api/dues/bases/${park.persons.teacherA}`, { base, group: 'working' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: { base: message } });
  });

  it('sets bases exactly at and around the thresholds', async () => {
    const set = async (personId: string, base: string | null, group = 'working') =>
      (await secretaryA.put(`/api/dues/bases/${personId}`, { base, group })).json();
    expect(await set(park.persons.teacherA!, '3000.00')).toMatchObject({ baseFen: 300000, monthlyFen: 1500 });
    expect(await set(park.persons.secretaryA!, '3000.01')).toMatchObject({
      baseFen: 300001,
      monthlyFen: 3000,
    });
    expect(await set(ids.b2999!, '2999.99')).toMatchObject({ monthlyFen: 1500 });
    expect(await set(ids.b5000!, '5000')).toMatchObject({ monthlyFen: 5000 });
    expect(await set(ids.b5001!, '5000.01')).toMatchObject({ monthlyFen: 7500 });
    expect(await set(ids.b9999!, '9999.99')).toMatchObject({ monthlyFen: 15000 });
    expect(await set(ids.b10000!, '10000.00')).toMatchObject({ monthlyFen: 15000 });
    const top = await set(ids.b10001!, '10000.01');
    expect(top).toMatchObject({ monthlyFen: 20000 });
    expect(top.explanation).toBe('在职党员，月基数 10000.01 元（> 10000.00 元），全额按 2% 交纳：200.00 元');
    expect(await set(ids.student!, null, 'student')).toMatchObject({ monthlyFen: 20 });
  });

  it('refuses a base outside the actor’s branch or from a member', async () => {
    expect(
      (await secretaryA.put(`/api/dues/bases/${park.persons.teacherB}`, { base: '1', group: 'working' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await teacherA.put(`/api/dues/bases/${park.persons.teacherA}`, { base: '1', group: 'working' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('monthly dues', () => {
  it('computes a month for the members the actor manages, skipping those without a base', async () => {
    const res = await secretaryA.post('/api/dues/compute', { month: m(1) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ month: m(1), created: 9, skipped: [], rule: 'zzb-2008-3' });
    const b = await admin.post('/api/dues/compute', { month: m(1), branchId: park.nodes.branchB!.id });
    expect(b.json().created).toBe(0);
    expect(b.json().skipped.map((s: { reason: string }) => s.reason)).toEqual([
      '尚未登记党费基数',
      '尚未登记党费基数',
    ]);
    const again = await secretaryA.post('/api/dues/compute', { month: m(1) });
    expect(again.json()).toMatchObject({ created: 0, unchanged: 9 });
    const future = await secretaryA.post('/api/dues/compute', { month: `${Y + 1}-01` });
    expect(future.json().error.code).toBe('FUTURE_MONTH');
  });

  it('lists the month with the amounts of RULES §4', async () => {
    const res = await secretaryA.get(`/api/dues/months?month=${m(1)}&pageSize=100`);
    const due = Object.fromEntries(
      res.json().items.map((i: { name: string; dueFen: number }) => [i.name, i.dueFen]),
    );
    expect(due).toEqual({
      教师A: 1500,
      书记A: 3000,
      党员b2999: 1500,
      党员b5000: 5000,
      党员b5001: 7500,
      党员b9999: 15000,
      党员b10000: 15000,
      党员b10001: 20000,
      党员student: 20,
    });
    expect(res.json().dueFen).toBe(1500 + 3000 + 1500 + 5000 + 7500 + 15000 + 15000 + 20000 + 20);
    // A member sees only their own month.
    const own = await teacherA.get(`/api/dues/months?month=${m(1)}`);
    expect(own.json().items.map((i: { name: string }) => i.name)).toEqual(['教师A']);
  });
});

describe('the payment ledger', () => {
  let paymentId: string;

  it('records a payment of what is due, in yuan strings converted exactly', async () => {
    const partial = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      amount: '10.50',
      paidOn: `${P}-01-20`,
      method: 'cash',
      receiptNo: 'No.001',
    });
    expect(partial.statusCode).toBe(201);
    expect(partial.json().items[0]).toMatchObject({ amountFen: 1050, kind: 'payment', month: m(1) });
    paymentId = partial.json().items[0].id;
    const rest = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      paidOn: `${P}-01-21`,
      method: 'wechat',
    });
    expect(rest.json().totalFen).toBe(450);
    const month = await teacherA.get(`/api/dues/months?month=${m(1)}`);
    expect(month.json().items[0]).toMatchObject({ dueFen: 1500, paidFen: 1500, status: 'paid' });
  });

  it.each([
    ['-1', '金额不能为负数'],
    ['12.345', '金额最多两位小数（精确到分）'],
    ['十元', '金额必须是数字（单位：元，最多两位小数）'],
    [0.1 + 0.2, '金额最多两位小数（精确到分）'],
  ])('refuses the amount %s', async (amount, message) => {
    const res = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.secretaryA,
      months: [m(1)],
      amount,
      paidOn: `${P}-01-20`,
      method: 'cash',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.amount).toBe(message);
  });

  it('refuses a day that is not on the calendar', async () => {
    const res = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      paidOn: `${P}-02-31`,
      method: 'cash',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { paidOn: '缴纳日期应为有效日期（YYYY-MM-DD）' },
    });
  });

  it('refuses overpayment, paid months, months not computed, and future dates', async () => {
    const over = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.secretaryA,
      months: [m(1)],
      amount: '30.01',
      paidOn: `${P}-01-20`,
      method: 'cash',
    });
    expect(over.json().error.fields.amount).toBe(`超过应缴金额：${m(1)} 还应缴 30.00 元`);
    const paid = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      paidOn: `${P}-01-20`,
      method: 'cash',
    });
    expect(paid.json().error.fields['months.0']).toBe(`${m(1)} 的党费已缴清`);
    const notComputed = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(2)],
      paidOn: `${P}-02-20`,
      method: 'cash',
    });
    expect(notComputed.json().error.fields['months.0']).toBe(`${m(2)} 的党费尚未核定`);
    const future = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      paidOn: `${Y + 1}-01-01`,
      method: 'cash',
    });
    expect(future.json().error.fields.paidOn).toBe('缴纳日期不能晚于今天');
  });

  it('lets only managers record payments, within their scope', async () => {
    const member = await teacherA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(1)],
      paidOn: `${P}-01-20`,
      method: 'cash',
    });
    expect(member.statusCode).toBe(403);
    const other = await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherB,
      months: [m(1)],
      paidOn: `${P}-01-20`,
      method: 'cash',
    });
    expect(other.statusCode).toBe(404);
  });

  it('corrects by a reversing entry: the pair sums to zero and the original stays', async () => {
    const rev = await secretaryA.post(`/api/dues/payments/${paymentId}/reverse`, { reason: '金额登记错误' });
    expect(rev.statusCode).toBe(201);
    expect(rev.json()).toMatchObject({
      kind: 'reversal',
      amountFen: -1050,
      reversesId: paymentId,
      note: '金额登记错误',
    });
    const again = await secretaryA.post(`/api/dues/payments/${paymentId}/reverse`, { reason: '再来' });
    expect(again.json().error.code).toBe('ALREADY_REVERSED');
    const ofReversal = await secretaryA.post(`/api/dues/payments/${rev.json().id}/reverse`, { reason: 'x' });
    expect(ofReversal.json().error.code).toBe('NOT_A_PAYMENT');
    const [pair] = await queryRows<{ sum: number; n: number }>(
      t.database.db,
      sql`select sum(amount_fen)::int as sum, count(*)::int as n from dues_ledger where id = ${paymentId} or reverses_id = ${paymentId}`,
    );
    expect(pair).toEqual({ sum: 0, n: 2 });
    const ledger = await teacherA.get(`/api/dues/ledger?personId=${park.persons.teacherA}`);
    expect(ledger.json()).toMatchObject({ total: 3, sumFen: 450 });
    expect(ledger.json().items.find((e: { id: string }) => e.id === paymentId).reversedById).toBe(
      rev.json().id,
    );
    const month = await teacherA.get(`/api/dues/months?month=${m(1)}`);
    expect(month.json().items[0]).toMatchObject({ paidFen: 450, outstandingFen: 1050, status: 'partial' });
  });

  it('keeps the ledger append-only in the database itself', async () => {
    await expect(t.database.db.execute(sql`update dues_ledger set amount_fen = 1`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from dues_ledger`)).rejects.toThrow();
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from dues_ledger`,
    );
    expect(n).toBe(3);
  });

  it('keeps every amount an integer number of fen', async () => {
    const rows = await queryRows<{ t: string }>(
      t.database.db,
      sql`select distinct pg_typeof(amount_fen)::text as t from dues_ledger`,
    );
    expect(rows).toEqual([{ t: 'integer' }]);
  });
});

describe('arrears and the six-month flag', () => {
  it('flags six consecutive unpaid months', async () => {
    for (let n = 2; n <= 7; n++) await secretaryA.post('/api/dues/compute', { month: m(n) });
    // 教师A pays March; 书记A pays nothing.
    await secretaryA.post('/api/dues/payments', {
      personId: park.persons.teacherA,
      months: [m(3)],
      paidOn: `${P}-03-10`,
      method: 'transfer',
    });
    const res = await secretaryA.get(`/api/dues/arrears?asOf=${m(8)}`);
    expect(res.statusCode).toBe(200);
    const sec = res.json().items.find((i: { name: string }) => i.name === '书记A');
    expect(sec).toMatchObject({ longestRun: 7, flagged: true, outstandingFen: 7 * 3000 });
    expect(sec.flagReason).toContain('连续 7 个月未交纳党费');
    const teacher = res.json().items.find((i: { name: string }) => i.name === '教师A');
    expect(teacher).toMatchObject({
      flagged: false,
      longestRun: 4,
      unpaidMonths: [m(1), m(2), m(4), m(5), m(6), m(7)],
    });
    expect(res.json().items[0].flagged).toBe(true); // flagged first
    const flaggedOnly = await secretaryA.get(`/api/dues/arrears?asOf=${m(8)}&flaggedOnly=true`);
    // Everyone of branch A but 教师A (who paid March) has seven unpaid months in a row.
    const flagged = flaggedOnly.json().items as { name: string; flagged: boolean; longestRun: number }[];
    expect(flagged.map((i) => i.name).sort()).toEqual(
      [
        '书记A',
        '党员b2999',
        '党员b5000',
        '党员b5001',
        '党员b9999',
        '党员b10000',
        '党员b10001',
        '党员student',
      ].sort(),
    );
    expect(flagged.every((i) => i.flagged && i.longestRun === 7)).toBe(true);
    expect((await teacherA.get('/api/dues/arrears')).statusCode).toBe(403);
  });
});

describe('hardship reductions', () => {
  let reductionId: string;

  it('is asked for by the member, needs a non-negative amount, and cannot overlap', async () => {
    const bad = await teacherA.post('/api/dues/reductions', {
      personId: park.persons.teacherA,
      fromMonth: m(8),
      toMonth: m(9),
      kind: 'reduce',
      amount: '-0.5',
      reason: '家庭困难',
    });
    expect(bad.json().error.fields.amount).toBe('每月交纳金额不能为负数');
    const res = await teacherA.post('/api/dues/reductions', {
      personId: park.persons.teacherA,
      fromMonth: m(8),
      toMonth: m(9),
      kind: 'reduce',
      amount: '1.00',
      reason: '家人重病，经济困难',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending', amountFen: 100 });
    reductionId = res.json().id;
    const overlap = await teacherA.post('/api/dues/reductions', {
      personId: park.persons.teacherA,
      fromMonth: m(9),
      toMonth: m(10),
      kind: 'exempt',
      reason: 'x',
    });
    expect(overlap.json().error.code).toBe('REDUCTION_OVERLAP');
    const forOther = await teacherB.post('/api/dues/reductions', {
      personId: park.persons.teacherA,
      fromMonth: m(10),
      toMonth: m(10),
      kind: 'exempt',
      reason: 'x',
    });
    expect(forOther.statusCode).toBe(404);
  });

  it('is approved above the branch, never by the requester', async () => {
    await secretaryA.post('/api/dues/compute', { month: m(8) });
    const bySecretary = await secretaryA.post(`/api/dues/reductions/${reductionId}/decide`, {
      approve: true,
    });
    expect(bySecretary.statusCode).toBe(403);
    expect(bySecretary.json().error.message).toBe('减免需由党总支或学校层面审批，支部书记不能审批');
    const list = await schoolAdminA.get('/api/dues/reductions?status=pending');
    expect(list.json().items[0]).toMatchObject({ name: '教师A', canDecide: true });
    const ok = await schoolAdminA.post(`/api/dues/reductions/${reductionId}/decide`, {
      approve: true,
      note: '同意',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', repricedMonths: [m(8)] });
    expect(
      (await schoolAdminA.post(`/api/dues/reductions/${reductionId}/decide`, { approve: true })).json().error
        .code,
    ).toBe('ALREADY_DECIDED');
    // August was re-priced; September takes the reduction when computed.
    await secretaryA.post('/api/dues/compute', { month: m(9) });
    const dues = await teacherA.get(`/api/dues/members/${park.persons.teacherA}?year=${P}`);
    const byMonth = Object.fromEntries(
      dues.json().months.map((x: { month: string; dueFen: number }) => [x.month, x.dueFen]),
    );
    expect(byMonth[m(8)]).toBe(100);
    expect(byMonth[m(9)]).toBe(100);
    expect(byMonth[m(7)]).toBe(1500);
    expect(dues.json().reductions[0]).toMatchObject({ status: 'approved', statusLabel: '已批准' });
  });

  it('refuses the requester approving their own request', async () => {
    const req = await admin.post('/api/dues/reductions', {
      personId: park.persons.teacherB,
      fromMonth: m(1),
      toMonth: m(1),
      kind: 'exempt',
      reason: '失业',
    });
    const own = await admin.post(`/api/dues/reductions/${req.json().id}/decide`, { approve: true });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toBe('不能审批自己提交的减免申请');
  });
});

describe('yearly summary and export', () => {
  it('sums per branch, scoped', async () => {
    const res = await admin.get(`/api/dues/summary?year=${P}`);
    expect(res.statusCode).toBe(200);
    const a = res.json().branches.find((b: { branchName: string }) => b.branchName === '学校A第一党支部');
    expect(a.members).toBe(9);
    expect(a.paidFen).toBe(450 + 1500);
    expect(a.outstandingFen).toBe(a.dueFen - a.paidFen);
    expect((await teacherB.get(`/api/dues/summary?year=${P}`)).json().branches).toEqual([]);
  });

  it('exports an .xlsx workbook with the summary and the months', async () => {
    const res = await secretaryA.get(`/api/dues/summary/export?year=${P}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const disposition = String(res.headers['content-disposition']);
    expect(disposition.startsWith('attachment;')).toBe(true);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`党费收缴-${P}年.xlsx`)}`);
    expect(res.headers['cache-control']).toBe('no-store');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['支部汇总', '逐月明细']);
    expect(wb.getWorksheet('支部汇总')!.getRow(2).getCell(1).value).toBe('学校A第一党支部');
    expect(wb.getWorksheet('逐月明细')!.rowCount).toBeGreaterThan(9 * 8);
    expect((await teacherA.get(`/api/dues/summary/export?year=${P}`)).statusCode).toBe(403);
  });

  it('audits every dues write', async () => {
    const rows = await queryRows<{ action: string }>(
      t.database.db,
      sql`select distinct action from audit_log where action like 'dues.%' order by action`,
    );
    expect(rows.map((r) => r.action)).toEqual([
      'dues.amount.compute',
      'dues.base.update',
      'dues.ledger.export',
      'dues.payment.record',
      'dues.payment.reverse',
      'dues.reduction.approve',
      'dues.reduction.request',
    ]);
  });
});
