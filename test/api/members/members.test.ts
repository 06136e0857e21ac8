import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { partyAgeYears, todayInShanghai } from '../../../src/common/dates';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
let admin: Client;
let secretary: Client;
let newcomerA: string;
let newcomerB: string;

const login = (u: string) => asClient(t.app).login(u, PASSWORD);
type MemberItem = { id: string; number: string; memberStatus: string; membership: Record<string, unknown> };
const members = async (c: Client, query = '') => {
  const res = await c.get(`/api/members${query ? '?' + query : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: MemberItem[]; total: number };
};

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await login('admin');
  secretary = await login('secretaryA');
  for (const [s, number] of [
    ['A', 'TA010'],
    ['B', 'TB010'],
  ] as const) {
    const res = await admin.post('/api/people', {
      kind: 'staff',
      number,
      name: `新教师${s}`,
      unitId: park.nodes[`dept${s}`]!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    if (s === 'A') newcomerA = res.json().id;
    else newcomerB = res.json().id;
  }
});
afterAll(() => t.close());

describe('members list', () => {
  it('shows the park admin every member with derived probation end and 党龄', async () => {
    const r = await members(admin, 'pageSize=100');
    expect(r.total).toBe(4);
    const teacherA = r.items.find((i) => i.id === park.persons.teacherA)!;
    expect(teacherA.memberStatus).toBe('full');
    expect(teacherA.membership).toMatchObject({
      status: 'full',
      statusLabel: '正式党员',
      branchId: park.nodes.branchA!.id,
      branchName: '学校A第一党支部',
      joinedOn: '2010-03-15',
      fullOn: '2011-03-15',
      probationEndsOn: '2011-03-15',
      partyAgeYears: partyAgeYears('2011-03-15', todayInShanghai()),
    });
  });

  it('shows a branch secretary their branch, and a member only themselves', async () => {
    const r = await members(secretary, 'pageSize=100');
    expect(r.items.map((i) => i.number).sort()).toEqual(['TA001', 'TA002']);
    const own = await members(await login('teacherB'));
    expect(own.items.map((i) => i.id)).toEqual([park.persons.teacherB]);
    const student = await members(await login('studentA1'));
    expect(student.total).toBe(0);
  });

  it('filters by branch, status, month of joining and search', async () => {
    expect((await members(admin, `branchId=${park.nodes.branchB!.id}`)).total).toBe(2);
    expect((await members(admin, 'status=probationary')).total).toBe(0);
    expect((await members(admin, 'joinedMonth=3')).items.map((i) => i.number).sort()).toEqual([
      'TA001',
      'TB001',
    ]);
    expect((await members(admin, 'joinedMonth=7')).items.map((i) => i.number).sort()).toEqual([
      'TA002',
      'TB002',
    ]);
    expect((await members(admin, `q=${encodeURIComponent('书记')}`)).total).toBe(2);
    expect((await admin.get('/api/members?joinedMonth=13')).statusCode).toBe(400);
  });

  it('refuses accounts without members.read', async () => {
    expect((await (await login('leagueA')).get('/api/members')).statusCode).toBe(403);
  });
});

describe('recording a membership', () => {
  it('validates status against 转正时间', async () => {
    const probationaryWithFullOn = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2025-06-01',
      fullOn: '2026-06-01',
    });
    expect(probationaryWithFullOn.statusCode).toBe(400);
    expect(probationaryWithFullOn.json().error.fields).toEqual({ fullOn: '预备党员没有转正时间' });
    const fullBeforeJoining = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'full',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2020-06-01',
      fullOn: '2019-06-01',
    });
    expect(fullBeforeJoining.statusCode).toBe(400);
    expect(fullBeforeJoining.json().error.fields).toEqual({ fullOn: '转正时间不能早于入党时间' });
    const badDate = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2025-02-30',
    });
    // A day not on the calendar is refused by the route's contract (common/schemas.ts `day`).
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.code).toBe('VALIDATION_FAILED');
    expect(badDate.json().error.fields).toEqual({ joinedOn: '入党时间应为有效日期（YYYY-MM-DD）' });
    const badFullOn = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'full',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2020-06-01',
      fullOn: '2021-02-31',
    });
    expect(badFullOn.statusCode).toBe(400);
    expect(badFullOn.json().error.fields).toEqual({ fullOn: '转正时间应为有效日期（YYYY-MM-DD）' });
  });

  it('requires a branch, and a party group inside it', async () => {
    const notBranch = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.groupA!.id,
      joinedOn: '2025-06-01',
    });
    expect(notBranch.statusCode).toBe(422);
    expect(notBranch.json().error).toMatchObject({
      code: 'INVALID_BRANCH',
      fields: { branchId: '所选节点不是党支部' },
    });
    const foreignGroup = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      partyGroupId: park.nodes.groupB!.id,
      joinedOn: '2025-06-01',
    });
    expect(foreignGroup.statusCode).toBe(422);
    expect(foreignGroup.json().error.fields).toEqual({ partyGroupId: '该党小组不属于所选党支部' });
  });

  it('records a probationary member with the probation end derived, and audits it', async () => {
    const res = await secretary.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      partyGroupId: park.nodes.groupA!.id,
      joinedOn: '2025-08-31',
      duesBaseFen: 650000,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      status: 'probationary',
      statusLabel: '预备党员',
      branchId: park.nodes.branchA!.id,
      branchName: '学校A第一党支部',
      partyGroupId: park.nodes.groupA!.id,
      partyGroupName: '学校A第一党小组',
      joinedOn: '2025-08-31',
      fullOn: null,
      probationExtensionMonths: 0,
      probationEndsOn: '2026-08-31',
      partyAgeYears: 0,
      duesBaseFen: 650000,
      duesGroup: 'working',
    });
    const [row] = await queryRows<{ action: string; actor_name: string }>(
      t.database.db,
      sql`select action, actor_name from audit_log where entity_type = 'membership' and entity_id = ${newcomerA}`,
    );
    expect(row).toEqual({ action: 'members.membership.create', actor_name: 'secretaryA' });
    const detail = await admin.get(`/api/people/${newcomerA}`);
    expect(detail.json()).toMatchObject({
      memberStatus: 'probationary',
      membership: { probationEndsOn: '2026-08-31' },
    });
  });

  it('defaults 转正时间 to the end of probation, month-end rolled back (29 February joiner)', async () => {
    const res = await admin.put(`/api/people/${newcomerA}/membership`, {
      status: 'full',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2024-02-29',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'full',
      fullOn: '2025-02-28',
      probationEndsOn: '2025-02-28',
      partyAgeYears: partyAgeYears('2025-02-28', todayInShanghai()),
      duesBaseFen: null,
    });
    const audit = await queryRows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where entity_type = 'membership' and entity_id = ${newcomerA} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(['members.membership.create', 'members.membership.update']);
  });

  it('refuses a full member whose probation has not ended', async () => {
    const res = await admin.put(`/api/people/${newcomerB}/membership`, {
      status: 'full',
      branchId: park.nodes.branchB!.id,
      joinedOn: todayInShanghai(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ fullOn: '预备期尚未期满，不能登记为正式党员' });
  });

  it('keeps a branch secretary to their school and their branch', async () => {
    const other = await secretary.put(`/api/people/${newcomerB}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2025-06-01',
    });
    expect(other.statusCode).toBe(404);
    const wrongBranch = await secretary.put(`/api/people/${newcomerA}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchB!.id,
      joinedOn: '2025-06-01',
    });
    expect(wrongBranch.statusCode).toBe(403);
    const member = await login('teacherA');
    const self = await member.put(`/api/people/${park.persons.teacherA}/membership`, {
      status: 'full',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2010-03-15',
    });
    expect(self.statusCode).toBe(403);
  });

  it('hides membership details from a reader without members.read', async () => {
    const league = await login('leagueA');
    const res = await admin.put(`/api/people/${park.persons.studentA1}/membership`, {
      status: 'probationary',
      branchId: park.nodes.branchA!.id,
      joinedOn: '2025-06-01',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().duesGroup).toBe('student');
    const detail = await league.get(`/api/people/${park.persons.studentA1}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().membership).toBeNull();
  });
});

describe('removing a membership', () => {
  it('deletes with 204, audits, and answers 404 the second time', async () => {
    expect((await admin.delete(`/api/people/${park.persons.studentA1}/membership`)).statusCode).toBe(204);
    const detail = await admin.get(`/api/people/${park.persons.studentA1}`);
    expect(detail.json()).toMatchObject({ memberStatus: null, membership: null });
    expect((await admin.delete(`/api/people/${park.persons.studentA1}/membership`)).statusCode).toBe(404);
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'members.membership.delete' and entity_id = ${park.persons.studentA1}`,
    );
    expect(row!.n).toBe(1);
  });

  it('refuses a secretary another branch’s member', async () => {
    expect((await secretary.delete(`/api/people/${park.persons.teacherB}/membership`)).statusCode).toBe(404);
    const a = await login('schoolAdminA');
    expect((await a.delete(`/api/people/${park.persons.teacherB}/membership`)).statusCode).toBe(404);
  });
});
