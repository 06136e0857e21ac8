import type * as ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPath } from '../../../src/common/orgTree';
import {
  assessmentEvidence,
  assessmentSelfEvaluations,
  dedicationDays,
  dedicationEntries,
  orgNodes,
  people,
  vanguardPosts,
} from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { readZipEntry } from '../../support/newsroom';

/**
 * The assessment's statistics (考核统计) through the API on a real database. The rows are written
 * straight into the tables, as the branches' verifications would leave them, for members of two
 * schools, a second branch of school A, a branch directly under the general branch and an empty
 * branch of school B. Every expected number below is counted by hand from the rows in `seed`.
 */

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let teacherA: Client;
const YEAR = 2026;
const PREV = 2025;

const node = async (
  key: string,
  parentKey: string,
  kind: 'branch',
  name: string,
  schoolId: string | null,
) => {
  const parent = park.nodes[parentKey]!;
  const id = crypto.randomUUID();
  const path = childPath(parent.path, id);
  await t.database.db
    .insert(orgNodes)
    .values({ id, parkId: park.parkId, parentId: parent.id, kind, name, path, schoolId });
  park.nodes[key] = { id, path, schoolId };
  return id;
};

const person = async (name: string, number: string, schoolKey: string) => {
  const [p] = await t.database.db
    .insert(people)
    .values({
      parkId: park.parkId,
      kind: 'staff',
      number,
      name,
      schoolId: park.nodes[schoolKey]!.id,
      unitId: park.nodes[schoolKey.replace('school', 'dept')]!.id,
    })
    .returning({ id: people.id });
  return p!.id;
};

async function seed() {
  const db = t.database.db;
  const n = park.nodes;
  const p = park.persons;
  await node('branchA2', 'schoolA', 'branch', '学校A第二党支部', n.schoolA!.id);
  await node('branchB2', 'schoolB', 'branch', '学校B第二党支部', n.schoolB!.id);
  await node('branchD', 'generalBranch', 'branch', '园区直属党支部', null);
  const memberA3 = await person('党员A3', 'TA003', 'schoolA');
  const memberA4 = await person('党员A4', 'TA004', 'schoolA');
  const memberD = await person('党员D', 'TB009', 'schoolB');

  const at = {
    A: { branchId: n.branchA!.id, schoolId: n.schoolA!.id },
    A2: { branchId: n.branchA2!.id, schoolId: n.schoolA!.id },
    B: { branchId: n.branchB!.id, schoolId: n.schoolB!.id },
    D: { branchId: n.branchD!.id, schoolId: null },
  };
  type Row = typeof assessmentEvidence.$inferInsert;
  const ev = (
    year: number,
    personId: string,
    where: keyof typeof at,
    kind: Row['kind'],
    status: Row['status'],
    extra: Partial<Row> = {},
  ): Row => ({
    parkId: park.parkId,
    year,
    personId,
    ...at[where],
    kind,
    title: `${kind} ${year}`,
    occurredOn: `${year}-05-01`,
    status,
    ...extra,
  });
  await db.insert(assessmentEvidence).values([
    // ——— 2026, school A, branch A ———
    ev(YEAR, p.teacherA!, 'A', 'honour', 'verified', { level: 'city' }),
    ev(YEAR, p.teacherA!, 'A', 'honour', 'verified', { level: 'province' }),
    ev(YEAR, p.secretaryA!, 'A', 'honour', 'verified', { level: 'school' }),
    ev(YEAR, memberA3, 'A', 'honour', 'returned', { level: 'city' }),
    ev(YEAR, p.teacherA!, 'A', 'coaching', 'verified', {
      level: 'city',
      rank: 'first',
      studentIds: [p.studentA1!, p.studentA2!],
      details: { studentNames: ['外校甲'] },
    }),
    ev(YEAR, p.secretaryA!, 'A', 'coaching', 'verified', {
      level: 'county',
      rank: 'second',
      studentIds: [p.studentA1!],
      details: { studentNames: ['外校甲', ' 外校乙 '] },
    }),
    ev(YEAR, memberA3, 'A', 'coaching', 'submitted', {
      level: 'city',
      rank: 'third',
      studentIds: [p.studentB1!],
    }),
    ev(YEAR, p.teacherA!, 'A', 'paper', 'verified', { level: 'city' }),
    ev(YEAR, p.teacherA!, 'A', 'paper', 'verified', { level: 'province' }),
    ev(YEAR, p.secretaryA!, 'A', 'paper', 'verified'),
    ev(YEAR, p.secretaryA!, 'A', 'titlePromotion', 'verified'),
    ev(YEAR, memberA3, 'A', 'titlePromotion', 'withdrawn'),
    ev(YEAR, memberA3, 'A', 'classManagement', 'verified', { level: 'school' }),
    // ——— 2026, school A, branch A2 ———
    ev(YEAR, memberA4, 'A2', 'honour', 'verified', { level: 'school' }),
    // ——— 2026, school B: teacherA's honour recorded while in branch B (the year's snapshot) ———
    ev(YEAR, p.teacherB!, 'B', 'honour', 'verified', { level: 'nation' }),
    ev(YEAR, p.teacherA!, 'B', 'honour', 'verified', { level: 'city' }),
    ev(YEAR, p.teacherB!, 'B', 'coaching', 'verified', {
      level: 'province',
      rank: 'third',
      studentIds: [p.studentA1!],
    }),
    ev(YEAR, p.secretaryB!, 'B', 'paper', 'verified', { level: 'school' }),
    // ——— 2026, directly under the general branch ———
    ev(YEAR, memberD, 'D', 'honour', 'verified', { level: 'county' }),
    // ——— 2025 ———
    ev(PREV, p.teacherA!, 'A', 'honour', 'verified', { level: 'city' }),
    ev(PREV, p.teacherB!, 'B', 'honour', 'verified', { level: 'city' }),
    ev(PREV, p.secretaryA!, 'A', 'honour', 'submitted', { level: 'school' }),
    ev(PREV, p.teacherA!, 'A', 'paper', 'verified', { level: 'county' }),
  ]);

  const post = (year: number, personId: string, branchId: string, status: string) => ({
    parkId: park.parkId,
    year,
    personId,
    branchId,
    post: '教学先锋岗',
    duties: '带头上好每一节课',
    pledge: '全年无教学事故',
    status,
  });
  await db
    .insert(vanguardPosts)
    .values([
      post(YEAR, p.teacherA!, n.branchA!.id, 'approved'),
      post(YEAR, p.secretaryA!, n.branchA!.id, 'submitted'),
      post(YEAR, memberA3, n.branchA!.id, 'returned'),
      post(YEAR, p.teacherB!, n.branchB!.id, 'approved'),
      post(PREV, p.teacherA!, n.branchA!.id, 'approved'),
    ]);

  await db.insert(assessmentSelfEvaluations).values(
    [
      [p.teacherA!, n.branchA!.id],
      [p.teacherB!, n.branchB!.id],
    ].map(([personId, branchId]) => ({
      parkId: park.parkId,
      year: YEAR,
      personId: personId!,
      branchId: branchId!,
      schemeVersion: 1,
      entries: {},
    })),
  );

  const [dayA, dayB, dayPrev] = await db
    .insert(dedicationDays)
    .values([
      { parkId: park.parkId, orgNodeId: n.branchA!.id, title: '五月奉献日', day: `${YEAR}-05-10` },
      { parkId: park.parkId, orgNodeId: n.branchB!.id, title: '五月奉献日', day: `${YEAR}-05-10` },
      { parkId: park.parkId, orgNodeId: n.branchA!.id, title: '去年奉献日', day: `${PREV}-05-10` },
    ])
    .returning({ id: dedicationDays.id });
  const entry = (
    dayId: string,
    year: number,
    personId: string,
    where: keyof typeof at,
    kind: string,
    hoursX10: number,
    studentId: string | null = null,
  ) => ({
    parkId: park.parkId,
    dayId,
    year,
    personId,
    ...at[where],
    kind,
    hoursX10,
    studentId,
    subject: '记录',
  });
  await db
    .insert(dedicationEntries)
    .values([
      entry(dayA!.id, YEAR, p.teacherA!, 'A', 'homeVisit', 25, p.studentA1!),
      entry(dayA!.id, YEAR, p.secretaryA!, 'A', 'enterpriseVisit', 30),
      entry(dayA!.id, YEAR, p.teacherA!, 'A', 'service', 15),
      entry(dayB!.id, YEAR, p.teacherB!, 'B', 'homeVisit', 20, p.studentB1!),
      entry(dayPrev!.id, PREV, p.teacherA!, 'A', 'homeVisit', 10, p.studentA1!),
    ]);
}

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  schoolAdminA = await login('schoolAdminA');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  await seed();
});
afterAll(() => t.close());

const zero = {
  honouredMembers: 0,
  honouredByLevel: { school: 0, county: 0, city: 0, province: 0, nation: 0 },
  coachingMembers: 0,
  coachedStudents: 0,
  paperMembers: 0,
  awardedPapers: 0,
  titlePromotions: 0,
  vanguardPosts: 0,
  selfEvaluations: 0,
  dedicationHours: 0,
  homeVisits: 0,
  enterpriseVisits: 0,
};
const figures = (f: Partial<typeof zero> & { levels?: Partial<typeof zero.honouredByLevel> }) => {
  const { levels, ...rest } = f;
  return { ...zero, ...rest, honouredByLevel: { ...zero.honouredByLevel, ...levels } };
};

// Counted by hand from seed(): distinct people, distinct students, verified rows only.
const PARK_2026 = figures({
  // teacherA (A and B), secretaryA, memberA4, teacherB, memberD: five people, each at their highest level.
  honouredMembers: 5,
  levels: { nation: 1, province: 1, county: 1, school: 2 },
  coachingMembers: 3,
  // studentA1 (three times), studentA2, 外校甲 (twice), 外校乙.
  coachedStudents: 4,
  paperMembers: 2,
  awardedPapers: 3,
  titlePromotions: 1,
  vanguardPosts: 2,
  selfEvaluations: 2,
  dedicationHours: 9,
  homeVisits: 2,
  enterpriseVisits: 1,
});
const PARK_2025 = figures({
  honouredMembers: 2,
  levels: { city: 2 },
  paperMembers: 1,
  awardedPapers: 1,
  vanguardPosts: 1,
  dedicationHours: 1,
  homeVisits: 1,
});
const SCHOOL_A_2026 = figures({
  honouredMembers: 3,
  levels: { province: 1, school: 2 },
  coachingMembers: 2,
  coachedStudents: 4,
  paperMembers: 1,
  awardedPapers: 2,
  titlePromotions: 1,
  vanguardPosts: 1,
  selfEvaluations: 1,
  dedicationHours: 7,
  homeVisits: 1,
  enterpriseVisits: 1,
});
const SCHOOL_A_2025 = figures({
  honouredMembers: 1,
  levels: { city: 1 },
  paperMembers: 1,
  awardedPapers: 1,
  vanguardPosts: 1,
  dedicationHours: 1,
  homeVisits: 1,
});
const BRANCH_A_2026 = figures({ ...SCHOOL_A_2026, honouredMembers: 2, levels: { province: 1, school: 1 } });
const BRANCH_A2_2026 = figures({ honouredMembers: 1, levels: { school: 1 } });
const SCHOOL_B_2026 = figures({
  // teacherB, and teacherA whose city honour was recorded in branch B.
  honouredMembers: 2,
  levels: { nation: 1, city: 1 },
  coachingMembers: 1,
  coachedStudents: 1,
  paperMembers: 1,
  awardedPapers: 1,
  vanguardPosts: 1,
  selfEvaluations: 1,
  dedicationHours: 2,
  homeVisits: 1,
});
const SCHOOL_B_2025 = figures({ honouredMembers: 1, levels: { city: 1 } });
const DIRECT_2026 = figures({ honouredMembers: 1, levels: { county: 1 } });

interface Row {
  id: string | null;
  name: string;
  schoolName: string | null;
  current: typeof zero;
  previous: typeof zero;
}
const byName = (rows: Row[], name: string) => {
  const r = rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name} in ${rows.map((x) => x.name).join(', ')}`);
  return r;
};

describe('figures', () => {
  it('the park admin reads the park, each school and each branch, this year and last', async () => {
    const res = await admin.get(`/api/assessment/stats?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ year: YEAR, previousYear: PREV, scopeName: '测试园区党总支', parkWide: true });
    expect(s.total.current).toEqual(PARK_2026);
    expect(s.total.previous).toEqual(PARK_2025);

    expect(s.schools.map((r: Row) => r.name)).toEqual(['学校A', '学校B', '园区直属']);
    expect(byName(s.schools, '学校A')).toMatchObject({ current: SCHOOL_A_2026, previous: SCHOOL_A_2025 });
    expect(byName(s.schools, '学校B')).toMatchObject({ current: SCHOOL_B_2026, previous: SCHOOL_B_2025 });
    expect(byName(s.schools, '园区直属')).toMatchObject({ id: null, current: DIRECT_2026, previous: zero });

    expect(s.branches).toHaveLength(5);
    expect(byName(s.branches, '学校A第一党支部')).toMatchObject({
      schoolName: '学校A',
      current: BRANCH_A_2026,
      previous: SCHOOL_A_2025,
    });
    expect(byName(s.branches, '学校A第二党支部')).toMatchObject({ current: BRANCH_A2_2026, previous: zero });
    expect(byName(s.branches, '学校B第一党支部')).toMatchObject({ current: SCHOOL_B_2026 });
    // A branch that recorded nothing still has its row, with zeros.
    expect(byName(s.branches, '学校B第二党支部')).toMatchObject({
      schoolName: '学校B',
      current: zero,
      previous: zero,
    });
    expect(byName(s.branches, '园区直属党支部')).toMatchObject({
      schoolName: '园区直属',
      current: DIRECT_2026,
    });
  });

  it('the distinct totals are not the sum of the schools', async () => {
    const s = (await admin.get(`/api/assessment/stats?year=${YEAR}`)).json();
    const sum = s.schools.reduce((n: number, r: Row) => n + r.current.honouredMembers, 0);
    expect(sum).toBe(6); // teacherA counts in school A and in school B
    expect(s.total.current.honouredMembers).toBe(5);
  });

  it('a school admin reads their school’s branches only', async () => {
    const res = await schoolAdminA.get(`/api/assessment/stats?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ scopeName: '学校A', parkWide: false });
    expect(s.total).toEqual({ current: SCHOOL_A_2026, previous: SCHOOL_A_2025 });
    expect(s.schools.map((r: Row) => r.name)).toEqual(['学校A']);
    expect(s.branches.map((r: Row) => r.name).sort()).toEqual(['学校A第一党支部', '学校A第二党支部'].sort());
  });

  it('a branch secretary reads their branch only', async () => {
    const res = await secretaryA.get(`/api/assessment/stats?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.scopeName).toBe('学校A第一党支部');
    expect(s.total).toEqual({ current: BRANCH_A_2026, previous: SCHOOL_A_2025 });
    expect(s.branches.map((r: Row) => r.name)).toEqual(['学校A第一党支部']);
    expect(s.schools).toHaveLength(1);
    expect(s.schools[0].current).toEqual(BRANCH_A_2026);
  });

  it('the year before is the chosen year’s comparison too', async () => {
    const s = (await admin.get(`/api/assessment/stats?year=${PREV}`)).json();
    expect(s).toMatchObject({ year: PREV, previousYear: PREV - 1 });
    expect(s.total.current).toEqual(PARK_2025);
    expect(s.total.previous).toEqual(zero);
  });

  it('a member without assessment.review is refused; a bad year is a validation error', async () => {
    for (const path of [
      '/api/assessment/stats',
      '/api/assessment/stats.xlsx',
      '/api/assessment/stats.docx',
    ]) {
      expect((await teacherA.get(`${path}?year=${YEAR}`)).statusCode).toBe(403);
    }
    const bad = await admin.get('/api/assessment/stats?year=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('exports', () => {
  const loadWorkbook = async (body: Buffer) => {
    const Excel = (await import('exceljs')).default;
    const wb = new Excel.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    return wb;
  };
  const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);
  const findRow = (ws: ExcelJS.Worksheet, ...key: string[]) => {
    for (let i = 1; i <= ws.rowCount; i++) {
      const v = rowValues(ws, i);
      if (key.every((k, j) => v[j] === k)) return v;
    }
    throw new Error(`no row ${key.join(' / ')} in ${ws.name}`);
  };

  it('the workbook has a sheet per grouping with the figures and the change from last year', async () => {
    const res = await admin.get(`/api/assessment/stats.xlsx?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('考核统计-2026年.xlsx'));
    const wb = await loadWorkbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['合计', '按学校', '按支部']);

    const total = wb.getWorksheet('合计')!;
    expect(rowValues(total, 2)).toEqual(['指标', '单位', '2026 年', '2025 年', '增减']);
    expect(findRow(total, '获评先进的党员')).toEqual(['获评先进的党员', '人', 5, 2, 3]);
    expect(findRow(total, '其中校级')).toEqual(['其中校级', '人', 2, 0, 2]);
    expect(findRow(total, '其中市级')).toEqual(['其中市级', '人', 0, 2, -2]);
    expect(findRow(total, '获奖学生')).toEqual(['获奖学生', '人', 4, 0, 4]);
    expect(findRow(total, '获奖论文')).toEqual(['获奖论文', '篇', 3, 1, 2]);
    expect(findRow(total, '奉献日服务时长')).toEqual(['奉献日服务时长', '小时', 9, 1, 8]);

    const schools = wb.getWorksheet('按学校')!;
    expect(rowValues(schools, 1).slice(0, 4)).toEqual([
      '学校',
      '获评先进的党员（人）',
      '获评先进的党员（人）',
      '其中国家级（人）',
    ]);
    expect(rowValues(schools, 2).slice(1, 3)).toEqual(['2026 年', '较上年']);
    // School A: 3 honoured (last year 1), then nation 0 (0), province 1 (+1).
    expect(findRow(schools, '学校A').slice(0, 7)).toEqual(['学校A', 3, 2, 0, 0, 1, 1]);
    expect(findRow(schools, '园区直属').slice(0, 3)).toEqual(['园区直属', 1, 1]);
    // The total row is the distinct count, not the sum of the rows (3 + 2 + 1 = 6).
    expect(findRow(schools, '合计').slice(0, 3)).toEqual(['合计', 5, 3]);

    const branches = wb.getWorksheet('按支部')!;
    expect(findRow(branches, '学校A', '学校A第二党支部').slice(0, 4)).toEqual([
      '学校A',
      '学校A第二党支部',
      1,
      1,
    ]);
    expect(findRow(branches, '学校B', '学校B第二党支部').slice(0, 4)).toEqual([
      '学校B',
      '学校B第二党支部',
      0,
      0,
    ]);
    const header = rowValues(branches, 1);
    const hours = header.indexOf('奉献日服务时长（小时）');
    expect(findRow(branches, '学校A', '学校A第一党支部').slice(hours, hours + 2)).toEqual([7, 6]);
  });

  it('the Word document holds the report paragraph of the reader’s figures', async () => {
    const res = await admin.get(`/api/assessment/stats.docx?year=${YEAR}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('考核统计-2026年.docx'));
    const xml = readZipEntry(res.rawPayload, 'word/document.xml')!.toString('utf8');
    expect(xml).toContain('测试园区党总支 2026 年度党员先锋岗与考核工作统计');
    expect(xml).toContain(
      '2026 年，测试园区党总支共有 5 名党员获评先进（其中国家级 1 名、省级 1 名、县（区）级 1 名、校级 2 名），' +
        '3 名党员辅导 4 名学生在竞赛中获奖，2 名党员的 3 篇论文获奖，1 名党员晋升专业技术职称；' +
        '获批党员先锋岗 2 个，2 名党员提交年度自评；党员奉献日累计服务 9 小时，开展重点家访 2 次、走访企业 1 次。' +
        '与 2025 年相比，获评先进的党员增加 3 名，获奖学生增加 4 名，获奖论文增加 2 篇，职称晋升的党员增加 1 名，' +
        '党员先锋岗增加 1 个，奉献日服务时长增加 8 小时。',
    );
  });

  it('a secretary’s document speaks for their branch, with no comparison when the year before has nothing', async () => {
    const res = await secretaryA.get(`/api/assessment/stats.docx?year=${PREV}`);
    expect(res.statusCode).toBe(200);
    const xml = readZipEntry(res.rawPayload, 'word/document.xml')!.toString('utf8');
    // 2025 in branch A: teacherA's city honour, a county paper, a post, a one-hour home visit.
    expect(xml).toContain(
      '2025 年，学校A第一党支部共有 1 名党员获评先进（其中市级 1 名），0 名党员辅导 0 名学生在竞赛中获奖，' +
        '1 名党员的 1 篇论文获奖，0 名党员晋升专业技术职称；获批党员先锋岗 1 个，0 名党员提交年度自评；' +
        '党员奉献日累计服务 1 小时，开展重点家访 1 次、走访企业 0 次。</w:t>',
    );
    expect(xml).not.toContain('与 2024 年相比');
  });
});
