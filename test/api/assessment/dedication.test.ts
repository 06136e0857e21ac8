import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { activities, activityParticipants, people } from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { multipartFile } from '../../support/donations';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * Dedication days (党员奉献日) through the API: who schedules them, what members log (home visits
 * whose student only those who may see that student see, enterprise visits, service), an activity
 * marked as a dedication day whose sign-ins count, photos, and the points they give by the default
 * scheme (奉献日与志愿服务: base 3, home visit 1, enterprise visit 1, 0.5 a service hour, max 6).
 */

let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
let dayId: string;
const YEAR = 2026;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

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
const homeVisit = {
  kind: 'homeVisit',
  studentId: '',
  subject: '学生A甲家长',
  content: '了解学生在家学习情况，沟通实习安排',
  outcome: '每月电话回访一次',
  hours: 2,
};

describe('dedication days', () => {
  it('are scheduled by whoever reviews the branch, or by the general branch for the park', async () => {
    const base = { title: '11 月党员奉献日', day: '2026-11-15' };
    const other = await secretaryA.post('/api/assessment/dedication-days', {
      ...base,
      orgNodeId: park.nodes.branchB!.id,
    });
    expect(other.statusCode).toBe(403);
    const member = await teacherA.post('/api/assessment/dedication-days', {
      ...base,
      orgNodeId: park.nodes.branchA!.id,
    });
    expect(member.statusCode).toBe(403);
    const school = await admin.post('/api/assessment/dedication-days', {
      ...base,
      orgNodeId: park.nodes.schoolA!.id,
    });
    expect(school.statusCode).toBe(400);
    expect(school.json().error.code).toBe('INVALID_ORG_NODE');
    const parkDay = await secretaryA.post('/api/assessment/dedication-days', {
      ...base,
      orgNodeId: park.nodes.generalBranch!.id,
    });
    expect(parkDay.statusCode).toBe(403);
    const res = await secretaryA.post('/api/assessment/dedication-days', {
      ...base,
      orgNodeId: park.nodes.branchA!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    dayId = res.json().id;
    expect(res.json()).toMatchObject({
      orgNodeName: '学校A第一党支部',
      entryCount: 0,
      canManage: true,
      canLog: true,
    });
    const gb = await admin.post('/api/assessment/dedication-days', {
      ...base,
      title: '园区奉献日',
      orgNodeId: park.nodes.generalBranch!.id,
    });
    expect(gb.statusCode).toBe(201);
    // teacherB sees the park's day, not branch A's
    const b = (await teacherB.get(`/api/assessment/dedication-days?year=${YEAR}`)).json();
    expect(b.items.map((d: { title: string }) => d.title)).toEqual(['园区奉献日']);
    const a = (await teacherA.get(`/api/assessment/dedication-days?year=${YEAR}`)).json();
    expect(a.total).toBe(2);
  });

  it('takes a member’s home visit with a student they may see, and refuses one they may not', async () => {
    const res = await teacherA.post(`/api/assessment/dedication-days/${dayId}/entries`, {
      ...homeVisit,
      studentId: park.persons.studentA1,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kind: 'homeVisit',
      kindLabel: '重点家访',
      student: { id: park.persons.studentA1, name: '学生A甲' },
      restricted: false,
      hours: 2,
      source: 'member',
      canEdit: true,
    });
    const audits = await rows<{ after: unknown }>(
      sql`select after from audit_log where action = 'assessment.dedicationEntry.create'`,
    );
    expect(JSON.stringify(audits)).not.toContain(park.persons.studentA1!);
    expect(JSON.stringify(audits)).not.toContain('实习安排');

    const parkDay = (await teacherB.get(`/api/assessment/dedication-days?year=${YEAR}`)).json().items[0].id;
    const refused = await teacherB.post(`/api/assessment/dedication-days/${parkDay}/entries`, {
      ...homeVisit,
      studentId: park.persons.studentA1,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('INVALID_STUDENT');
    const notHis = await teacherB.post(`/api/assessment/dedication-days/${dayId}/entries`, {
      ...homeVisit,
      studentId: null,
    });
    expect(notHis.statusCode).toBe(404);
    const halfHour = await teacherA.post(`/api/assessment/dedication-days/${dayId}/entries`, {
      kind: 'service',
      subject: '社区义诊',
      hours: 0.3,
    });
    expect(halfHour.statusCode).toBe(400);
    expect(halfHour.json().error.fields.hours).toBe('时长至少 0.5 小时');
  });

  it('refuses an entry for a day still ahead', async () => {
    const ahead = await secretaryA.post('/api/assessment/dedication-days', {
      title: '明年奉献日',
      day: '2099-01-15',
      orgNodeId: park.nodes.branchA!.id,
    });
    const res = await teacherA.post(`/api/assessment/dedication-days/${ahead.json().id}/entries`, {
      kind: 'service',
      subject: '社区服务',
      hours: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('DEDICATION_DAY_AHEAD');
  });

  it('shows a home visit’s details only to those who may see the student', async () => {
    // the student moves to a class teacherA does not teach: teacherA no longer reads them
    await t.database.db
      .update(people)
      .set({ unitId: park.nodes.classA2!.id })
      .where(sql`${people.id} = ${park.persons.studentA1!}`);
    const mine = (await teacherA.get(`/api/assessment/dedication-entries?year=${YEAR}`)).json();
    expect(mine.items[0]).toMatchObject({
      restricted: true,
      student: null,
      subject: null,
      content: null,
      outcome: null,
      hours: 2,
    });
    const sec = (await secretaryA.get(`/api/assessment/dedication-entries?year=${YEAR}`)).json();
    expect(sec.items[0]).toMatchObject({
      restricted: false,
      subject: '学生A甲家长',
      student: { name: '学生A甲' },
    });
    expect((await teacherB.get(`/api/assessment/dedication-entries?year=${YEAR}`)).json().total).toBe(0);
    await t.database.db
      .update(people)
      .set({ unitId: park.nodes.classA1!.id })
      .where(sql`${people.id} = ${park.persons.studentA1!}`);
  });

  it('keeps photos with an entry, images only', async () => {
    const entry = (await teacherA.get(`/api/assessment/dedication-entries?year=${YEAR}`)).json().items[0];
    const bad = multipartFile('a.png', Buffer.from('GIF89a'));
    const r1 = await teacherA.request({
      method: 'POST',
      url: `/api/assessment/dedication-entries/${entry.id}/photos`,
      ...bad,
    });
    expect(r1.statusCode).toBe(415);
    const ok = multipartFile('家访.png', PNG);
    const r2 = await teacherA.request({
      method: 'POST',
      url: `/api/assessment/dedication-entries/${entry.id}/photos`,
      ...ok,
    });
    expect(r2.statusCode, r2.body).toBe(200);
    const photo = r2.json().photos[0];
    const got = await secretaryA.get(photo.url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await teacherB.get(photo.url)).statusCode).toBe(404);
    const del = await teacherA.delete(`/api/assessment/dedication-entries/${entry.id}/photos/${photo.key}`);
    expect(del.json().photos).toEqual([]);
  });

  it('counts an activity’s sign-ins as service entries of its length', async () => {
    const [a] = await t.database.db
      .insert(activities)
      .values({
        parkId: park.parkId,
        kind: 'volunteer',
        title: '社区志愿服务',
        organiserId: park.nodes.branchA!.id,
        startsAt: new Date('2026-11-20T09:00:00+08:00'),
        endsAt: new Date('2026-11-20T12:10:00+08:00'),
        status: 'held',
      })
      .returning();
    await t.database.db.insert(activityParticipants).values([
      {
        parkId: park.parkId,
        activityId: a!.id,
        personId: park.persons.teacherA!,
        checkedInAt: new Date('2026-11-20T09:01:00+08:00'),
      },
      { parkId: park.parkId, activityId: a!.id, personId: park.persons.secretaryA! },
    ]);
    const wrongDay = await secretaryA.post('/api/assessment/dedication-days', {
      title: '志愿服务奉献日',
      day: '2026-11-21',
      orgNodeId: park.nodes.branchA!.id,
      activityId: a!.id,
    });
    expect(wrongDay.json().error.fields.day).toBe('活动在 2026-11-20');
    const res = await secretaryA.post('/api/assessment/dedication-days', {
      title: '志愿服务奉献日',
      day: '2026-11-20',
      orgNodeId: park.nodes.branchA!.id,
      activityId: a!.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    // only the one who signed in; 3 h 10 min rounds down to 3 h
    expect(res.json()).toMatchObject({ activityTitle: '社区志愿服务', entryCount: 1, hours: 3 });
    const entries = (
      await teacherA.get(`/api/assessment/dedication-entries?year=${YEAR}&dayId=${res.json().id}`)
    ).json();
    expect(entries.items).toEqual([
      expect.objectContaining({
        id: null,
        source: 'activity',
        kind: 'service',
        hours: 3,
        canEdit: false,
        subject: '社区志愿服务',
      }),
    ]);
    const twice = await secretaryA.post('/api/assessment/dedication-days', {
      title: 'x',
      day: '2026-11-20',
      orgNodeId: park.nodes.branchA!.id,
      activityId: a!.id,
    });
    expect(twice.json().error.code).toBe('ACTIVITY_ALREADY_DEDICATION_DAY');
    // the second participant signs in later: counted without any copy
    await t.database.db
      .update(activityParticipants)
      .set({ checkedInAt: new Date('2026-11-20T09:30:00+08:00') })
      .where(sql`${activityParticipants.personId} = ${park.persons.secretaryA!}`);
    const day = (await secretaryA.get(`/api/assessment/dedication-days?year=${YEAR}`))
      .json()
      .items.find((d: { id: string }) => d.id === res.json().id);
    expect(day.entryCount).toBe(2);
  });

  it('scores into the dedication aspect', async () => {
    await teacherA.post(`/api/assessment/dedication-days/${dayId}/entries`, {
      kind: 'enterpriseVisit',
      subject: '某机械制造有限公司',
      content: '走访实习基地',
      outcome: '新增 5 个实习岗位',
      hours: 3,
    });
    const s = (await teacherA.get(`/api/assessment/scores/mine?year=${YEAR}`)).json();
    const d = s.aspects.find((a: { key: string }) => a.key === 'dedication');
    // base 3 + home visit 1 + enterprise visit 1 + 3 service hours × 0.5 = 6.5 → max 6
    expect(d.bonus).toBe(3.5);
    expect(d.points).toBe(6);
    expect(d.items.map((i: { rule: string }) => i.rule)).toEqual(
      expect.arrayContaining(['家访 1 × 1 分', '下企业 1 × 1 分', '志愿服务小时 3 × 0.5 分']),
    );
  });

  it('cannot cancel a day with members’ entries; a member deletes their own entry', async () => {
    const del = await secretaryA.delete(`/api/assessment/dedication-days/${dayId}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('DEDICATION_DAY_HAS_ENTRIES');
    const mine = (
      await teacherA.get(`/api/assessment/dedication-entries?year=${YEAR}&dayId=${dayId}`)
    ).json();
    for (const e of mine.items)
      expect((await teacherA.delete(`/api/assessment/dedication-entries/${e.id}`)).statusCode).toBe(204);
    expect((await secretaryA.delete(`/api/assessment/dedication-days/${dayId}`)).statusCode).toBe(204);
  });
});
