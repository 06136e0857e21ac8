import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/server/access/actor';
import { branchRatingWorkbenchItems } from '../../../src/server/areas/assessment/branchRating/workbench';
import { loadGrants } from '../../../src/server/areas/auth/sessions';
import { queryRows } from '../../../src/server/platform/db/rows';
import {
  activities,
  branchRatings,
  duesLedger,
  duesMonths,
  orgMeetings,
} from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { multipartFile } from '../../support/donations';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * Branch star rating through the API on a real database. The records of two branches for 2025 (a
 * year that is over, so every period is due) are inserted straight into the meetings, dues and
 * activities tables, and every expected figure below is worked out by hand from the default
 * scheme (rules/branchRating.ts: 三会一课 30, 党费 20, 主题活动 15 at 3 each, 发展党员 15 manual,
 * 佐证材料 20; ★ lines 90/80/70/60/50) and RULES §5's 42 periods a year (4 quarterly general
 * meetings, 12 committee, 12 group, 12 themed days, 1 lecture, 1 organisational-life meeting).
 */

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let secretaryA: Client;
let teacherA: Client;

const YEAR = 2025;
const base = '/api/assessment/branch-rating';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const rows = <T>(q: ReturnType<typeof sql>) => queryRows<T>(t.database.db, q);
const auditCount = async (action: string) =>
  (await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  schoolAdminA = await login('schoolAdminA');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  await seedRecords();
});
afterAll(() => t.close());

const A = () => park.nodes.branchA!.id;
const B = () => park.nodes.branchB!.id;

async function seedRecords() {
  const db = t.database.db;
  const { parkId } = park;
  const meeting = (branchId: string, kind: string, date: string) => ({
    parkId,
    branchId,
    kind,
    date,
    title: `${kind} ${date}`,
  });
  const a = A();
  await db.insert(orgMeetings).values([
    // General meetings in three quarters of four: 3 kept.
    meeting(a, 'generalMeeting', '2025-02-10'),
    meeting(a, 'generalMeeting', '2025-05-10'),
    meeting(a, 'generalMeeting', '2025-08-10'),
    // Committee meetings every month (12 kept); a second in January keeps no more.
    ...Array.from({ length: 12 }, (_, i) =>
      meeting(a, 'committeeMeeting', `2025-${String(i + 1).padStart(2, '0')}-15`),
    ),
    meeting(a, 'committeeMeeting', '2025-01-28'),
    // Themed days January to June: 6 kept.
    ...Array.from({ length: 6 }, (_, i) =>
      meeting(a, 'themedDay', `2025-${String(i + 1).padStart(2, '0')}-01`),
    ),
    // One lecture, one organisational-life meeting: 2 kept. Group meetings: none.
    meeting(a, 'partyLecture', '2025-06-30'),
    meeting(a, 'orgLifeMeeting', '2025-12-20'),
    // Last year's and next year's do not count.
    meeting(a, 'groupMeeting', '2024-12-31'),
    meeting(a, 'groupMeeting', '2026-01-01'),
  ]);
  // → kept 3 + 12 + 6 + 1 + 1 = 23 of 42: 30 × 23 / 42 = 16.43 → 16.4. Branch B: 0 of 42 → 0.

  const month = (personKey: string, branchId: string, m: string, dueFen: number) => ({
    parkId,
    personId: park.persons[personKey]!,
    branchId,
    month: m,
    duesGroup: 'working',
    standardFen: dueFen,
    dueFen,
    rule: 'test',
  });
  await db.insert(duesMonths).values([
    month('teacherA', a, '2025-01-01', 1000),
    month('teacherA', a, '2025-02-01', 1000),
    month('teacherA', a, '2025-03-01', 1000),
    month('secretaryA', a, '2025-01-01', 500),
    month('teacherA', a, '2024-12-01', 9000), // last year's: not counted
    month('teacherB', B(), '2025-01-01', 0), // exempt
  ]);
  const pay = (personKey: string, m: string, amountFen: number) => ({
    parkId,
    personId: park.persons[personKey]!,
    month: m,
    kind: 'payment',
    amountFen,
    paidOn: m,
    method: 'cash',
  });
  await db.insert(duesLedger).values([
    pay('teacherA', '2025-01-01', 1000),
    pay('teacherA', '2025-02-01', 1500), // overpaid: counts as 1000, it does not cover March
    pay('secretaryA', '2025-01-01', 500),
  ]);
  // → due 3500, paid 2500: 20 × 2500 / 3500 = 14.29 → 14.3. Branch B: all exempt → 20.

  const activity = (organiserId: string, startsAt: string, status: string) => ({
    parkId,
    kind: 'lectureSeries',
    title: `活动 ${startsAt}`,
    organiserId,
    startsAt: new Date(startsAt),
    endsAt: new Date(new Date(startsAt).getTime() + 3_600_000),
    status,
  });
  await db.insert(activities).values([
    ...['2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01', '2025-09-01'].map((d) =>
      activity(a, `${d}T02:00:00Z`, 'held'),
    ),
    activity(a, '2024-12-31T16:30:00Z', 'held'), // 2025-01-01 00:30 in Shanghai: counts
    activity(a, '2025-12-31T17:00:00Z', 'held'), // 2026-01-01 01:00 in Shanghai: does not
    activity(a, '2025-10-01T02:00:00Z', 'cancelled'),
    activity(B(), '2025-03-01T02:00:00Z', 'held'),
    activity(B(), '2025-04-01T02:00:00Z', 'held'),
    activity(B(), '2025-05-01T02:00:00Z', 'planned'),
  ]);
  // → A: 6 held × 3 = 18, capped at 15. B: 2 × 3 = 6.
}

const fig = (view: { standards: { key: string; computed: { points: number } | null }[] }, key: string) =>
  view.standards.find((s) => s.key === key)!.computed?.points ?? null;

describe('the scheme', () => {
  it('only the general branch creates it; thresholds out of order are refused; a branch reads it', async () => {
    expect((await secretaryA.post(`${base}/schemes`, { year: YEAR, from: 'default' })).statusCode).toBe(403);
    expect((await teacherA.get(`${base}/schemes/${YEAR}`)).statusCode).toBe(403);
    const none = await admin.post(`${base}/schemes`, { year: YEAR, from: 'lastYear' });
    expect(none.statusCode).toBe(409);
    expect(none.json().error.code).toBe('NO_LAST_YEAR_RATING_SCHEME');
    const created = await admin.post(`${base}/schemes`, { year: YEAR, from: 'default' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().config.standards.map((s: { max: number }) => s.max)).toEqual([30, 20, 15, 15, 20]);
    const again = await admin.post(`${base}/schemes`, { year: YEAR, from: 'default' });
    expect(again.json().error.code).toBe('RATING_SCHEME_EXISTS');

    const config = created.json().config;
    const bad = await admin.put(`${base}/schemes/${YEAR}`, {
      version: 1,
      config: {
        ...config,
        thresholds: [
          { stars: 5, min: 90 },
          { stars: 4, min: 95 },
          { stars: 3, min: 70 },
          { stars: 2, min: 60 },
          { stars: 1, min: 50 },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('RATING_SCHEME_INVALID');
    expect(bad.json().error.message).toContain('递减');

    const ok = await admin.put(`${base}/schemes/${YEAR}`, { version: 1, config });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(2);
    const stale = await admin.put(`${base}/schemes/${YEAR}`, { version: 1, config });
    expect(stale.json().error.code).toBe('RATING_SCHEME_STALE');
    expect(await auditCount('assessment.branchRatingScheme.update')).toBe(1);

    const read = await secretaryA.get(`${base}/schemes/${YEAR}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().canManage).toBe(false);
    expect(read.json().scheme.status).toBe('draft');
  });
});

describe('figures from the records', () => {
  it('the board shows each standard computed from meetings, dues, activities (hand-computed)', async () => {
    const res = await admin.get(`${base}/board?year=${YEAR}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { branchName: string }) => i.branchName)).toEqual([
      '学校A第一党支部',
      '学校B第一党支部',
    ]);
    const [a, b] = items;
    expect(fig(a, 'meetings')).toBe(16.4);
    expect(fig(a, 'dues')).toBe(14.3);
    expect(fig(a, 'activities')).toBe(15);
    expect(fig(a, 'development')).toBeNull();
    expect(fig(a, 'evidence')).toBe(0);
    expect(a.standards.find((s: { key: string }) => s.key === 'meetings').computed.detail).toBe(
      '到期 42 期，按要求召开 23 期（54.8%）',
    );
    expect(a.standards.find((s: { key: string }) => s.key === 'activities').computed.detail).toContain(
      '已举办 6 次',
    );
    expect(fig(b, 'meetings')).toBe(0);
    expect(fig(b, 'dues')).toBe(20);
    expect(fig(b, 'activities')).toBe(6);
    expect(b.computedTotal).toBe(26);
    expect(a.status).toBe('draft');
  });
});

describe('branch evidence', () => {
  let first: string;
  let second: string;
  let third: string;
  it('the branch files evidence with a proof file; not for another branch', async () => {
    const e = await secretaryA.post(`${base}/evidence`, {
      year: YEAR,
      branchId: A(),
      title: '支部标准化建设台账',
      description: '全年台账',
    });
    expect(e.statusCode, e.body).toBe(201);
    first = e.json().id;
    const { payload, headers } = multipartFile('台账.pdf', PDF);
    const up = await secretaryA.request({
      method: 'POST',
      url: `${base}/evidence/${first}/file`,
      payload,
      headers,
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().file).toMatchObject({ filename: '台账.pdf', contentType: 'application/pdf' });
    const down = await admin.get(`${base}/evidence/${first}/file`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(PDF)).toBe(true);
    const txt = multipartFile('a.txt', Buffer.from('hello'));
    const bad = await secretaryA.request({ method: 'POST', url: `${base}/evidence/${first}/file`, ...txt });
    expect(bad.statusCode).toBe(415);

    second = (
      await secretaryA.post(`${base}/evidence`, { year: YEAR, branchId: A(), title: '主题党日照片集' })
    ).json().id;
    third = (
      await secretaryA.post(`${base}/evidence`, { year: YEAR, branchId: A(), title: '重复材料' })
    ).json().id;
    const other = await secretaryA.post(`${base}/evidence`, { year: YEAR, branchId: B(), title: '越权' });
    expect(other.statusCode).toBe(403);
    // The general branch scores evidence; it does not file or edit it for the branch.
    const byAdmin = await admin.post(`${base}/evidence`, { year: YEAR, branchId: A(), title: '代登记' });
    expect(byAdmin.statusCode).toBe(403);
    expect((await admin.patch(`${base}/evidence/${first}`, { title: '代改' })).statusCode).toBe(403);
    expect((await admin.get(`${base}/evidence/${first}`)).json()).toMatchObject({
      canEdit: false,
      canScore: true,
    });
    expect(await auditCount('assessment.branchEvidence.create')).toBe(3);
  });

  it('only the general branch scores; above the standard max is refused; a returned piece is not counted', async () => {
    expect((await secretaryA.post(`${base}/evidence/${first}/score`, { score: 8 })).statusCode).toBe(403);
    // Inside the contract's 0–100, above the 佐证材料 standard's 20.
    const over = await admin.post(`${base}/evidence/${first}/score`, { score: 20.5 });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.code).toBe('SCORE_ABOVE_MAX');
    const s1 = await admin.post(`${base}/evidence/${first}/score`, { score: 8, note: '台账完整' });
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s1.json()).toMatchObject({ status: 'scored', score: 8, canEdit: false });
    expect((await admin.post(`${base}/evidence/${second}/score`, { score: 7.5 })).statusCode).toBe(200);
    const r = await admin.post(`${base}/evidence/${third}/return`, { reason: '与第一份重复' });
    expect(r.json()).toMatchObject({ status: 'returned', returnReason: '与第一份重复' });
    // Scoring started: the scheme froze.
    const scheme = (await admin.get(`${base}/schemes/${YEAR}`)).json().scheme;
    expect(scheme).toMatchObject({ status: 'frozen', frozenReason: 'evidence' });
    const edit = await admin.put(`${base}/schemes/${YEAR}`, {
      version: scheme.version,
      config: scheme.config,
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('RATING_SCHEME_FROZEN');
    const locked = await secretaryA.patch(`${base}/evidence/${first}`, { title: '改名' });
    expect(locked.json().error.code).toBe('EVIDENCE_SCORED');

    const board = (await secretaryA.get(`${base}/board?year=${YEAR}`)).json();
    expect(fig(board.items[0], 'evidence')).toBe(15.5); // 8 + 7.5
    expect(board.items[0].computedTotal).toBe(61.2); // 16.4 + 14.3 + 15 + 0 + 15.5
  });
});

/** The actor a session of `username` would carry (as auth/sessions.ts builds it). */
async function actorOf(username: string, person: string | null): Promise<Actor> {
  const accountId = park.accountIds[username]!;
  const staff = person ? park.persons[person]! : null;
  const school = person?.endsWith('A') ? 'A' : 'B';
  return {
    accountId,
    parkId: park.parkId,
    parkPath: park.nodes.park!.path,
    username,
    displayName: username,
    personId: staff,
    schoolId: staff ? park.nodes[`school${school}`]!.id : null,
    unitId: staff ? park.nodes[`dept${school}`]!.id : null,
    branchId: staff ? park.nodes[`branch${school}`]!.id : null,
    grants: await loadGrants(t.database.db, accountId),
    mustChangePassword: false,
  };
}

const workbench = async (username: string, person: string | null, today: string) =>
  branchRatingWorkbenchItems({ db: t.database.db, actor: await actorOf(username, person), today });

describe('the workbench, before rating', () => {
  it('the secretary is asked in December to self-rate and told of returned evidence', async () => {
    const nov = await workbench('secretaryA', 'secretaryA', `${YEAR}-11-30`);
    expect(nov.map((i) => i.key)).toEqual(['branchRating.evidenceReturned']);
    expect(nov[0]!.entries).toEqual([{ label: '重复材料', detail: '与第一份重复', link: null }]);
    const dec = await workbench('secretaryA', 'secretaryA', `${YEAR}-12-01`);
    expect(dec.map((i) => i.key)).toEqual(['branchRating.selfRate', 'branchRating.evidenceReturned']);
    expect(dec[0]!.entries.map((e) => e.label)).toEqual(['学校A第一党支部']);
    // A member who reviews nobody, and the general branch (nothing self-rated or waiting yet), hear nothing.
    expect(await workbench('teacherA', 'teacherA', `${YEAR}-12-01`)).toEqual([]);
    expect(await workbench('admin', null, `${YEAR}-12-01`)).toEqual([]);
  });
});

describe('rating', () => {
  const selfEntries = {
    meetings: { score: 18, statement: '三会一课基本按时召开' },
    dues: { score: 15, statement: '党费按月收缴' },
    activities: { score: 15, statement: '主题活动丰富' },
    development: { score: 12, statement: '发展党员 1 名' },
    evidence: { score: 16, statement: '台账齐全' },
  };

  it('the general branch cannot rate before the branch has rated itself', async () => {
    const res = await admin.put(`${base}/ratings/${B()}/final`, {
      year: YEAR,
      entries: Object.fromEntries(Object.keys(selfEntries).map((k) => [k, { score: 1 }])),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('BRANCH_NOT_SELF_RATED');
  });

  it('the branch self-rates every standard, not above its max; not another branch', async () => {
    const missing = await secretaryA.put(`${base}/ratings/${A()}/self`, {
      year: YEAR,
      entries: { meetings: selfEntries.meetings },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('RATING_INCOMPLETE');
    const over = await secretaryA.put(`${base}/ratings/${A()}/self`, {
      year: YEAR,
      entries: { ...selfEntries, dues: { score: 21, statement: '超' } },
    });
    expect(over.json().error.code).toBe('SCORE_ABOVE_MAX');
    expect(over.json().error.message).toContain('党费收缴');
    const other = await secretaryA.put(`${base}/ratings/${B()}/self`, { year: YEAR, entries: selfEntries });
    expect(other.statusCode).toBe(403);
    // Not the same hand as the rating: the general branch and the school do not self-rate for a branch.
    for (const c of [admin, schoolAdminA]) {
      const onBehalf = await c.put(`${base}/ratings/${A()}/self`, { year: YEAR, entries: selfEntries });
      expect(onBehalf.statusCode).toBe(403);
      expect(onBehalf.json().error.message).toContain('由本支部填写');
      expect((await c.get(`${base}/ratings/${A()}?year=${YEAR}`)).json().canSelfRate).toBe(false);
    }
    expect((await secretaryA.get(`${base}/ratings/${A()}?year=${YEAR}`)).json().canSelfRate).toBe(true);

    const ok = await secretaryA.put(`${base}/ratings/${A()}/self`, { year: YEAR, entries: selfEntries });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'selfRated', selfTotal: 76, finalTotal: null, stars: null });
    expect(ok.json().canRate).toBe(false);
    expect(await auditCount('assessment.branchRating.selfRate')).toBe(1);
  });

  it('a secretary cannot rate; the park admin rates and the stars follow the thresholds', async () => {
    const final = {
      meetings: { score: 16.4, note: '群众会议缺失' },
      dues: { score: 14.3 },
      activities: { score: 15 },
      development: { score: 12, note: '发展 1 名' },
      evidence: { score: 15.5 },
    };
    expect(
      (await secretaryA.put(`${base}/ratings/${A()}/final`, { year: YEAR, entries: final })).statusCode,
    ).toBe(403);
    const over = await admin.put(`${base}/ratings/${A()}/final`, {
      year: YEAR,
      entries: { ...final, development: { score: 15.1 } },
    });
    expect(over.json().error.code).toBe('SCORE_ABOVE_MAX');
    const res = await admin.put(`${base}/ratings/${A()}/final`, { year: YEAR, entries: final });
    expect(res.statusCode, res.body).toBe(200);
    // 16.4 + 14.3 + 15 + 12 + 15.5 = 73.2 → ≥ 70: three stars.
    expect(res.json()).toMatchObject({ status: 'rated', finalTotal: 73.2, stars: 3, selfTotal: 76 });
    expect(res.json().standards.find((s: { key: string }) => s.key === 'meetings')).toMatchObject({
      selfScore: 18,
      statement: '三会一课基本按时召开',
      finalScore: 16.4,
      note: '群众会议缺失',
    });
    expect(await auditCount('assessment.branchRating.rate')).toBe(1);

    // Published: the branch can no longer change its self-rating or its evidence.
    const late = await secretaryA.put(`${base}/ratings/${A()}/self`, { year: YEAR, entries: selfEntries });
    expect(late.json().error.code).toBe('RATING_PUBLISHED');
    const lateEvidence = await secretaryA.post(`${base}/evidence`, {
      year: YEAR,
      branchId: A(),
      title: '迟交',
    });
    expect(lateEvidence.json().error.code).toBe('RATING_PUBLISHED');
  });

  it('the published figures are the snapshot: a meeting recorded afterwards does not move them', async () => {
    await t.database.db.insert(orgMeetings).values({
      parkId: park.parkId,
      branchId: A(),
      kind: 'generalMeeting',
      date: '2025-11-11',
      title: '补录',
    });
    const view = (await admin.get(`${base}/ratings/${A()}?year=${YEAR}`)).json();
    expect(fig(view, 'meetings')).toBe(16.4);
    expect(view.figuresAsOf).not.toBeNull();
  });
});

describe('who sees which branches', () => {
  it('the general branch sees all; a school admin their school’s; a secretary their own; a member none', async () => {
    const names = async (c: Client) =>
      (await c.get(`${base}/board?year=${YEAR}`))
        .json()
        .items.map((i: { branchName: string }) => i.branchName);
    expect(await names(admin)).toEqual(['学校A第一党支部', '学校B第一党支部']);
    expect(await names(schoolAdminA)).toEqual(['学校A第一党支部']);
    expect(await names(secretaryA)).toEqual(['学校A第一党支部']);
    expect((await teacherA.get(`${base}/board?year=${YEAR}`)).statusCode).toBe(403);

    const board = (await secretaryA.get(`${base}/board?year=${YEAR}`)).json();
    expect(board.items[0]).toMatchObject({ stars: 3, finalTotal: 73.2 });
    expect((await secretaryA.get(`${base}/ratings/${B()}?year=${YEAR}`)).statusCode).toBe(403);
    const evidence = (await schoolAdminA.get(`${base}/evidence?year=${YEAR}`)).json().items;
    expect(evidence).toHaveLength(3);
    expect(evidence.every((e: { branchId: string }) => e.branchId === A())).toBe(true);
  });
});

describe('the workbench, after rating', () => {
  it('the general branch is shown branches that self-rated and wait for its rating', async () => {
    await t.database.db.insert(branchRatings).values({
      parkId: park.parkId,
      year: YEAR,
      branchId: B(),
      schemeVersion: 2,
      status: 'selfRated',
      selfEntries: {},
      selfTotalTenths: 655,
      selfRatedAt: new Date(),
    });
    const items = await workbench('admin', null, `${YEAR}-12-20`);
    expect(items.map((i) => i.key)).toEqual(['branchRating.toRate']);
    expect(items[0]!.entries).toEqual([{ label: '学校B第一党支部', detail: '自评 65.5 分', link: null }]);
    // School A's admin does not rate and does not see school B.
    expect(await workbench('schoolAdminA', null, `${YEAR}-12-20`)).toEqual([]);
    // Branch A is rated: its returned piece can no longer be corrected, so nothing is asked of its secretary.
    expect(await workbench('secretaryA', 'secretaryA', `${YEAR}-12-20`)).toEqual([]);
  });
});
