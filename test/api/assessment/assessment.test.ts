import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { duesMonths } from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { multipartFile } from '../../support/donations';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * The annual assessment through the API on a real database: schemes (versions, freezing, copy of
 * last year's), vanguard posts, evidence and its proof files, scores by the scheme, vetoes from
 * unpaid dues, self-evaluations, and who sees what. Expected points are worked out by hand from
 * the default scheme (rules/scheme.ts): e.g. 师德师风 base 6, a city honour 2.
 */

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
let leagueA: Client;

const YEAR = 2026;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  schoolAdminA = await login('schoolAdminA');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  teacherB = await login('teacherB');
  leagueA = await login('leagueA');
});
afterAll(() => t.close());

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.database.db, q);
const auditCount = async (action: string) =>
  (await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`))[0]!.n;
const tableCount = async (table: string) =>
  (await rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(c: Client, evidenceId: string, name: string, content: Buffer) {
  const { payload, headers } = multipartFile(name, content);
  return c.request({ method: 'POST', url: `/api/assessment/evidence/${evidenceId}/files`, payload, headers });
}

describe('schemes', () => {
  it('a member reads that there is no scheme yet and what it would start from; only the general branch creates', async () => {
    const res = await teacherA.get(`/api/assessment/schemes/${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.scheme).toBeNull();
    expect(body.template.from).toBe('default');
    expect(body.template.config.aspects).toHaveLength(10);
    expect(body.canManage).toBe(false);
    for (const c of [teacherA, secretaryA, schoolAdminA]) {
      const r = await c.post('/api/assessment/schemes', { year: YEAR, from: 'default' });
      expect(r.statusCode).toBe(403);
    }
    expect(await tableCount('assessment_schemes')).toBe(0);
  });

  it('evidence cannot be verified before there is a scheme', async () => {
    const ev = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'titlePromotion',
      title: '晋升高级讲师',
      occurredOn: '2026-02-01',
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const v = await secretaryA.post(`/api/assessment/evidence/${ev.json().id}/verify`);
    expect(v.statusCode).toBe(409);
    expect(v.json().error.code).toBe('SCHEME_MISSING');
    expect(v.json().error.message).toContain('尚未制定');
    expect((await secretaryA.get(`/api/assessment/evidence/${ev.json().id}`)).json().status).toBe(
      'submitted',
    );
    await teacherA.post(`/api/assessment/evidence/${ev.json().id}/withdraw`);
  });

  it('the park admin creates the year from the default, once; copying a missing last year is refused', async () => {
    const none = await admin.post('/api/assessment/schemes', { year: YEAR, from: 'lastYear' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('NO_LAST_YEAR_SCHEME');
    const res = await admin.post('/api/assessment/schemes', { year: YEAR, from: 'default' });
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json();
    expect(s).toMatchObject({ year: YEAR, version: 1, status: 'draft', totalMax: 100, canEdit: true });
    expect(s.name).toBe('2026 年度党员先锋岗创建评选方案');
    const again = await admin.post('/api/assessment/schemes', { year: YEAR, from: 'default' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SCHEME_EXISTS');
    expect(await auditCount('assessment.scheme.create')).toBe(1);
  });

  it('refuses an unsound scheme with the field that is wrong, and a stale save; a sound save is a new version', async () => {
    const { scheme } = (await admin.get(`/api/assessment/schemes/${YEAR}`)).json();
    const config = structuredClone(scheme.config);
    config.aspects[0].max = 9; // 101 in all
    const bad = await admin.put(`/api/assessment/schemes/${YEAR}`, { name: scheme.name, config, version: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('SCHEME_INVALID');
    expect(bad.json().error.message).toBe('各方面满分合计应为 100 分，现为 101 分');
    expect(bad.json().error.fields['config.aspects']).toBeDefined();
    const shape = await admin.put(`/api/assessment/schemes/${YEAR}`, {
      name: scheme.name,
      config: { ...scheme.config, aspects: [{ ...scheme.config.aspects[0], max: 2.25 }] },
      version: 1,
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.code).toBe('VALIDATION_FAILED');

    config.aspects[0].max = 8;
    config.aspects[0].base = 4;
    const ok = await admin.put(`/api/assessment/schemes/${YEAR}`, {
      name: '2026 年度方案',
      config,
      version: 1,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, name: '2026 年度方案' });
    const stale = await admin.put(`/api/assessment/schemes/${YEAR}`, { name: 'x', config, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('SCHEME_STALE');
    const versions = await rows<{ version: number; base: number }>(
      sql`select version, (config->'aspects'->0->>'base')::float8 as base from assessment_scheme_versions order by version`,
    );
    expect(versions).toEqual([
      { version: 1, base: 5 },
      { version: 2, base: 4 },
    ]);
    // back to the default's 5 for the rest of this file
    config.aspects[0].base = 5;
    expect(
      (await admin.put(`/api/assessment/schemes/${YEAR}`, { name: '2026 年度方案', config, version: 2 }))
        .statusCode,
    ).toBe(200);
  });
});

let honourId: string;

describe('evidence and scores', () => {
  it('refuses incomplete evidence with the missing fields, writing nothing', async () => {
    const before = await tableCount('assessment_evidence');
    const res = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'honour',
      title: '市级优秀教师',
      occurredOn: '2026-09-10',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('EVIDENCE_INCOMPLETE');
    expect(res.json().error.fields.level).toContain('级别');
    const wrongYear = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'honour',
      title: '市级优秀教师',
      level: 'city',
      occurredOn: '2025-09-10',
    });
    expect(wrongYear.json().error.fields.occurredOn).toBe('日期应在 2026 年内');
    expect(await tableCount('assessment_evidence')).toBe(before);
  });

  it('a member files an honour with a proof file; only PDF, JPG and PNG are taken', async () => {
    const res = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'honour',
      title: '市级优秀教师',
      level: 'city',
      occurredOn: '2026-09-10',
      details: { issuer: '市教育局' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ev = res.json();
    honourId = ev.id;
    expect(ev).toMatchObject({
      status: 'submitted',
      kindLabel: '荣誉称号',
      levelLabel: '市级',
      points: null,
      canEdit: true,
      canVerify: false,
    });
    const exe = await upload(teacherA, ev.id, 'proof.pdf', Buffer.from('MZ\x90\x00not a pdf'));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.code).toBe('UNSUPPORTED_FILE_TYPE');
    const up = await upload(teacherA, ev.id, '获奖证书.pdf', PDF);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().files).toEqual([
      expect.objectContaining({ filename: '获奖证书.pdf', contentType: 'application/pdf' }),
    ]);
    const file = await secretaryA.get(`/api/assessment/evidence/${ev.id}/files/${up.json().files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(
      (await teacherB.get(`/api/assessment/evidence/${ev.id}/files/${up.json().files[0].id}`)).statusCode,
    ).toBe(404);
  });

  it('a member cannot verify their own evidence, nor a secretary theirs; members cannot record deductions', async () => {
    expect((await teacherA.post(`/api/assessment/evidence/${honourId}/verify`)).statusCode).toBe(403);
    const own = await secretaryA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'titlePromotion',
      title: '晋升讲师',
      occurredOn: '2026-03-01',
    });
    const self = await secretaryA.post(`/api/assessment/evidence/${own.json().id}/verify`);
    expect(self.statusCode).toBe(403);
    expect(self.json().error.message).toContain('不能审核本人的材料');
    const deduction = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'deduction',
      title: '无故缺席组织生活',
      occurredOn: '2026-04-01',
      details: { points: 1 },
    });
    expect(deduction.statusCode).toBe(403);
  });

  it('the secretary of another branch does not see the evidence; the own branch verifies it and the scheme freezes', async () => {
    const { scheme } = (await admin.get(`/api/assessment/schemes/${YEAR}`)).json();
    expect(scheme.status).toBe('draft');
    const list = (await secretaryA.get(`/api/assessment/evidence?year=${YEAR}&status=submitted`)).json();
    expect(list.items.map((i: { id: string }) => i.id)).toContain(honourId);
    expect(list.items.find((i: { id: string }) => i.id === honourId).canVerify).toBe(true);
    const mineB = (await teacherB.get(`/api/assessment/evidence?year=${YEAR}`)).json();
    expect(mineB.total).toBe(0);

    const v = await secretaryA.post(`/api/assessment/evidence/${honourId}/verify`);
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ status: 'verified', points: 2, canEdit: false });
    const frozen = (await admin.get(`/api/assessment/schemes/${YEAR}`)).json().scheme;
    expect(frozen).toMatchObject({
      status: 'frozen',
      canEdit: false,
      frozenReason: '第一份佐证材料审核通过',
    });
    expect(await auditCount('assessment.scheme.freeze')).toBe(1);
    const edit = await admin.put(`/api/assessment/schemes/${YEAR}`, {
      name: 'x',
      config: frozen.config,
      version: frozen.version,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('SCHEME_FROZEN');
    const again = await secretaryA.post(`/api/assessment/evidence/${honourId}/verify`);
    expect(again.json().error.code).toBe('EVIDENCE_NOT_PENDING');
    const change = await teacherA.patch(`/api/assessment/evidence/${honourId}`, {
      kind: 'honour',
      title: '省级优秀教师',
      level: 'province',
      occurredOn: '2026-09-10',
    });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.code).toBe('EVIDENCE_VERIFIED');
  });

  it('the member sees the running score with each item’s points and the rule that gave them', async () => {
    const res = await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    const ethics = s.aspects.find((a: { key: string }) => a.key === 'ethics');
    expect(ethics).toMatchObject({ base: 6, bonus: 2, points: 8, max: 8 });
    expect(ethics.items[0]).toMatchObject({ evidenceId: honourId, points: 2, rule: '荣誉称号·市级 2 分' });
    // the defaults' bases (35) + the honour's 2; the appraisal has not happened
    expect(s.total).toBe(37);
    expect(s.schemeStatus).toBe('frozen');
    expect(
      (await teacherB.get(`/api/assessment/scores/${park.persons.teacherA}?year=${YEAR}`)).statusCode,
    ).toBe(403);
    expect(
      (await secretaryA.get(`/api/assessment/scores/${park.persons.teacherB}?year=${YEAR}`)).statusCode,
    ).toBe(404);
    expect(
      (await secretaryA.get(`/api/assessment/scores/${park.persons.teacherA}?year=${YEAR}`)).json().total,
    ).toBe(37);
  });

  it('a return needs a reason; a returned item is fixed by the member and verified', async () => {
    const ev = await teacherA.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'coaching',
      title: '全国职业院校技能大赛',
      level: 'province',
      rank: 'first',
      occurredOn: '2026-05-20',
      studentIds: [park.persons.studentA1],
    });
    expect(ev.statusCode, ev.body).toBe(201);
    expect(ev.json().students).toEqual([{ id: park.persons.studentA1, name: '学生A甲' }]);
    const noReason = await secretaryA.post(`/api/assessment/evidence/${ev.json().id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    const ret = await secretaryA.post(`/api/assessment/evidence/${ev.json().id}/return`, {
      reason: '请补充获奖证书',
    });
    expect(ret.json()).toMatchObject({ status: 'returned', returnReason: '请补充获奖证书' });
    const fixed = await teacherA.patch(`/api/assessment/evidence/${ev.json().id}`, {
      kind: 'coaching',
      title: '全国职业院校技能大赛（省赛）',
      level: 'province',
      rank: 'second',
      occurredOn: '2026-05-20',
      studentIds: [park.persons.studentA1],
    });
    expect(fixed.json()).toMatchObject({ status: 'submitted', returnReason: null, rank: 'second' });
    const v = await secretaryA.post(`/api/assessment/evidence/${ev.json().id}/verify`);
    // province 3 × second prize 80 %
    expect(v.json().points).toBe(2.4);
    const s = (await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`)).json();
    expect(s.aspects.find((a: { key: string }) => a.key === 'contests').points).toBe(5.4);
    expect(s.total).toBe(39.4);
  });

  it('shows coached students only to who may read them', async () => {
    const ev = await teacherB.post('/api/assessment/evidence', {
      year: YEAR,
      kind: 'coaching',
      title: '市技能节',
      level: 'city',
      rank: 'third',
      occurredOn: '2026-06-01',
      studentIds: [park.persons.studentA1],
      details: { studentNames: ['外校学生'] },
    });
    expect(ev.statusCode, ev.body).toBe(201);
    // teacherB (school B) may not read a school A student
    expect(ev.json().students).toEqual([]);
    expect(ev.json().hiddenStudents).toBe(1);
    const asAdmin = (await admin.get(`/api/assessment/evidence/${ev.json().id}`)).json();
    expect(asAdmin.students).toEqual([{ id: park.persons.studentA1, name: '学生A甲' }]);
    // teacherB edits the item: the student they cannot see was not on their form, and stays
    const edited = await teacherB.patch(`/api/assessment/evidence/${ev.json().id}`, {
      kind: 'coaching',
      title: '市技能节（电子商务）',
      level: 'city',
      rank: 'third',
      occurredOn: '2026-06-01',
      details: { studentNames: ['外校学生'] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().hiddenStudents).toBe(1);
    expect((await admin.get(`/api/assessment/evidence/${ev.json().id}`)).json().students).toHaveLength(1);
  });

  it('the secretary records a deduction on the member’s behalf; six unpaid months veto the aspect', async () => {
    const d = await secretaryA.post('/api/assessment/evidence', {
      year: YEAR,
      personId: park.persons.teacherA,
      kind: 'deduction',
      title: '无故缺席支部党员大会',
      occurredOn: '2026-04-01',
      details: { points: 2 },
    });
    expect(d.statusCode, d.body).toBe(201);
    await secretaryA.post(`/api/assessment/evidence/${d.json().id}/verify`);
    let s = (await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`)).json();
    expect(s.aspects.find((a: { key: string }) => a.key === 'orgLife')).toMatchObject({
      points: 3,
      deductions: 2,
    });
    expect(s.total).toBe(37.4);

    // six consecutive months due and unpaid (March–August)
    await t.database.db.insert(duesMonths).values(
      ['03', '04', '05', '06', '07', '08'].map((m) => ({
        parkId: park.parkId,
        personId: park.persons.teacherA!,
        branchId: park.nodes.branchA!.id,
        month: `2026-${m}-01`,
        duesGroup: 'working',
        standardFen: 5000,
        dueFen: 5000,
        rule: 'test',
      })),
    );
    s = (await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`)).json();
    const orgLife = s.aspects.find((a: { key: string }) => a.key === 'orgLife');
    expect(orgLife.points).toBe(0);
    expect(orgLife.vetoed).toBe('连续 6 个月未交纳党费（满 6 个月一票否决）');
    expect(s.total).toBe(34.4);
    const list = (await secretaryA.get(`/api/assessment/scores?year=${YEAR}`)).json();
    const row = list.items.find((r: { personId: string }) => r.personId === park.persons.teacherA);
    expect(row.vetoed).toContain('6 个月');
  });

  it('lists scores with ranks, only of the reviewer’s members', async () => {
    const list = (await secretaryA.get(`/api/assessment/scores?year=${YEAR}`)).json();
    expect(list.items.map((r: { name: string }) => r.name).sort()).toEqual(['书记A', '教师A']);
    const a = list.items.find((r: { name: string }) => r.name === '教师A');
    const sec = list.items.find((r: { name: string }) => r.name === '书记A');
    // secretaryA: bases only (35); teacherA 34.4 after the veto
    expect(sec).toMatchObject({ total: 35, rankInBranch: 1 });
    expect(a).toMatchObject({ total: 34.4, rankInBranch: 2, verifiedEvidence: 3 });
    // park: 书记A 35, 书记B 35, 教师B 35 tie for 1st; 教师A 4th
    expect(a.rankInPark).toBe(4);
    const all = (await admin.get(`/api/assessment/scores?year=${YEAR}`)).json();
    expect(all.total).toBe(4);
    expect((await teacherA.get(`/api/assessment/scores?year=${YEAR}`)).statusCode).toBe(403);
  });
});

describe('vanguard posts', () => {
  it('someone who is not a Party member cannot declare one', async () => {
    const res = await leagueA.put('/api/assessment/posts/mine', {
      year: YEAR,
      post: 'x',
      duties: 'x',
      pledge: 'x',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_MEMBER');
    expect((await leagueA.get(`/api/assessment/posts/mine?year=${YEAR}`)).json()).toEqual({
      post: null,
      isMember: false,
    });
  });

  it('a member declares; the branch returns with a reason, then approves the revision', async () => {
    const declared = await teacherA.put('/api/assessment/posts/mine', {
      year: YEAR,
      post: '班主任先锋岗',
      duties: '带好 2025 级 1 班',
      pledge: '全班会考合格率 95% 以上',
      showOnPortal: true,
    });
    expect(declared.statusCode, declared.body).toBe(200);
    const id = declared.json().id;
    expect(declared.json()).toMatchObject({ status: 'submitted', statusLabel: '待审核', showOnPortal: true });
    expect(
      (await secretaryA.get(`/api/assessment/posts?year=${YEAR}`))
        .json()
        .items.map((p: { id: string }) => p.id),
    ).toEqual([id]);
    expect((await schoolAdminA.get(`/api/assessment/posts?year=${YEAR}`)).json().total).toBe(1);
    const secB = await teacherB.get(`/api/assessment/posts?year=${YEAR}`);
    expect(secB.statusCode).toBe(403);

    const noReason = await secretaryA.post(`/api/assessment/posts/${id}/decision`, { decision: 'return' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBe('请填写退回理由');
    const ret = await secretaryA.post(`/api/assessment/posts/${id}/decision`, {
      decision: 'return',
      reason: '承诺请更具体',
    });
    expect(ret.json()).toMatchObject({ status: 'returned', returnReason: '承诺请更具体' });
    const twice = await secretaryA.post(`/api/assessment/posts/${id}/decision`, { decision: 'approve' });
    expect(twice.json().error.code).toBe('POST_ALREADY_DECIDED');

    const revised = await teacherA.put('/api/assessment/posts/mine', {
      year: YEAR,
      post: '班主任先锋岗',
      duties: '带好 2025 级 1 班',
      pledge: '全班会考合格率 95% 以上，技能竞赛获省级奖项',
      showOnPortal: true,
    });
    expect(revised.json()).toMatchObject({ id, status: 'submitted', returnReason: null });
    const hidden = await t.app.inject({ url: '/vanguard' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.body).not.toContain('班主任先锋岗');
    const ok = await secretaryA.post(`/api/assessment/posts/${id}/decision`, { decision: 'approve' });
    expect(ok.json()).toMatchObject({ status: 'approved', statusLabel: '已通过' });
    // approved and agreed: on the portal's 党员先锋岗 page (the page cache hears of it by NOTIFY)
    await expect.poll(async () => (await t.app.inject({ url: '/vanguard' })).body).toContain('班主任先锋岗');
    const page = (await t.app.inject({ url: '/vanguard' })).body;
    expect(page).toContain('教师A');
    expect(page).toContain('技能竞赛获省级奖项');

    // the portal consent alone changes without a new approval; the content does not
    const consent = await teacherA.put('/api/assessment/posts/mine', {
      year: YEAR,
      post: '班主任先锋岗',
      duties: '带好 2025 级 1 班',
      pledge: '全班会考合格率 95% 以上，技能竞赛获省级奖项',
      showOnPortal: false,
    });
    expect(consent.json()).toMatchObject({ status: 'approved', showOnPortal: false });
    await expect
      .poll(async () => (await t.app.inject({ url: '/vanguard' })).body)
      .not.toContain('班主任先锋岗');
    expect(await auditCount('assessment.post.declare')).toBe(3);
    expect(await auditCount('assessment.post.return')).toBe(1);
    expect(await auditCount('assessment.post.approve')).toBe(1);
  });

  it('another branch’s secretary cannot decide it', async () => {
    const p = (
      await teacherB.put('/api/assessment/posts/mine', {
        year: YEAR,
        post: '教学先锋岗',
        duties: '上好每堂课',
        pledge: '学生满意度 90%',
      })
    ).json();
    expect(
      (await secretaryA.post(`/api/assessment/posts/${p.id}/decision`, { decision: 'approve' })).statusCode,
    ).toBe(404);
    expect(
      (await admin.post(`/api/assessment/posts/${p.id}/decision`, { decision: 'approve' })).json().status,
    ).toBe('approved');
  });
});

describe('self-evaluation', () => {
  it('asks for every record aspect within its maximum, then shows it beside the score', async () => {
    const { scheme } = (await teacherA.get(`/api/assessment/schemes/${YEAR}`)).json();
    const aspects = scheme.config.aspects.filter((a: { source: string }) => a.source !== 'appraisal');
    const entries = Object.fromEntries(
      aspects.map((a: { key: string; max: number }) => [a.key, { score: a.max, statement: '认真履职' }]),
    );
    const missing = { ...entries };
    delete missing.ethics;
    const r1 = await teacherA.put('/api/assessment/self-evaluations/mine', { year: YEAR, entries: missing });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.fields['entries.ethics']).toBe('请为「师德师风」自评');
    const r2 = await teacherA.put('/api/assessment/self-evaluations/mine', {
      year: YEAR,
      entries: { ...entries, ethics: { score: 8.5, statement: '爱岗敬业' } },
    });
    expect(r2.json().error.fields['entries.ethics.score']).toBe('「师德师风」自评分不能超过满分 8 分');
    const ok = await teacherA.put('/api/assessment/self-evaluations/mine', {
      year: YEAR,
      entries: { ...entries, ethics: { score: 7.5, statement: '爱岗敬业，获评市级优秀教师' } },
      summary: '全年认真履行党员义务',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const s = (await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`)).json();
    expect(s.aspects.find((a: { key: string }) => a.key === 'ethics')).toMatchObject({
      points: 8,
      selfScore: 7.5,
      selfStatement: '爱岗敬业，获评市级优秀教师',
    });
    const bySecretary = (
      await secretaryA.get(`/api/assessment/self-evaluations/${park.persons.teacherA}?year=${YEAR}`)
    ).json();
    expect(bySecretary.selfEvaluation.summary).toBe('全年认真履行党员义务');
    expect(
      (await secretaryA.get(`/api/assessment/self-evaluations/${park.persons.teacherB}?year=${YEAR}`))
        .statusCode,
    ).toBe(404);
  });
});

describe('next year', () => {
  it('copies last year’s scheme in one click, as a new draft', async () => {
    const res = await admin.post('/api/assessment/schemes', { year: YEAR + 1, from: 'lastYear' });
    expect(res.statusCode, res.body).toBe(201);
    const last = (await admin.get(`/api/assessment/schemes/${YEAR}`)).json().scheme;
    expect(res.json()).toMatchObject({ year: YEAR + 1, status: 'draft', version: 1 });
    expect(res.json().config).toEqual(last.config);
    const list = (await teacherA.get('/api/assessment/schemes')).json();
    expect(list.items.map((s: { year: number }) => s.year)).toEqual([YEAR + 1, YEAR]);
  });
});
