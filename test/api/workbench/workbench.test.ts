import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkbenchItem, WorkbenchView } from '../../../src/common/contracts/workbench';
import { todayInShanghai } from '../../../src/common/dates';
import { accounts, roleAssignments } from '../../../src/server/platform/db/schema/index';
import { hashPassword } from '../../../src/server/areas/auth/passwords';
import { buildWorkbench } from '../../../src/server/areas/workbench/service';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll } from '../../support/newsroom';
import { addMember } from '../../support/orgLife';

// The workbench (工作台): each person's items come from the areas' own scoped reads, and an item
// leaves once its work is done.
let t: TestApp;
let park: Park;
let c: Record<
  'admin' | 'schoolAdminA' | 'secretaryA' | 'editor' | 'reviewer' | 'studentA1' | 'leagueA',
  Client
>;
let member: Client;
let memberId: string;
const today = todayInShanghai();
const year = Number(today.slice(0, 4));
const month = today.slice(5, 7);

const workbenchOf = async (client: Client): Promise<WorkbenchView> => {
  const res = await client.get('/api/workbench');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const itemOf = (wb: WorkbenchView, key: string): WorkbenchItem | undefined =>
  wb.items.find((i) => i.key === key);

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  await addNewsroom(t.database.db, park);
  // A member of branch A whose political birthday is this month (joined 2016, so the 10th in 2026).
  const m = await addMember(t.database.db, park, {
    number: 'TA900',
    name: '生日党员',
    school: 'A',
    joinedOn: `${year - 10}-${month}-01`,
    fullOn: `${year - 9}-${month}-01`,
    withAccount: true,
  });
  memberId = m.personId;
  // A mentor (the mentors area is still to come).
  const [mentor] = await t.database.db
    .insert(accounts)
    .values({
      parkId: park.parkId,
      username: 'mentorA',
      displayName: '导师',
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning({ id: accounts.id });
  await t.database.db.insert(roleAssignments).values({
    parkId: park.parkId,
    accountId: mentor!.id,
    role: 'mentor',
    scopeNodeId: park.nodes.schoolA!.id,
  });
  c = await loginAll(t.app, [
    'admin',
    'schoolAdminA',
    'secretaryA',
    'editor',
    'reviewer',
    'studentA1',
    'leagueA',
  ] as const);
  member = await asClient(t.app).login('ta900', PASSWORD);
});
afterAll(() => t.close());

describe('workbench', () => {
  it('asks for a session', async () => {
    expect((await asClient(t.app).get('/api/workbench')).statusCode).toBe(401);
  });

  it("gives a secretary the branch's month: birthdays with the member, the symposium to schedule, meetings due", async () => {
    const wb = await workbenchOf(c.secretaryA);
    expect(wb.today).toBe(today);
    const birthdays = itemOf(wb, 'orgLife.birthdays')!;
    expect(birthdays.tone).toBe('todo');
    expect(birthdays.entries.map((e) => e.label)).toContain('生日党员');
    expect(birthdays.entries.find((e) => e.label === '生日党员')!.link).toBe(
      `/orglife/birthdays?year=${year}&month=${Number(month)}&person=${memberId}`,
    );
    expect(itemOf(wb, 'orgLife.symposium')).toMatchObject({
      tone: 'todo',
      title: '本月政治生日座谈会尚未安排',
    });
    // No meeting has been held this year: this month's branch committee is due (yellow) …
    const due = itemOf(wb, 'orgLife.meetingsDue')!;
    expect(due.entries.map((e) => e.label)).toContain('学校A第一党支部 · 支部委员会');
    expect(due.entries.every((e) => e.label.startsWith('学校A第一党支部'))).toBe(true);
    // … and the months before it were missed (overdue).
    const overdue = itemOf(wb, 'orgLife.meetingsOverdue');
    if (Number(month) > 1) {
      const committee = overdue!.entries.find((e) => e.label === '学校A第一党支部 · 支部委员会')!;
      expect(committee.detail).toMatch(new RegExp(`^${year}年1月、`));
      expect(overdue!.tone).toBe('overdue');
    } else {
      expect(overdue).toBeUndefined();
    }
    // Urgent first.
    const tones = wb.items.map((i) => i.tone);
    expect(tones.indexOf('info') === -1 || tones.lastIndexOf('todo') < tones.indexOf('info')).toBe(true);
  });

  it('puts a submitted thought report on the secretary’s workbench until it is commented', async () => {
    const put = await member.put(`/api/orglife/thought-reports/${memberId}/${year}`, {
      content: '一年来认真学习党的理论，积极参加组织生活。',
    });
    expect(put.statusCode, put.body).toBe(200);
    const reportId = put.json().id as string;

    const before = itemOf(await workbenchOf(c.secretaryA), 'orgLife.reports')!;
    expect(before).toMatchObject({ tone: 'todo', count: 1, title: '1 份思想汇报待批阅' });
    expect(before.entries).toEqual([
      {
        label: '生日党员',
        detail: `${year} 年思想汇报`,
        link: `/orglife/birthdays?year=${year}&person=${memberId}`,
      },
    ]);
    // Not the member's to comment on, nor in another school's secretary's reach.
    expect(itemOf(await workbenchOf(member), 'orgLife.reports')).toBeUndefined();

    const comment = await c.secretaryA.post(`/api/orglife/thought-reports/${reportId}/comment`, {
      comment: '认识深刻，望继续保持。',
    });
    expect(comment.statusCode, comment.body).toBe(200);
    expect(itemOf(await workbenchOf(c.secretaryA), 'orgLife.reports')).toBeUndefined();
  });

  it('gives the member their own political birthday, with what is still to do', async () => {
    const wb = await workbenchOf(member);
    const mine = itemOf(wb, 'orgLife.myBirthday')!;
    expect(mine.title).toBe(`本月是你的第 10 个政治生日（${Number(month)}月1日）`);
    expect(mine.tone).toBe('todo');
    expect(mine.detail).toContain('提出一条合理化建议');
    // The thought report is in: it is no longer listed as missing.
    expect(mine.detail).not.toContain('汇报一年的思想认识');
    expect(mine.link).toBe('/orglife/me');
    // A member runs no branch: no roster, no meetings board.
    expect(itemOf(wb, 'orgLife.birthdays')).toBeUndefined();
    expect(itemOf(wb, 'orgLife.meetingsDue')).toBeUndefined();
    expect(wb.setup).toBeNull();
  });

  it("puts the member's symposium invitation on their workbench until the symposium is held", async () => {
    const created = await c.secretaryA.post('/api/orglife/symposiums', {
      hostNodeId: park.nodes.branchA!.id,
      year,
      month: Number(month),
      scheduledAt: `${year}-${month}-20T07:30:00.000Z`,
      place: '党员活动室',
      attendeePersonIds: [memberId],
    });
    expect(created.statusCode, created.body).toBe(201);
    const invitation = itemOf(await workbenchOf(member), 'orgLife.myInvitation')!;
    // 07:30 UTC is 15:30 in Shanghai.
    expect(invitation.title).toBe(`你受邀参加政治生日座谈会：${Number(month)}/20 15:30 · 党员活动室`);
    expect(invitation).toMatchObject({ tone: 'todo', link: '/orglife/me' });
    expect(itemOf(await workbenchOf(c.secretaryA), 'orgLife.symposium')!.title).toBe(
      `本月座谈会：${Number(month)}/20 15:30 · 党员活动室`,
    );

    const held = await c.secretaryA.patch(`/api/orglife/symposiums/${created.json().id}`, { status: 'held' });
    expect(held.statusCode, held.body).toBe(200);
    expect(itemOf(await workbenchOf(member), 'orgLife.myInvitation')).toBeUndefined();
  });

  it('counts compliance over the branches each overseer reaches', async () => {
    // No meeting was ever recorded: from February on, January's committee meeting was missed and
    // every branch is behind (red); in January the year's periods are all still open (yellow).
    const behind = Number(month) > 1;
    const park = itemOf(await workbenchOf(c.admin), 'orgLife.compliance')!;
    expect(park.detail).toBe(
      behind
        ? '未达标 2 · 待召开 0 · 已达标 0（共 2 个党支部）'
        : '未达标 0 · 待召开 2 · 已达标 0（共 2 个党支部）',
    );
    expect(park.tone).toBe(behind ? 'overdue' : 'todo');
    const school = itemOf(await workbenchOf(c.schoolAdminA), 'orgLife.compliance')!;
    expect(school.detail).toBe(
      behind
        ? '未达标 1 · 待召开 0 · 已达标 0（共 1 个党支部）'
        : '未达标 0 · 待召开 1 · 已达标 0（共 1 个党支部）',
    );
    expect(school.entries.map((e) => e.label)).toEqual(['学校A第一党支部']);
  });

  it("moves an article through the author's and the reviewer's workbenches", async () => {
    const columns = (await c.editor.get('/api/portal/columns')).json().items as {
      id: string;
      slug: string;
    }[];
    const created = await c.editor.post('/api/portal/articles', {
      title: '工作台测试稿件',
      bodyHtml: '<p>正文。</p>',
      columnIds: [columns.find((x) => x.slug === 'news')!.id],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    let editor = await workbenchOf(c.editor);
    expect(itemOf(editor, 'newsroom.drafts')).toMatchObject({ tone: 'todo', count: 1 });
    expect(itemOf(editor, 'newsroom.drafts')!.entries[0]).toEqual({
      label: '工作台测试稿件',
      detail: '草稿',
      link: `/portal/articles/${id}`,
    });
    expect(itemOf(await workbenchOf(c.reviewer), 'newsroom.review')).toMatchObject({
      count: 0,
      tone: 'info',
    });

    expect(
      (await c.editor.post(`/api/portal/articles/${id}/transitions`, { action: 'submit' })).statusCode,
    ).toBe(200);
    editor = await workbenchOf(c.editor);
    expect(itemOf(editor, 'newsroom.drafts')).toMatchObject({ count: 0, detail: '另有 1 篇在审核中' });
    const queue = itemOf(await workbenchOf(c.reviewer), 'newsroom.review')!;
    expect(queue).toMatchObject({ tone: 'todo', count: 1, title: '1 篇稿件待审核' });
    expect(queue.entries[0]!.label).toBe('工作台测试稿件');

    const back = await c.reviewer.post(`/api/portal/articles/${id}/transitions`, {
      action: 'return',
      reason: '请补充活动照片',
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(itemOf(await workbenchOf(c.reviewer), 'newsroom.review')!.count).toBe(0);
    const returned = itemOf(await workbenchOf(c.editor), 'newsroom.returned')!;
    expect(returned.tone).toBe('overdue');
    expect(returned.entries[0]).toEqual({
      label: '工作台测试稿件',
      detail: '请补充活动照片',
      link: `/portal/articles/${id}`,
    });
  });

  it("shows the park administrator's setup checklist, judged from the data", async () => {
    const { setup } = await workbenchOf(c.admin);
    expect(setup!.steps.map((s) => [s.key, s.done])).toEqual([
      ['org', true],
      ['people', true],
      ['secretaries', true],
      ['editors', true],
      ['site', false],
      ['article', false],
    ]);
    expect(setup).toMatchObject({ done: 4, total: 6, complete: false });
    expect(setup!.steps[4]!.detail).toBe('尚缺：网站名称、网站标志、首页图片、主题音乐');
    expect(setup!.steps[0]!.detail).toBe('已有 2 所学校、2 个党支部');
    expect(setup!.steps[0]!.links.map((l) => l.href)).toEqual([
      '/imports?kind=org',
      '/api/imports/templates/org',
    ]);
    expect(setup!.steps[1]!.links.map((l) => l.href)).toEqual([
      '/api/imports/templates/staff',
      '/api/imports/templates/student',
    ]);
    // Only for whoever sets the park up.
    expect((await workbenchOf(c.schoolAdminA)).setup).toBeNull();
    expect((await workbenchOf(c.editor)).setup).toBeNull();
  });

  it("gives a League committee its school's students, and a student nothing of others'", async () => {
    const league = itemOf(await workbenchOf(c.leagueA), 'people.students')!;
    // School A has two students (one per class), neither recorded as a League member.
    expect(league.title).toBe('本校学生 2 人，其中团员 0 人');
    const student = await workbenchOf(c.studentA1);
    expect(student.items.map((i) => i.key)).not.toContain('people.students');
    expect(student.setup).toBeNull();
  });

  it('tells a mentor what their page will hold, and gives them no people list', async () => {
    const mentor = await asClient(t.app).login('mentorA', PASSWORD);
    const wb = await workbenchOf(mentor);
    expect(wb.items.map((i) => i.key)).toEqual(['mentors.upcoming']);
    expect(itemOf(wb, 'mentors.upcoming')!.title).toBe('德育导师工作台即将开通');
    expect((await mentor.get('/api/people')).statusCode).toBe(403);
  });

  it('still shows the other areas when one source fails, and names the one that did', async () => {
    const errors: string[] = [];
    const actor = {
      accountId: park.accountIds.secretaryA!,
      parkId: park.parkId,
      parkPath: '',
      username: 'secretaryA',
      displayName: 'secretaryA',
      personId: null,
      schoolId: null,
      unitId: null,
      branchId: null,
      grants: [],
      mustChangePassword: false,
    };
    const wb = await buildWorkbench(t.database.db, actor, { error: (_o, msg) => errors.push(msg) }, [
      {
        area: 'broken',
        items: async () => {
          throw new Error('boom');
        },
      },
      {
        area: 'fine',
        items: async () => [
          {
            key: 'fine.one',
            area: '测试',
            tone: 'info',
            title: '正常',
            count: null,
            detail: null,
            link: '/',
            entries: [],
          },
        ],
      },
    ]);
    expect(wb.unavailable).toEqual(['broken']);
    expect(wb.items.map((i) => i.key)).toEqual(['fine.one']);
    expect(errors).toEqual(['workbench source failed']);
  });
});
