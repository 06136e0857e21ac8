import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { todayInShanghai } from '../../../src/common/dates';
import { runBirthdayReminders } from '../../../src/server/areas/orgLife/commands/runBirthdayReminders';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { addMember, pdfText, pngSize, pngVariety } from '../../support/orgLife';

/**
 * Political birthdays through the API: roster → symposium → card → the member's report, goals and
 * proposal → the secretary's comment, review and tracking; the checklist, completion, history,
 * reminders, the month's card batch; and who may do what.
 */
let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
let schoolAdminA: Client;
let leapId: string;
const Y = Number(todayInShanghai().slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  // A 29 February joiner in branch A, and someone who joined in March of this very year.
  leapId = (
    await addMember(t.database.db, park, {
      number: 'TA100',
      name: '闰日党员',
      school: 'A',
      joinedOn: '2004-02-29',
    })
  ).personId;
  await addMember(t.database.db, park, {
    number: 'TA101',
    name: '新党员',
    school: 'A',
    joinedOn: `${Y}-03-02`,
    status: 'probationary',
  });
  admin = await asClient(t.app).login('admin', PASSWORD);
  secretaryA = await asClient(t.app).login('secretaryA', PASSWORD);
  teacherA = await asClient(t.app).login('teacherA', PASSWORD);
  teacherB = await asClient(t.app).login('teacherB', PASSWORD);
  schoolAdminA = await asClient(t.app).login('schoolAdminA', PASSWORD);
});
afterAll(() => t.close());

const names = (res: { json(): { items: { name: string }[] } }) =>
  res
    .json()
    .items.map((i) => i.name)
    .sort();

describe('the month’s roster', () => {
  it('lists members who joined in the month, scoped: park admin all, secretary own branch, member self', async () => {
    const all = await admin.get(`/api/orglife/birthdays/roster?year=${Y}&month=3`);
    expect(all.statusCode).toBe(200);
    expect(names(all)).toEqual(['教师A', '教师B']); // 新党员 joined this March: no birthday yet
    const a = all.json().items.find((i: { name: string }) => i.name === '教师A');
    expect(a).toMatchObject({
      joinedOn: '2010-03-15',
      birthdayOn: `${Y}-03-15`,
      years: Y - 2010,
      branchName: '学校A第一党支部',
      checklist: { done: 0, total: 7, complete: false },
    });
    expect(names(await secretaryA.get(`/api/orglife/birthdays/roster?year=${Y}&month=3`))).toEqual(['教师A']);
    expect(names(await schoolAdminA.get(`/api/orglife/birthdays/roster?year=${Y}&month=3`))).toEqual([
      '教师A',
    ]);
    expect(names(await teacherA.get(`/api/orglife/birthdays/roster?year=${Y}&month=3`))).toEqual(['教师A']);
    expect(names(await teacherB.get(`/api/orglife/birthdays/roster?year=${Y}&month=3`))).toEqual(['教师B']);
    expect(names(await secretaryA.get(`/api/orglife/birthdays/roster?year=${Y}&month=7`))).toEqual(['书记A']);
  });

  it('puts a 29 February joiner on 28 February in a common year and 29 February in a leap year', async () => {
    const common = await admin.get('/api/orglife/birthdays/roster?year=2025&month=2');
    expect(common.json().items).toEqual([
      expect.objectContaining({ personId: leapId, birthdayOn: '2025-02-28', years: 21 }),
    ]);
    const leap = await admin.get('/api/orglife/birthdays/roster?year=2028&month=2');
    expect(leap.json().items[0]).toMatchObject({ birthdayOn: '2028-02-29', years: 24 });
    expect((await admin.get('/api/orglife/birthdays/roster?year=2025&month=3')).json().items).toHaveLength(2);
  });

  it('refuses a bad month with a Chinese field message', async () => {
    const res = await admin.get(`/api/orglife/birthdays/roster?year=${Y}&month=13`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.month).toBe('月份为 1–12');
  });

  it('asks for a signed-in user', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/orglife/birthdays/roster' });
    expect(res.statusCode).toBe(401);
  });
});

describe('the birthday flow: symposium → card → report → comment', () => {
  let symposiumId: string;
  let reportId: string;

  it('lets the secretary schedule the branch’s symposium with the roster as attendees', async () => {
    const res = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year: Y,
      month: 3,
      scheduledAt: `${Y}-03-14T14:30:00+08:00`,
      place: '党员活动室',
      cardMessage: '愿您初心如磐，在教书育人的岗位上再立新功！',
    });
    expect(res.statusCode).toBe(201);
    symposiumId = res.json().id;
    expect(res.json()).toMatchObject({
      hostName: '学校A第一党支部',
      status: 'planned',
      statusLabel: '已安排',
    });
    expect(res.json().attendees.map((a: { name: string }) => a.name)).toEqual(['教师A']);
    const dup = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year: Y,
      month: 3,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('SYMPOSIUM_EXISTS');
  });

  it('refuses symposiums of other branches, of the general branch to a secretary, and to members', async () => {
    const other = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchB!.id,
      year: Y,
      month: 3,
    });
    expect(other.statusCode).toBe(404);
    const general = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.generalBranch!.id,
      year: Y,
      month: 3,
    });
    expect(general.statusCode).toBe(403); // visible to members, managed only park-wide
    const member = await teacherA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year: Y,
      month: 4,
    });
    expect(member.statusCode).toBe(403);
    const outsider = await secretaryA.put(`/api/orglife/symposiums/${symposiumId}/attendees`, {
      items: [{ personId: park.persons.teacherB, attended: true }],
    });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json().error.fields['attendeePersonIds.0']).toBe('不是本支部党员');
  });

  it('refuses a symposium with nobody to invite', async () => {
    // Branch A has no political birthday in November.
    const none = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year: Y,
      month: 11,
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().error).toMatchObject({
      code: 'NO_INVITEES',
      message: `学校A第一党支部${Y}年11月没有过政治生日的党员，无需安排座谈会`,
    });
    const empty = await secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year: Y,
      month: 11,
      attendeePersonIds: [],
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.fields.attendeePersonIds).toBe('请至少邀请一名党员');
    const emptied = await secretaryA.put(`/api/orglife/symposiums/${symposiumId}/attendees`, { items: [] });
    expect(emptied.statusCode).toBe(422);
    expect(emptied.json().error.code).toBe('NO_INVITEES');
    // Nothing was written: the symposium keeps its invitee.
    const kept = await secretaryA.get(`/api/orglife/symposiums/${symposiumId}`);
    expect(kept.json().attendees.map((a: { name: string }) => a.name)).toEqual(['教师A']);
  });

  it('lets the park admin hold a general-branch symposium for the whole park', async () => {
    const res = await admin.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.generalBranch!.id,
      year: Y,
      month: 7,
    });
    expect(res.statusCode).toBe(201);
    expect(
      res
        .json()
        .attendees.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(['书记A', '书记B']);
  });

  it('records the symposium as held, with minutes, photos and attendance', async () => {
    const held = await secretaryA.patch(`/api/orglife/symposiums/${symposiumId}`, {
      status: 'held',
      minutes: '重温入党誓词，交流一年来的思想和工作。',
      photos: [{ mediaId: null, name: '合影.jpg', url: '/media/x/large' }],
    });
    expect(held.statusCode).toBe(200);
    expect(held.json()).toMatchObject({ status: 'held', photos: [{ name: '合影.jpg' }] });
    const att = await secretaryA.put(`/api/orglife/symposiums/${symposiumId}/attendees`, {
      items: [{ personId: park.persons.teacherA, attended: true }],
    });
    expect(att.json().attendedCount).toBe(1);
    // The member sees their branch's symposium; another branch's member does not.
    expect((await teacherA.get(`/api/orglife/symposiums/${symposiumId}`)).statusCode).toBe(200);
    expect((await teacherB.get(`/api/orglife/symposiums/${symposiumId}`)).statusCode).toBe(404);
    const list = await teacherB.get(`/api/orglife/symposiums?year=${Y}`);
    expect(list.json().items.map((s: { hostKind: string }) => s.hostKind)).toEqual(['generalBranch']);
  });

  it('renders the card as a PDF with the Chinese text and the branch’s message', async () => {
    const res = await teacherA.get(`/api/orglife/cards/${park.persons.teacherA}?year=${Y}&format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const text = (await pdfText(res.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('政治生日快乐');
    expect(text).toContain('亲爱的教师A同志');
    expect(text).toContain('2010年3月15日');
    expect(text).toContain(`第${Y - 2010}个政治生日`);
    expect(text).toContain('愿您初心如磐');
    expect(text).toContain('中共学校A第一党支部');
  });

  it('renders the card as a PNG of A5 at 150 dpi that is not blank', async () => {
    const res = await secretaryA.get(`/api/orglife/cards/${park.persons.teacherA}?year=${Y}&format=png`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(pngSize(res.rawPayload)).toEqual({ width: 1240, height: 874 });
    const v = await pngVariety(res.rawPayload);
    expect(v.rawBytes).toBe(874 * (1 + 1240 * 4));
    expect(v.distinctBytes).toBeGreaterThan(100);
  });

  it('shows no card to another branch’s member, and none before the first anniversary', async () => {
    expect((await teacherB.get(`/api/orglife/cards/${park.persons.teacherA}?year=${Y}`)).statusCode).toBe(
      404,
    );
    const early = await admin.get(`/api/orglife/cards/${park.persons.teacherA}?year=2010`);
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('NO_BIRTHDAY_THAT_YEAR');
  });

  it('lets only the member write their own report', async () => {
    const own = await teacherA.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y}`, {
      content: '一年来认真学习党的理论，积极参加组织生活……',
    });
    expect(own.statusCode).toBe(200);
    reportId = own.json().id;
    const bySecretary = await secretaryA.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y}`, {
      content: '代写',
    });
    expect(bySecretary.statusCode).toBe(403);
    const forOther = await teacherA.put(`/api/orglife/thought-reports/${park.persons.secretaryA}/${Y}`, {
      content: 'x',
    });
    expect(forOther.statusCode).toBe(404); // a member does not even see another member
    const otherBranch = await teacherB.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y}`, {
      content: 'x',
    });
    expect(otherBranch.statusCode).toBe(404);
    const empty = await teacherA.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y}`, {
      content: '  ',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.content).toBe('请填写思想汇报');
    const future = await teacherA.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y + 1}`, {
      content: 'x',
    });
    expect(future.json().error.code).toBe('FUTURE_YEAR');
  });

  it('lets the secretary read and comment; the member then sees the comment and can no longer edit', async () => {
    const list = await secretaryA.get(`/api/orglife/thought-reports?year=${Y}&commented=false`);
    expect(list.json().items.map((r: { name: string }) => r.name)).toEqual(['教师A']);
    expect((await teacherB.get(`/api/orglife/thought-reports?year=${Y}`)).json().total).toBe(0);
    expect((await teacherB.get(`/api/orglife/thought-reports/${reportId}`)).statusCode).toBe(404);
    const byMember = await teacherA.post(`/api/orglife/thought-reports/${reportId}/comment`, {
      comment: '自评',
    });
    expect(byMember.statusCode).toBe(403);
    const c = await secretaryA.post(`/api/orglife/thought-reports/${reportId}/comment`, {
      comment: '汇报认真，望继续发挥骨干作用。',
    });
    expect(c.statusCode).toBe(200);
    const seen = await teacherA.get(`/api/orglife/thought-reports/${reportId}`);
    expect(seen.json()).toMatchObject({
      comment: '汇报认真，望继续发挥骨干作用。',
      commentedByName: 'secretaryA',
    });
    const edit = await teacherA.put(`/api/orglife/thought-reports/${park.persons.teacherA}/${Y}`, {
      content: '改',
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error).toMatchObject({
      code: 'REPORT_COMMENTED',
      message: '书记已批阅这份思想汇报，不能再修改',
    });
  });

  it('takes next year’s goals and reviews last year’s a year later', async () => {
    const now = await teacherA.put(`/api/orglife/goals/${park.persons.teacherA}/${Y}`, {
      content: '开设一门党史校本课程',
    });
    expect(now.json()).toMatchObject({ targetYear: Y + 1, reviewResult: null });
    const tooEarly = await secretaryA.post(`/api/orglife/goals/${now.json().id}/review`, { result: 'met' });
    expect(tooEarly.statusCode).toBe(422);
    expect(tooEarly.json().error.code).toBe('GOALS_NOT_DUE');
    const last = await teacherA.put(`/api/orglife/goals/${park.persons.teacherA}/${Y - 1}`, {
      content: '带好一个青年教师',
    });
    const review = await secretaryA.post(`/api/orglife/goals/${last.json().id}/review`, {
      result: 'met',
      note: '已结对',
    });
    expect(review.json()).toMatchObject({ reviewResult: 'met', reviewResultLabel: '已达成' });
    const bad = await secretaryA.post(`/api/orglife/goals/${last.json().id}/review`, { result: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.result).toBe('请选择已达成或未达成');
    const locked = await teacherA.put(`/api/orglife/goals/${park.persons.teacherA}/${Y - 1}`, {
      content: '改',
    });
    expect(locked.json().error.code).toBe('GOALS_REVIEWED');
  });

  it('tracks a proposal received → assigned → answered → closed, visible to the member', async () => {
    const p = await teacherA.post('/api/orglife/proposals', {
      personId: park.persons.teacherA,
      year: Y,
      target: 'school',
      title: '增设教工党员学习角',
      content: '建议在图书馆设立党员学习角。',
    });
    expect(p.statusCode).toBe(201);
    const id = p.json().id;
    expect(p.json()).toMatchObject({ status: 'received', statusLabel: '已受理' });
    expect(
      (await teacherA.post(`/api/orglife/proposals/${id}/assign`, { departmentId: park.nodes.deptA!.id }))
        .statusCode,
    ).toBe(403);
    const notDept = await secretaryA.post(`/api/orglife/proposals/${id}/assign`, {
      departmentId: park.nodes.classA1!.id,
    });
    expect(notDept.json().error.fields.departmentId).toBe('请选择一个科室');
    const early = await secretaryA.post(`/api/orglife/proposals/${id}/answer`, { answer: '好' });
    expect(early.json().error.code).toBe('PROPOSAL_STATE');
    await secretaryA.post(`/api/orglife/proposals/${id}/assign`, {
      departmentId: park.nodes.deptA!.id,
      note: '请研究',
    });
    await secretaryA.post(`/api/orglife/proposals/${id}/answer`, { answer: '已在三楼设立学习角。' });
    await secretaryA.post(`/api/orglife/proposals/${id}/close`, {});
    const seen = await teacherA.get(`/api/orglife/proposals/${id}`);
    expect(seen.json()).toMatchObject({
      status: 'closed',
      departmentName: '学校A教务处',
      answer: '已在三楼设立学习角。',
    });
    expect(seen.json().history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'assigned',
      'answered',
      'closed',
    ]);
    expect((await teacherB.get(`/api/orglife/proposals/${id}`)).statusCode).toBe(404);
    expect((await teacherA.get('/api/orglife/proposals')).json().total).toBe(1);
    expect((await teacherB.get('/api/orglife/proposals')).json().total).toBe(0);
  });

  it('lists the records page by page, with each list’s filters and the member’s branch', async () => {
    const get = async (url: string) => {
      const res = await admin.get(url);
      expect(res.statusCode).toBe(200);
      return res.json();
    };
    const me = `personId=${park.persons.teacherA}`;
    const reports = await get(`/api/orglife/thought-reports?${me}&commented=true`);
    expect(reports).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(reports.items).toEqual([
      expect.objectContaining({
        personId: park.persons.teacherA,
        name: '教师A',
        branchName: '学校A第一党支部',
        year: Y,
        commented: true,
        commentedByName: 'secretaryA',
      }),
    ]);
    expect((await get(`/api/orglife/thought-reports?${me}&commented=false`)).total).toBe(0);
    const branchB = `branchId=${park.nodes.branchB!.id}`;
    expect((await get(`/api/orglife/thought-reports?${me}&${branchB}`)).total).toBe(0);

    // Goals: this year's (open) and last year's (reviewed), newest year first, one a page.
    const first = await get(`/api/orglife/goals?${me}&pageSize=1`);
    const second = await get(`/api/orglife/goals?${me}&pageSize=1&page=2`);
    expect([first.total, second.total]).toEqual([2, 2]);
    expect([...first.items, ...second.items].map((g: { year: number }) => g.year)).toEqual([Y, Y - 1]);
    expect(second.items[0]).toMatchObject({
      name: '教师A',
      reviewResult: 'met',
      reviewResultLabel: '已达成',
    });
    const open = await get(`/api/orglife/goals?${me}&reviewed=false`);
    expect(open.items.map((g: { year: number }) => g.year)).toEqual([Y]);
    expect((await get(`/api/orglife/goals?${me}&year=${Y - 1}`)).items[0].reviewResult).toBe('met');

    // Proposals: with the department they were assigned to, by status.
    const closed = await get(`/api/orglife/proposals?${me}&status=closed`);
    expect(closed.items).toEqual([
      expect.objectContaining({
        name: '教师A',
        branchName: '学校A第一党支部',
        year: Y,
        title: '增设教工党员学习角',
        status: 'closed',
        statusLabel: '已办结',
        departmentName: '学校A教务处',
      }),
    ]);
    expect((await get(`/api/orglife/proposals?${me}&status=received`)).total).toBe(0);
    expect((await get(`/api/orglife/proposals?${me}&${branchB}`)).total).toBe(0);
  });

  it('ticks the manual items; derived ones follow the records; the checklist is then complete', async () => {
    const derived = await secretaryA.patch(`/api/orglife/checklists/${park.persons.teacherA}/${Y}`, {
      items: { thoughtReport: { done: true } },
    });
    expect(derived.statusCode).toBe(422);
    expect(derived.json().error.fields['items.thoughtReport']).toContain('自动判定');
    expect(
      (
        await teacherA.patch(`/api/orglife/checklists/${park.persons.teacherA}/${Y}`, {
          items: { card: { done: true } },
        })
      ).statusCode,
    ).toBe(403);
    const res = await secretaryA.patch(`/api/orglife/checklists/${park.persons.teacherA}/${Y}`, {
      items: { card: { done: true }, redBook: { done: true, detail: '《红岩》' }, oath: { done: true } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ done: 7, total: 7, complete: true });
    expect(res.json().items.find((i: { key: string }) => i.key === 'redBook')).toMatchObject({
      detail: '《红岩》',
    });
    const mine = await teacherA.get(`/api/orglife/checklists/${park.persons.teacherA}/${Y}`);
    expect(mine.json()).toMatchObject({ complete: true, thoughtReport: { commented: true } });
  });

  it('computes completion per branch for the month and the year', async () => {
    const res = await admin.get(`/api/orglife/birthdays/completion?year=${Y}&month=3`);
    const a = res
      .json()
      .monthly.branches.find((b: { branchName: string }) => b.branchName === '学校A第一党支部');
    const b = res
      .json()
      .monthly.branches.find((x: { branchName: string }) => x.branchName === '学校B第一党支部');
    expect(a).toMatchObject({ roster: 1, complete: 1, rate: 100, items: { card: 1, symposium: 1 } });
    expect(b).toMatchObject({ roster: 1, complete: 0, rate: 0 });
    expect(res.json().monthly.total).toMatchObject({ roster: 2, complete: 1, rate: 50 });
    // Through March: the 29 February joiner (branch A) counts too.
    expect(
      res.json().yearToDate.branches.find((x: { branchName: string }) => x.branchName === '学校A第一党支部'),
    ).toMatchObject({
      roster: 2,
      complete: 1,
      rate: 50,
    });
    const sec = await secretaryA.get(`/api/orglife/birthdays/completion?year=${Y}&month=3`);
    expect(sec.json().monthly.branches.map((x: { branchName: string }) => x.branchName)).toEqual([
      '学校A第一党支部',
    ]);
  });

  it('keeps the member’s history across years', async () => {
    const res = await teacherA.get(`/api/orglife/checklists/${park.persons.teacherA}/history`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      year: number;
      complete: boolean;
      goals: { reviewResult: string } | null;
    }[];
    expect(items[0]).toMatchObject({ year: Y, complete: true });
    expect(items.find((i) => i.year === Y - 1)?.goals).toMatchObject({ reviewResult: 'met' });
    // This year's and the years with records only, not every year since joining in 2010.
    expect(items.map((i) => i.year)).toEqual([Y, Y - 1]);
    expect(res.json().birthdaysSinceJoining).toBe(Y - 2010);
    expect((await teacherB.get(`/api/orglife/checklists/${park.persons.teacherA}/history`)).statusCode).toBe(
      404,
    );
  });
});

describe('reminders a week ahead', () => {
  it('notifies the member and their branch secretary once', async () => {
    const first = await runBirthdayReminders(t.database.db, `${Y}-03-08`);
    expect(first.members).toBe(2); // 教师A and 教师B, both on 15 March
    // 教师A's account, secretaryA (branch A's secretary) and 教师B's account; branch B has no secretary account.
    expect(first.sent).toBe(3);
    const again = await runBirthdayReminders(t.database.db, `${Y}-03-10`);
    expect(again.sent).toBe(0);
    expect((await runBirthdayReminders(t.database.db, `${Y}-03-07`)).members).toBe(0);
    const mine = await teacherA.get('/api/notifications');
    expect(mine.json().items[0]).toMatchObject({ title: `3月15日是您的第 ${Y - 2010} 个政治生日` });
    const sec = await secretaryA.get('/api/notifications');
    expect(sec.json().items.map((n: { title: string }) => n.title)).toContain(
      `教师A的政治生日：3月15日（第 ${Y - 2010} 个）`,
    );
  });
});

describe('a month’s cards as one PDF, with progress', () => {
  it('runs as a job whose progress can be read, then downloads', async () => {
    const start = await admin.post('/api/orglife/cards/batches', { year: Y, month: 3 });
    expect(start.statusCode).toBe(202);
    expect(start.json()).toMatchObject({ total: 2 });
    const id = start.json().id;
    let job = start.json();
    // Waits on the job's state; the timeout is a hang guard for a loaded machine, not a speed check.
    await expect
      .poll(async () => (job = (await admin.get(`/api/orglife/cards/batches/${id}`)).json()).status, {
        timeout: 120_000,
        interval: 100,
      })
      .toMatch(/^(done|failed)$/);
    expect(job).toMatchObject({ status: 'done', done: 2, percent: 100 });
    expect((await teacherA.get(`/api/orglife/cards/batches/${id}`)).statusCode).toBe(404);
    const pdf = await admin.get(job.downloadUrl);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('亲爱的教师A同志');
    expect(text).toContain('亲爱的教师B同志');
    expect(text).toContain('愿您初心如磐'); // branch A's message
    expect(text).toContain('不忘入党初心'); // the park default for branch B
  });

  it('marks a batch whose process went away (no progress for two minutes) as failed, so it can be restarted', async () => {
    const start = await admin.post('/api/orglife/cards/batches', { year: Y, month: 3 });
    const id = start.json().id as string;
    await expect
      .poll(async () => (await admin.get(`/api/orglife/cards/batches/${id}`)).json().status, {
        timeout: 120_000,
        interval: 100,
      })
      .toBe('done');
    // A batch left 'running' by an instance that died three minutes ago …
    await t.database.db.execute(
      sql`update card_batches set status = 'running', done = 1, pdf = null, finished_at = null,
            updated_at = now() - interval '3 minutes' where id = ${id}`,
    );
    const settled = (await admin.get(`/api/orglife/cards/batches/${id}`)).json();
    expect(settled).toMatchObject({ status: 'failed' });
    expect(settled.error).toMatch(/中断，请重新生成/);
    expect((await admin.get(`/api/orglife/cards/batches/${id}/pdf`)).json().error.code).toBe(
      'BATCH_NOT_READY',
    );
    // … while one that moved a minute ago is left running.
    await t.database.db.execute(
      sql`update card_batches set status = 'running', updated_at = now() - interval '1 minute' where id = ${id}`,
    );
    expect((await admin.get(`/api/orglife/cards/batches/${id}`)).json().status).toBe('running');
  });

  it('refuses an empty month and members', async () => {
    const empty = await admin.post('/api/orglife/cards/batches', { year: Y, month: 11 });
    expect(empty.json().error.code).toBe('EMPTY_ROSTER');
    expect((await teacherA.post('/api/orglife/cards/batches', { year: Y, month: 3 })).statusCode).toBe(403);
  });
});

describe('local rules as versioned data', () => {
  it('lets only a park admin change them, creating a new version', async () => {
    const cur = await admin.get('/api/orglife/config');
    expect(cur.json().version).toBe(0);
    const config = cur.json().config;
    config.birthday.checklist.push({ key: 'cake', label: '分享生日蛋糕', kind: 'manual' });
    expect((await secretaryA.put('/api/orglife/config', { baseVersion: 0, config })).statusCode).toBe(403);
    const res = await admin.put('/api/orglife/config', { baseVersion: 0, config, note: '加上蛋糕' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(1);
    const stale = await admin.put('/api/orglife/config', { baseVersion: 0, config });
    expect(stale.json().error.code).toBe('CONFIG_CHANGED');
    const bad = await admin.put('/api/orglife/config', {
      baseVersion: 1,
      config: {
        ...config,
        birthday: { ...config.birthday, checklist: [{ key: '1x', label: '', kind: 'nope' }] },
      },
    });
    expect(bad.statusCode).toBe(400);
    // This year's checklist keeps the version it started with; a new member-year takes the new items.
    expect(
      (await teacherA.get(`/api/orglife/checklists/${park.persons.teacherA}/${Y}`)).json(),
    ).toMatchObject({
      configVersion: 0,
      total: 7,
    });
    expect((await admin.get(`/api/orglife/checklists/${park.persons.teacherB}/${Y}`)).json()).toMatchObject({
      configVersion: 1,
      total: 8,
    });
  });
});

describe('audit', () => {
  it('records every orgLife write', async () => {
    const rows = await queryRows<{ action: string }>(
      t.database.db,
      sql`select distinct action from audit_log where action like 'orgLife.%' order by action`,
    );
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'orgLife.symposium.create',
        'orgLife.symposium.update',
        'orgLife.symposium.setAttendees',
        'orgLife.thoughtReport.submit',
        'orgLife.thoughtReport.comment',
        'orgLife.goals.submit',
        'orgLife.goals.review',
        'orgLife.proposal.create',
        'orgLife.proposal.assign',
        'orgLife.proposal.answer',
        'orgLife.proposal.close',
        'orgLife.checklist.update',
        'orgLife.birthdayReminder.send',
        'orgLife.cardBatch.create',
        'orgLife.config.update',
      ]),
    );
  });
});
