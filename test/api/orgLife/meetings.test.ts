import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../../src/common/dates';
import { addDays } from '../../../src/server/areas/orgLife/rules/birthdays';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/** 三会一课 / 主题党日 / 组织生活会 records and the red-yellow-green compliance board. */
let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let teacherB: Client;
const today = todayInShanghai();
const Y = Number(today.slice(0, 4));

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await asClient(t.app).login('admin', PASSWORD);
  secretaryA = await asClient(t.app).login('secretaryA', PASSWORD);
  teacherA = await asClient(t.app).login('teacherA', PASSWORD);
  teacherB = await asClient(t.app).login('teacherB', PASSWORD);
});
afterAll(() => t.close());

describe('meeting records', () => {
  let meetingId: string;

  it('lets the secretary record a meeting of their branch with attendees, minutes and attachments', async () => {
    const res = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'committeeMeeting',
      date: today,
      title: '研究本月政治生日安排',
      place: '会议室',
      hostName: '书记A',
      minutes: '一、研究政治生日座谈会安排；二、……',
      attachments: [{ mediaId: null, name: '会议签到表.pdf', url: null }],
      attendees: [
        { personId: park.persons.secretaryA, present: true },
        { personId: park.persons.teacherA, present: false, absenceReason: '外出培训' },
      ],
    });
    expect(res.statusCode).toBe(201);
    meetingId = res.json().id;
    expect(res.json()).toMatchObject({ kind: 'committeeMeeting', kindLabel: '支部委员会', presentCount: 1 });
    expect(res.json().attendees.find((a: { name: string }) => a.name === '教师A')).toMatchObject({
      present: false,
      absenceReason: '外出培训',
    });
  });

  it('refuses another branch, outsiders as attendees, future dates and bad kinds', async () => {
    const other = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchB!.id,
      kind: 'themedDay',
      date: today,
      title: 'x',
    });
    expect(other.statusCode).toBe(404);
    const outsider = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'themedDay',
      date: today,
      title: '主题党日',
      attendees: [{ personId: park.persons.teacherB, present: true }],
    });
    expect(outsider.statusCode).toBe(422);
    expect(outsider.json().error.fields['attendees.0.personId']).toBe('不是本支部党员');
    const future = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'themedDay',
      date: addDays(today, 2),
      title: '主题党日',
    });
    expect(future.json().error.fields.date).toBe('不能登记未来日期的会议');
    const kind = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'party',
      date: today,
      title: 'x',
    });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.fields.kind).toBe('请选择会议类型');
    // A day that is not on the calendar is refused before anything is looked up.
    const noSuchDay = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'themedDay',
      date: '2025-02-31',
      title: '主题党日',
    });
    expect(noSuchDay.statusCode).toBe(400);
    expect(noSuchDay.json().error.code).toBe('VALIDATION_FAILED');
    expect(noSuchDay.json().error.fields.date).toBe('会议日期应为有效日期（YYYY-MM-DD）');
    const noSuchAsOf = await secretaryA.get(`/api/orglife/meetings/compliance?asOf=2025-02-30`);
    expect(noSuchAsOf.statusCode).toBe(400);
    expect(noSuchAsOf.json().error.fields.asOf).toBe('查看日期应为有效日期（YYYY-MM-DD）');
    const member = await teacherA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'themedDay',
      date: today,
      title: 'x',
    });
    expect(member.statusCode).toBe(403);
  });

  it('refuses attachments that are not files uploaded to this park', async () => {
    const res = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'themedDay',
      date: today,
      title: '主题党日',
      attachments: [{ mediaId: crypto.randomUUID(), name: '照片.jpg' }],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields['attachments.0.mediaId']).toBe('找不到该文件，请重新上传');
  });

  it('shows records to the branch’s members but not to other branches', async () => {
    expect((await teacherA.get(`/api/orglife/meetings/${meetingId}`)).statusCode).toBe(200);
    expect((await teacherB.get(`/api/orglife/meetings/${meetingId}`)).statusCode).toBe(404);
    expect((await teacherB.get('/api/orglife/meetings')).json().total).toBe(0);
    expect((await admin.get('/api/orglife/meetings')).json().total).toBe(1);
  });

  it('edits and deletes, audited', async () => {
    const edited = await secretaryA.patch(`/api/orglife/meetings/${meetingId}`, {
      title: '研究政治生日与党费工作',
    });
    expect(edited.json().title).toBe('研究政治生日与党费工作');
    expect((await teacherA.patch(`/api/orglife/meetings/${meetingId}`, { title: 'x' })).statusCode).toBe(403);
    const extra = await secretaryA.post('/api/orglife/meetings', {
      branchId: park.nodes.branchA!.id,
      kind: 'groupMeeting',
      partyGroupId: park.nodes.groupA!.id,
      date: today,
      title: '党小组学习',
    });
    expect(extra.json().partyGroupName).toBe('学校A第一党小组');
    expect((await secretaryA.delete(`/api/orglife/meetings/${extra.json().id}`)).statusCode).toBe(204);
    const audit = await admin.get(`/api/audit?entityType=orgMeeting&pageSize=50`);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['orgLife.meeting.create', 'orgLife.meeting.update', 'orgLife.meeting.delete']),
    );
  });
});

describe('the compliance board', () => {
  it('judges each branch per rule: green when held, yellow while due, red when missed, with the rule explained', async () => {
    const res = await admin.get(`/api/orglife/meetings/compliance?year=${Y}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.branches.map((b: { branchName: string }) => b.branchName).sort()).toEqual([
      '学校A第一党支部',
      '学校B第一党支部',
    ]);
    const a = body.branches.find((b: { branchName: string }) => b.branchName === '学校A第一党支部');
    const committeeA = a.kinds.find((k: { kind: string }) => k.kind === 'committeeMeeting');
    expect(committeeA.current).toMatchObject({ held: 1, required: 1, status: 'green' });
    expect(committeeA.current.explanation).toContain('支部委员会会议一般每月召开 1 次');
    const month = Number(today.slice(5, 7));
    if (month > 1) {
      // Earlier months of this year had no committee meeting: red.
      expect(committeeA.cells[0].status).toBe('red');
      expect(committeeA.worst).toBe('red');
    }
    const b = body.branches.find((x: { branchName: string }) => x.branchName === '学校B第一党支部');
    const themedB = b.kinds.find((k: { kind: string }) => k.kind === 'themedDay');
    expect(themedB.current.status).toBe('yellow');
    expect(themedB.current.explanation).toMatch(/还需 1 次，距期末还有 \d+ 天/);
    // A past year is judged as over.
    const past = await admin.get(`/api/orglife/meetings/compliance?year=${Y - 1}`);
    const pastA = past.json().branches[0].kinds.find((k: { kind: string }) => k.kind === 'orgLifeMeeting');
    expect(pastA.current).toMatchObject({ status: 'red', held: 0 });
  });

  it('scopes the board: a secretary and a member see their own branch', async () => {
    const sec = await secretaryA.get(`/api/orglife/meetings/compliance?year=${Y}`);
    expect(sec.json().branches.map((b: { branchName: string }) => b.branchName)).toEqual(['学校A第一党支部']);
    const member = await teacherB.get(`/api/orglife/meetings/compliance?year=${Y}`);
    expect(member.json().branches.map((b: { branchName: string }) => b.branchName)).toEqual([
      '学校B第一党支部',
    ]);
  });

  it('follows a stricter local rule as soon as the park changes it', async () => {
    const before = (await admin.get(`/api/orglife/meetings/compliance?year=${Y}`)).json();
    expect(before.rulesSince).toBeNull();
    expect(before.rulesText).toMatch(
      /^按《中国共产党支部工作条例（试行）》的要求（园区未另行设置）：支部党员大会每季度至少 1 次，/,
    );
    const cur = (await admin.get('/api/orglife/config')).json();
    const rules = cur.config.meetings.rules.map((r: { kind: string }) =>
      r.kind === 'partyLecture' ? { ...r, period: 'quarter', basis: '本园区规定：党课每季度 1 次' } : r,
    );
    const put = await admin.put('/api/orglife/config', {
      baseVersion: cur.version,
      config: { ...cur.config, meetings: { rules } },
    });
    expect(put.statusCode).toBe(200);
    const res = await admin.get(`/api/orglife/meetings/compliance?year=${Y}`);
    const lecture = res.json().branches[0].kinds.find((k: { kind: string }) => k.kind === 'partyLecture');
    expect(lecture.period).toBe('quarter');
    expect(lecture.cells).toHaveLength(4);
    expect(lecture.current.explanation).toContain('本园区规定：党课每季度 1 次');
    expect(res.json().ruleVersion).toBe(put.json().version);
    // Which rules apply, and since when, in words (the day of the change in China).
    const since = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(res.json().rulesSince).toBe(since);
    expect(res.json().rulesText).toContain(`按园区自 ${since} 起执行的要求：`);
    expect(res.json().rulesText).toContain('党课每季度至少 1 次');
  });
});
