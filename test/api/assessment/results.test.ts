import { sql } from 'drizzle-orm';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * The year's result through the API and the portal (RULES.md §6): a branch proposes, the general
 * branch approves, 公示 for at least five working days with the portal's objection form, objections
 * answered, plaques awarded, certificates and the plaque list printed, a plaque withdrawn below the
 * line. Dates: a 公示 starting on the first Monday of March next year ends on that Friday (five
 * working days; no public holidays fall then).
 */

let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
const YEAR = 2026;

const realYear = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);
const firstMondayOfMarch = (() => {
  const y = realYear + 1;
  for (let d = 1; d <= 7; d++) {
    const day = `${y}-03-0${d}`;
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 1) return day;
  }
  throw new Error('unreachable');
})();
const fridayAfter = (monday: string) =>
  `${monday.slice(0, 8)}${String(Number(monday.slice(8)) + 4).padStart(2, '0')}`;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const yesterday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
  new Date(Date.now() - 86_400_000),
);

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  teacherB = await login('teacherB');
  expect((await admin.post('/api/assessment/schemes', { year: YEAR, from: 'default' })).statusCode).toBe(201);
});
afterAll(() => t.close());

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.database.db, q);
const post = (c: Client, p: string) =>
  c.put('/api/assessment/posts/mine', {
    year: YEAR,
    post: p,
    duties: '履行岗位职责',
    pledge: '完成年度目标',
  });
const objection = (body: Record<string, string>, ip = '203.0.113.7') =>
  t.app.inject({
    method: 'POST',
    url: '/vanguard/publicity/objection',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress: ip,
    payload: new URLSearchParams(body).toString(),
  });

let nominationA: string;
let nominationB: string;

describe('nominations', () => {
  it('a branch proposes only a member of its own whose post it approved', async () => {
    const postA = (await post(teacherA, '班主任先锋岗')).json();
    const early = await secretaryA.post('/api/assessment/nominations', {
      year: YEAR,
      personId: park.persons.teacherA,
      reason: '表现突出',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('POST_NOT_APPROVED');
    await secretaryA.post(`/api/assessment/posts/${postA.id}/decision`, { decision: 'approve' });
    const other = await secretaryA.post('/api/assessment/nominations', {
      year: YEAR,
      personId: park.persons.teacherB,
      reason: 'x',
    });
    expect(other.statusCode).toBe(404);
    expect(
      (
        await teacherA.post('/api/assessment/nominations', {
          year: YEAR,
          personId: park.persons.teacherA,
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);

    const res = await secretaryA.post('/api/assessment/nominations', {
      year: YEAR,
      personId: park.persons.teacherA,
      reason: '所带班级获评市级文明班级',
    });
    expect(res.statusCode, res.body).toBe(201);
    nominationA = res.json().id;
    // the default scheme's bases: 35, 差
    expect(res.json()).toMatchObject({
      status: 'proposed',
      statusLabel: '支部已推荐',
      score: 35,
      band: '差',
      post: '班主任先锋岗',
      canDecide: false,
    });
    const again = await secretaryA.post('/api/assessment/nominations', {
      year: YEAR,
      personId: park.persons.teacherA,
      reason: 'x',
    });
    expect(again.json().error.code).toBe('ALREADY_NOMINATED');

    const postB = (await post(teacherB, '教学先锋岗')).json();
    await admin.post(`/api/assessment/posts/${postB.id}/decision`, { decision: 'approve' });
    nominationB = (
      await admin.post('/api/assessment/nominations', {
        year: YEAR,
        personId: park.persons.teacherB,
        reason: '教学成绩优异',
      })
    ).json().id;
    const list = (await secretaryA.get(`/api/assessment/nominations?year=${YEAR}`)).json();
    expect(list.items.map((n: { name: string }) => n.name)).toEqual(['教师A']);
    expect(list.publicity).toBeNull();
  });

  it('the general branch approves, or rejects with a note', async () => {
    expect(
      (await secretaryA.post(`/api/assessment/nominations/${nominationA}/decision`, { decision: 'approve' }))
        .statusCode,
    ).toBe(403);
    const noNote = await admin.post(`/api/assessment/nominations/${nominationA}/decision`, {
      decision: 'reject',
    });
    expect(noNote.json().error.fields.note).toBe('请填写意见');
    const a = await admin.post(`/api/assessment/nominations/${nominationA}/decision`, {
      decision: 'approve',
      note: '同意',
    });
    expect(a.json()).toMatchObject({ status: 'approved', statusLabel: '党总支已批准' });
    const b = await admin.post(`/api/assessment/nominations/${nominationB}/decision`, {
      decision: 'approve',
    });
    expect(b.json().status).toBe('approved');
    const twice = await admin.post(`/api/assessment/nominations/${nominationA}/decision`, {
      decision: 'approve',
    });
    expect(twice.json().error.code).toBe('NOMINATION_DECIDED');
  });
});

describe('公示', () => {
  it('lasts at least five working days', async () => {
    expect(
      (await secretaryA.post('/api/assessment/publicity', { year: YEAR, startsOn: firstMondayOfMarch }))
        .statusCode,
    ).toBe(403);
    const past = await admin.post('/api/assessment/publicity', { year: YEAR, startsOn: yesterday });
    expect(past.json().error.fields.startsOn).toBe('不能早于今天');
    const short = await admin.post('/api/assessment/publicity', {
      year: YEAR,
      startsOn: firstMondayOfMarch,
      endsOn: `${firstMondayOfMarch.slice(0, 8)}${String(Number(firstMondayOfMarch.slice(8)) + 3).padStart(2, '0')}`,
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('PUBLICITY_TOO_SHORT');
    expect(short.json().error.message).toContain('不少于 5 个工作日');
    expect(short.json().error.fields.endsOn).toBe(`至少到 ${fridayAfter(firstMondayOfMarch)}`);
    const res = await admin.post('/api/assessment/publicity', { year: YEAR, startsOn: firstMondayOfMarch });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      startsOn: firstMondayOfMarch,
      endsOn: fridayAfter(firstMondayOfMarch),
      workingDays: 5,
      status: 'open',
      ended: false,
    });
    const late = await secretaryA.post('/api/assessment/nominations', {
      year: YEAR,
      personId: park.persons.secretaryA,
      reason: 'x',
    });
    expect(late.statusCode).toBe(409);
  });

  it('takes objections on the portal only while it runs', async () => {
    const page = await t.app.inject({ url: '/vanguard/publicity' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('教师A');
    expect(page.body).toContain('班主任先锋岗');
    expect(page.body).not.toContain('<form method="post"');
    const before = await objection({ nominationId: nominationA, content: '该同志存在某某问题，请核实。' });
    expect(before.statusCode).toBe(409);
    expect(before.body).toContain('不在公示期内');

    // the period is moved to today (the start above had to be in the future)
    await t.database.db.execute(
      sql`update vanguard_publicity set starts_on = ${today}::date, ends_on = (${today}::date + 7)`,
    );
    const open = await t.app.inject({ url: '/vanguard/publicity' });
    expect(open.body).toContain('<form method="post" action="/vanguard/publicity/objection">');
    const short = await objection({ nominationId: nominationA, content: '有问题' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('不少于 10 个字');
    const ok = await objection({
      nominationId: nominationA,
      content: '该同志本年度曾无故缺席支部党员大会两次，请核实。',
      contact: '',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('已收到您对教师A的异议');
    const onB = await objection(
      { nominationId: nominationB, content: '该同志的获奖证书与实际比赛不符，请核实。' },
      '198.51.100.9',
    );
    expect(onB.statusCode).toBe(200);
    for (let i = 0; i < 4; i++)
      expect(
        (await objection({ nominationId: nominationA, content: `重复反映同一问题，第 ${i + 2} 次提交。` }))
          .statusCode,
      ).toBe(200);
    const flood = await objection({ nominationId: nominationA, content: '第六次提交同样的内容，应被限制。' });
    expect(flood.statusCode).toBe(429);
    const stored = await rows<{ n: number; ips: number }>(
      sql`select count(*)::int as n, count(distinct ip_hash)::int as ips from vanguard_objections`,
    );
    expect(stored[0]).toEqual({ n: 6, ips: 2 });
    expect(JSON.stringify(await rows(sql`select * from vanguard_objections`))).not.toContain('203.0.113.7');
  });

  it('closes only after its last day with every objection answered; an upheld objection takes the nominee out', async () => {
    const list = (await admin.get(`/api/assessment/objections?year=${YEAR}`)).json();
    expect(list.items).toHaveLength(6);
    const early = await admin.post(`/api/assessment/publicity/${YEAR}/close`);
    expect(early.json().error.code).toBe('PUBLICITY_NOT_ENDED');
    await t.database.db.execute(
      sql`update vanguard_publicity set ends_on = ${yesterday}::date, starts_on = least(starts_on, ${yesterday}::date)`,
    );
    const pending = await admin.post(`/api/assessment/publicity/${YEAR}/close`);
    expect(pending.json().error.code).toBe('OBJECTIONS_OPEN');
    expect(pending.json().error.message).toContain('还有 6 条异议未处理');
    for (const o of list.items) {
      const decision = o.nominationId === nominationB ? 'uphold' : 'dismiss';
      const r = await admin.post(`/api/assessment/objections/${o.id}/decision`, {
        decision,
        response: '经调查核实，已答复',
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const closed = await admin.post(`/api/assessment/publicity/${YEAR}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('closed');
    const result = (await admin.get(`/api/assessment/nominations?year=${YEAR}`)).json();
    const byName = Object.fromEntries(result.items.map((n: { name: string; status: string }) => [n.name, n]));
    expect(byName['教师A'].status).toBe('awarded');
    expect(byName['教师B']).toMatchObject({
      status: 'rejected',
      decisionNote: '公示期间异议成立：经调查核实，已答复',
    });
    const page = await t.app.inject({ url: '/vanguard/publicity' });
    expect(page.body).toContain('教师A');
    expect(page.body).not.toContain('教师B');
    expect(page.body).toContain('已结束');
  });
});

describe('plaques', () => {
  it('prints certificates (one page each) and the plaque list, for those who may', async () => {
    const res = await admin.get(`/api/assessment/certificates.pdf?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(`${YEAR} 年度党员先锋岗荣誉证书`);
    // the Chinese font is embedded (subset), not a standard font
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => (o instanceof PDFDict ? o.get(PDFName.of('BaseFont'))?.toString() : undefined))
      .filter(Boolean);
    expect(fonts.some((f) => /NotoSansSC/.test(f!))).toBe(true);
    expect(
      (await secretaryA.get(`/api/assessment/certificates.pdf?year=${YEAR}&id=${nominationA}`)).statusCode,
    ).toBe(200);
    expect(
      (await admin.get(`/api/assessment/certificates.pdf?year=${YEAR}&id=${nominationB}`)).statusCode,
    ).toBe(404);
    const list = await admin.get(`/api/assessment/plaques.pdf?year=${YEAR}`);
    expect(list.statusCode).toBe(200);
    expect((await PDFDocument.load(list.rawPayload)).getPageCount()).toBe(1);
    expect((await secretaryA.get(`/api/assessment/plaques.pdf?year=${YEAR}`)).statusCode).toBe(403);
  });

  it('withdraws a plaque when a semester score falls below the line', async () => {
    const bad = await secretaryA.post(`/api/assessment/nominations/${nominationA}/semester-scores`, {
      semester: '2026-2028-1',
      score: 80,
    });
    expect(bad.statusCode).toBe(400);
    const keep = await secretaryA.post(`/api/assessment/nominations/${nominationA}/semester-scores`, {
      semester: '2026-2027-1',
      score: 70,
    });
    expect(keep.json()).toMatchObject({
      status: 'awarded',
      semesterScores: [{ semester: '2026-2027-1', score: 70 }],
    });
    const dup = await secretaryA.post(`/api/assessment/nominations/${nominationA}/semester-scores`, {
      semester: '2026-2027-1',
      score: 50,
    });
    expect(dup.json().error.code).toBe('SEMESTER_RECORDED');
    const drop = await secretaryA.post(`/api/assessment/nominations/${nominationA}/semester-scores`, {
      semester: '2026-2027-2',
      score: 69.5,
    });
    expect(drop.json()).toMatchObject({
      status: 'withdrawn',
      statusLabel: '已摘牌',
      withdrawReason: '2026-2027-2 学期得分 69.5 分，低于 70 分',
    });
    expect((await admin.get(`/api/assessment/certificates.pdf?year=${YEAR}`)).statusCode).toBe(404);
    const audits = await rows<{ action: string }>(
      sql`select action from audit_log where action like 'assessment.%' order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'assessment.nomination.propose',
        'assessment.nomination.approve',
        'assessment.publicity.open',
        'assessment.objection.submit',
        'assessment.objection.handle',
        'assessment.publicity.close',
        'assessment.nomination.semesterScore',
      ]),
    );
  });
});
