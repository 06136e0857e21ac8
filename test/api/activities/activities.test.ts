import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { mediaFiles, roleAssignments } from '../../../src/server/platform/db/schema/index';
import { unfold } from '../../../src/server/areas/activities/ical';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
let admin: Client;
let secretaryA: Client;
let teacherA: Client;
let studentA1: Client;
let teacherB: Client;
let leagueA: Client;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  secretaryA = await login('secretaryA');
  teacherA = await login('teacherA');
  studentA1 = await login('studentA1');
  teacherB = await login('teacherB');
  leagueA = await login('leagueA');
});
afterAll(() => t.close());

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();
const inThreeHours = () => new Date(Date.now() + 3 * 3_600_000).toISOString();

async function createActivity(c: Client, over: Record<string, unknown> = {}) {
  const res = await c.post('/api/activities', {
    kind: 'themedDay',
    title: '五月主题党日',
    theme: '学习贯彻党的二十大精神',
    organiserId: park.nodes.branchA!.id,
    startsAt: inOneHour(),
    endsAt: inThreeHours(),
    place: '三楼会议室',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; [k: string]: unknown };
}

describe('creating activities', () => {
  it('a secretary creates an activity for their branch', async () => {
    const a = await createActivity(secretaryA);
    expect(a).toMatchObject({
      kind: 'themedDay',
      kindLabel: '主题党日',
      organiserName: '学校A第一党支部',
      status: 'planned',
      canManage: true,
      participantCount: 0,
    });
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'activities.activity.create' and entity_id = ${a.id}`,
    );
    expect(row!.n).toBe(1);
  });

  it('refuses another branch, non-organiser nodes and members without a role', async () => {
    const other = await secretaryA.post('/api/activities', {
      kind: 'symposium',
      title: 'x',
      organiserId: park.nodes.branchB!.id,
      startsAt: inOneHour(),
      endsAt: inThreeHours(),
    });
    expect(other.statusCode).toBe(403);
    const cls = await admin.post('/api/activities', {
      kind: 'symposium',
      title: 'x',
      organiserId: park.nodes.classA1!.id,
      startsAt: inOneHour(),
      endsAt: inThreeHours(),
    });
    expect(cls.statusCode).toBe(422);
    expect(cls.json().error.code).toBe('INVALID_ORGANISER');
    const member = await teacherB.post('/api/activities', {
      kind: 'symposium',
      title: 'x',
      organiserId: park.nodes.branchB!.id,
      startsAt: inOneHour(),
      endsAt: inThreeHours(),
    });
    expect(member.statusCode).toBe(403);
  });

  it('validates input with Chinese field messages', async () => {
    const res = await secretaryA.post('/api/activities', {
      kind: 'themedDay',
      title: '',
      organiserId: park.nodes.branchA!.id,
      startsAt: 'tomorrow',
      endsAt: inThreeHours(),
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['title', 'startsAt']));
    const backwards = await secretaryA.post('/api/activities', {
      kind: 'themedDay',
      title: '倒序',
      organiserId: park.nodes.branchA!.id,
      startsAt: inThreeHours(),
      endsAt: inOneHour(),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields.endsAt).toBe('结束时间不能早于开始时间');
    const kind = await secretaryA.post('/api/activities', {
      kind: 'party',
      title: '未知类型',
      organiserId: park.nodes.branchA!.id,
      startsAt: inOneHour(),
      endsAt: inThreeHours(),
    });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().error.code).toBe('INVALID_KIND');
  });

  it('custom kinds per park', async () => {
    const k = await leagueA.post('/api/activities/kinds', { name: '读书分享会' });
    expect(k.statusCode).toBe(201);
    const dup = await leagueA.post('/api/activities/kinds', { name: '黑板报' });
    expect(dup.statusCode).toBe(409);
    const a = await createActivity(leagueA, {
      kind: k.json().id,
      organiserId: park.nodes.leagueA!.id,
      title: '读书会',
    });
    expect(a.kindLabel).toBe('读书分享会');
    const kinds = (await studentA1.get('/api/activities/kinds')).json();
    expect(kinds.builtin).toHaveLength(9);
    expect(kinds.custom.map((c: { name: string }) => c.name)).toContain('读书分享会');
  });
});

describe('participants, scope and sign-in', () => {
  let activityId: string;
  let token: string;

  beforeAll(async () => {
    activityId = (await createActivity(secretaryA, { title: '重温入党誓词' })).id;
  });

  it('adds whole classes and branches, remembering the group', async () => {
    const res = await secretaryA.post(`/api/activities/${activityId}/participants`, {
      groupIds: [park.nodes.classA1!.id, park.nodes.branchA!.id],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ added: 3, skipped: 0 });
    const again = await secretaryA.post(`/api/activities/${activityId}/participants`, {
      personIds: [park.persons.studentA1!],
    });
    expect(again.json()).toMatchObject({ added: 0, skipped: 1 });
    const detail = (await secretaryA.get(`/api/activities/${activityId}`)).json();
    expect(detail.participantCount).toBe(3);
    const groups = detail.groups.map((g: { name: string; personCount: number }) => [g.name, g.personCount]);
    expect(groups.sort()).toEqual([
      ['学校A2025级1班', 1],
      ['学校A第一党支部', 2],
    ]);
    const list = (await secretaryA.get(`/api/activities/${activityId}/participants`)).json().items;
    const student = list.find((p: { personId: string }) => p.personId === park.persons.studentA1);
    expect(student.viaGroupName).toBe('学校A2025级1班');
  });

  it('refuses people and groups outside the organiser’s school', async () => {
    const group = await secretaryA.post(`/api/activities/${activityId}/participants`, {
      groupIds: [park.nodes.classB1!.id],
    });
    expect(group.statusCode).toBe(422);
    expect(group.json().error.code).toBe('OUTSIDE_ORGANISER');
    const person = await secretaryA.post(`/api/activities/${activityId}/participants`, {
      personIds: [park.persons.teacherB!],
    });
    expect(person.statusCode).toBe(422);
  });

  it('scopes reads: managers and participants see it, others get 404', async () => {
    expect((await teacherB.get(`/api/activities/${activityId}`)).statusCode).toBe(404);
    const asStudent = await studentA1.get(`/api/activities/${activityId}`);
    expect(asStudent.statusCode).toBe(200);
    expect(asStudent.json()).toMatchObject({ canManage: false, isParticipant: true });
    expect((await studentA1.patch(`/api/activities/${activityId}`, { title: 'x' })).statusCode).toBe(403);
    expect((await studentA1.get(`/api/activities/${activityId}/participants`)).statusCode).toBe(403);
    expect((await teacherB.get(`/api/activities/${activityId}/participants`)).statusCode).toBe(404);
    const listB = (await teacherB.get('/api/activities')).json();
    expect(listB.items.map((a: { id: string }) => a.id)).not.toContain(activityId);
    const listA = (await secretaryA.get('/api/activities')).json();
    expect(listA.items.map((a: { id: string }) => a.id)).toContain(activityId);
    const listAdmin = (await admin.get('/api/activities?pageSize=100')).json();
    expect(listAdmin.total).toBeGreaterThanOrEqual(3);
  });

  it('issues a QR token and renders the QR code as PNG and SVG', async () => {
    const res = await secretaryA.post(`/api/activities/${activityId}/checkin-token`, {});
    expect(res.statusCode).toBe(201);
    token = res.json().token;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(res.json().url).toMatch(new RegExp(`/checkin/${token}$`));
    expect(new Date(res.json().expiresAt).getTime()).toBeGreaterThan(Date.now() + 3 * 3_600_000);
    const png = await secretaryA.get(`/api/activities/${activityId}/checkin-qr?format=png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const svg = await secretaryA.get(`/api/activities/${activityId}/checkin-qr?format=svg`);
    expect(svg.body).toContain('<svg');
    expect((await secretaryA.get(`/api/activities/${activityId}/checkin-token`)).json().current.token).toBe(
      token,
    );
    expect((await studentA1.post(`/api/activities/${activityId}/checkin-token`, {})).statusCode).toBe(403);
  });

  it('a participant signs in through the token; twice keeps the first time', async () => {
    const info = await studentA1.get(`/api/activities/checkin/${token}`);
    expect(info.json()).toMatchObject({
      canCheckIn: true,
      checkedInAt: null,
      activity: { title: '重温入党誓词' },
    });
    const first = await studentA1.post(`/api/activities/checkin/${token}`);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ alreadyCheckedIn: false, walkIn: false });
    const second = await studentA1.post(`/api/activities/checkin/${token}`);
    expect(second.json()).toMatchObject({ alreadyCheckedIn: true, checkedInAt: first.json().checkedInAt });
    const list = (await secretaryA.get(`/api/activities/${activityId}/participants`)).json().items;
    expect(list.find((p: { personId: string }) => p.personId === park.persons.studentA1)).toMatchObject({
      checkinMethod: 'qr',
    });
  });

  it('refuses a non-participant of a closed activity, unknown and expired tokens', async () => {
    const outsider = await teacherB.post(`/api/activities/checkin/${token}`);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error).toMatchObject({
      code: 'NOT_A_PARTICIPANT',
      message: '您不在本次活动的参加名单中，请联系组织者',
    });
    const unknown = await studentA1.post('/api/activities/checkin/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('CHECKIN_TOKEN_INVALID');
    const noLogin = await t.app.inject({ method: 'POST', url: `/api/activities/checkin/${token}` });
    expect(noLogin.statusCode).toBe(401);

    // A new token replaces the old one; then let it run out.
    const fresh = (
      await secretaryA.post(`/api/activities/${activityId}/checkin-token`, { minutes: 30 })
    ).json().token;
    expect((await teacherA.post(`/api/activities/checkin/${token}`)).json().error.code).toBe(
      'CHECKIN_TOKEN_INVALID',
    );
    await t.database.db.execute(
      sql`update activity_checkin_tokens set expires_at = now() - interval '1 minute' where token = ${fresh}`,
    );
    const expired = await teacherA.post(`/api/activities/checkin/${fresh}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error).toMatchObject({
      code: 'CHECKIN_TOKEN_EXPIRED',
      message: '签到二维码已过期，请向组织者索取新的二维码',
    });
    expect((await secretaryA.get(`/api/activities/${activityId}/checkin-qr`)).statusCode).toBe(404);
  });

  it('open activities accept walk-ins from the organiser’s audience only', async () => {
    const open = await createActivity(secretaryA, { title: '开放党课', kind: 'lectureSeries', isOpen: true });
    const tk = (await secretaryA.post(`/api/activities/${open.id}/checkin-token`, {})).json().token;
    const walkIn = await teacherA.post(`/api/activities/checkin/${tk}`);
    expect(walkIn.statusCode, walkIn.body).toBe(200);
    expect(walkIn.json().walkIn).toBe(true);
    // studentA1 is not a member of branch A; teacherB is in branch B
    expect((await studentA1.post(`/api/activities/checkin/${tk}`)).json().error.code).toBe(
      'NOT_A_PARTICIPANT',
    );
    expect((await teacherB.post(`/api/activities/checkin/${tk}`)).json().error.code).toBe(
      'NOT_A_PARTICIPANT',
    );
    const list = (await secretaryA.get(`/api/activities/${open.id}/participants`)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ personId: park.persons.teacherA, source: 'walkIn' });
  });

  it('the phone page: login redirect, confirm form, CSRF-checked sign-in', async () => {
    const tk = (await secretaryA.post(`/api/activities/${activityId}/checkin-token`)).json().token;
    const anon = await t.app.inject({ method: 'GET', url: `/checkin/${tk}` });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toBe(`/admin/login?next=${encodeURIComponent(`/checkin/${tk}`)}`);

    const page = await teacherA.get(`/checkin/${tk}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('重温入党誓词');
    expect(page.body).toContain('确认签到');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;

    const bad = await teacherA.request({
      method: 'POST',
      url: `/checkin/${tk}`,
      payload: 'csrf=wrong',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(bad.statusCode).toBe(403);
    const ok = await teacherA.request({
      method: 'POST',
      url: `/checkin/${tk}`,
      payload: `csrf=${encodeURIComponent(csrf)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('签到成功');
    expect((await teacherA.get(`/checkin/${tk}`)).body).toContain('您已签到');

    const refused = await teacherB.get(`/checkin/${tk}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('您不在本次活动的参加名单中');
    const unknown = await teacherB.get('/checkin/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
  });

  it('the organiser ticks people present, only those on the list', async () => {
    const res = await secretaryA.post(`/api/activities/${activityId}/attendance`, {
      personIds: [park.persons.secretaryA!],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().updated).toBe(1);
    const list = (await secretaryA.get(`/api/activities/${activityId}/participants`)).json().items;
    expect(list.find((p: { personId: string }) => p.personId === park.persons.secretaryA)).toMatchObject({
      checkinMethod: 'organiser',
    });
    const off = await secretaryA.post(`/api/activities/${activityId}/attendance`, {
      personIds: [park.persons.teacherB!],
    });
    expect(off.statusCode).toBe(422);
    expect(off.json().error.code).toBe('NOT_A_PARTICIPANT');
  });

  it('records awards and photos, and drafts a portal article', async () => {
    const w1 = await secretaryA.post(`/api/activities/${activityId}/awards`, {
      award: '一等奖',
      orgNodeId: park.nodes.classA1!.id,
    });
    expect(w1.statusCode).toBe(201);
    expect(w1.json()).toMatchObject({ award: '一等奖', recipient: '学校A2025级1班' });
    const w2 = await secretaryA.post(`/api/activities/${activityId}/awards`, {
      award: '优秀个人',
      personId: park.persons.studentA1,
    });
    expect(w2.statusCode).toBe(201);
    const both = await secretaryA.post(`/api/activities/${activityId}/awards`, {
      award: '二等奖',
      personId: park.persons.studentA1,
      orgNodeId: park.nodes.classA1!.id,
    });
    expect(both.statusCode).toBe(400);

    const [media] = await t.database.db
      .insert(mediaFiles)
      .values({
        parkId: park.parkId,
        purpose: 'image',
        mime: 'image/jpeg',
        ext: 'jpg',
        originalName: 'photo.jpg',
        size: 1000,
        sha256: 'x'.repeat(64),
        variants: {},
      })
      .returning();
    const photo = await secretaryA.post(`/api/activities/${activityId}/photos`, {
      mediaId: media!.id,
      caption: '全体合影',
    });
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().url).toBe(`/media/${media!.id}/large`);
    const missing = await secretaryA.post(`/api/activities/${activityId}/photos`, {
      mediaId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(400);

    await secretaryA.patch(`/api/activities/${activityId}`, {
      status: 'held',
      results: '全体党员重温入党誓词。',
    });
    const draft = await secretaryA.post(`/api/activities/${activityId}/article-draft`);
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({
      title: '重温入党誓词',
      coverMediaId: media!.id,
      schoolId: park.nodes.schoolA!.id,
      activityId,
    });
    expect(draft.json().summary).toContain(
      '学校A第一党支部在三楼会议室开展“学习贯彻党的二十大精神”主题党日活动',
    );
    expect(draft.json().bodyHtml).toContain('<li>一等奖：学校A2025级1班</li>');
    expect(draft.json().bodyHtml).toContain('全体党员重温入党誓词。');
    // secretaryA is no portal editor: the content comes back to hand over, no article is made.
    expect(draft.json()).toMatchObject({ created: false, article: null });

    // A portal editor's click makes the draft article, once.
    await t.database.db.insert(roleAssignments).values({
      parkId: park.parkId,
      accountId: park.accountIds.admin!,
      role: 'portalEditor',
      scopeNodeId: park.nodes.park!.id,
    });
    const made = await admin.post(`/api/activities/${activityId}/article-draft`, {});
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json()).toMatchObject({
      created: true,
      article: { link: expect.stringContaining('/admin/portal/articles/') },
    });
    const articleId = made.json().article.id;
    const [article] = await queryRows<{ status: string; title: string; cover_media_id: string }>(
      t.database.db,
      sql`select status, title, cover_media_id from portal_articles where id = ${articleId}`,
    );
    expect(article).toEqual({ status: 'draft', title: '重温入党誓词', cover_media_id: media!.id });
    expect((await admin.get(`/api/activities/${activityId}`)).json().articleId).toBe(articleId);
    const again = await admin.post(`/api/activities/${activityId}/article-draft`, {});
    expect(again.json()).toMatchObject({ created: false, article: { id: articleId } });
    expect((await studentA1.post(`/api/activities/${activityId}/article-draft`)).statusCode).toBe(403);
  });

  it('shows each person’s participation history', async () => {
    const mine = (await studentA1.get('/api/activities/mine')).json().items;
    const row = mine.find((i: { activityId: string }) => i.activityId === activityId);
    expect(row).toMatchObject({ viaGroupName: '学校A2025级1班', checkinMethod: 'qr', awards: ['优秀个人'] });
    expect(row.checkedInAt).not.toBeNull();
    const bySecretary = await secretaryA.get(`/api/activities/people/${park.persons.studentA1}/history`);
    expect(bySecretary.statusCode).toBe(200);
    expect(bySecretary.json().items.length).toBe(mine.length);
    expect((await teacherB.get(`/api/activities/people/${park.persons.studentA1}/history`)).statusCode).toBe(
      404,
    );
  });
});

describe('calendar', () => {
  it('lists activities by date range within scope', async () => {
    const a = await createActivity(secretaryA, {
      title: '学习, 奋进; 新时代',
      startsAt: '2026-07-01T01:00:00Z',
      endsAt: '2026-07-01T03:00:00Z',
    });
    await secretaryA.post(`/api/activities/${a.id}/participants`, { personIds: [park.persons.teacherA!] });
    const res = await secretaryA.get('/api/activities/calendar?from=2026-07-01&to=2026-07-31');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    expect(
      (await secretaryA.get('/api/activities/calendar?from=2026-07-02&to=2026-07-31')).json().items,
    ).toEqual([]);
    expect(
      (await teacherB.get('/api/activities/calendar?from=2026-07-01&to=2026-07-31')).json().items,
    ).toEqual([]);
    expect(
      (await teacherA.get('/api/activities/calendar?from=2026-07-01&to=2026-07-01')).json().items,
    ).toHaveLength(1);
    const bad = await secretaryA.get('/api/activities/calendar?from=2026-07-31&to=2026-07-01');
    expect(bad.statusCode).toBe(400);
  });

  it('serves a private, revocable iCal feed', async () => {
    const created = await teacherA.post('/api/activities/calendar-feed');
    expect(created.statusCode).toBe(201);
    const url = new URL(created.json().url);
    expect(created.json().webcalUrl).toMatch(/^webcal:/);
    const feed = await t.app.inject({ method: 'GET', url: url.pathname });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const raw = feed.body;
    expect(raw.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const lines = unfold(raw);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT').length).toBeGreaterThanOrEqual(2);
    expect(lines).toContain('DTSTART:20260701T010000Z');
    expect(lines).toContain('SUMMARY:学习\\, 奋进\\; 新时代');
    expect(lines.every((l) => !l.startsWith('DTSTART') || /^DTSTART:\d{8}T\d{6}Z$/.test(l))).toBe(true);
    expect((await teacherA.get('/api/activities/calendar-feed')).json().active).toBe(true);

    const rotated = new URL((await teacherA.post('/api/activities/calendar-feed')).json().url);
    expect((await t.app.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: rotated.pathname })).statusCode).toBe(200);
    expect((await teacherA.delete('/api/activities/calendar-feed')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: rotated.pathname })).statusCode).toBe(404);
    expect((await admin.post('/api/activities/calendar-feed')).statusCode).toBe(403);
  });
});

describe('contracts and guards', () => {
  it('refuses impossible days with 400 VALIDATION_FAILED', async () => {
    const cal = await secretaryA.get('/api/activities/calendar?from=2025-02-31&to=2025-03-01');
    expect(cal.statusCode).toBe(400);
    expect(cal.json().error.code).toBe('VALIDATION_FAILED');
    expect(cal.json().error.fields).toHaveProperty('from');
    const list = await secretaryA.get('/api/activities?to=2025-13-01');
    expect(list.statusCode).toBe(400);
    expect(list.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('answers 401 before the handler without a session, except the calendar feed', async () => {
    for (const url of ['/api/activities', '/api/activities/kinds', '/api/activities/mine']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    const feed = await t.app.inject({
      method: 'GET',
      url: '/api/activities/feed/not-a-real-token-at-all.ics',
    });
    expect(feed.statusCode).toBe(404);
  });

  it('refuses managing writes to accounts without activities.manage (403, generic)', async () => {
    const a = await createActivity(secretaryA, { title: '守卫测试' });
    expect((await teacherB.patch(`/api/activities/${a.id}`, { title: 'x' })).statusCode).toBe(403);
    expect((await studentA1.post('/api/activities/kinds', { name: '不许加' })).statusCode).toBe(403);
  });

  it('removes participants, awards and photos with 204 and then 404', async () => {
    const a = await createActivity(secretaryA, { title: '删除测试' });
    await secretaryA.post(`/api/activities/${a.id}/participants`, { personIds: [park.persons.teacherA!] });
    const gone = await secretaryA.delete(`/api/activities/${a.id}/participants/${park.persons.teacherA}`);
    expect(gone.statusCode).toBe(204);
    expect(gone.body).toBe('');
    expect(
      (await secretaryA.delete(`/api/activities/${a.id}/participants/${park.persons.teacherA}`)).statusCode,
    ).toBe(404);
    const award = (
      await secretaryA.post(`/api/activities/${a.id}/awards`, {
        award: '三等奖',
        orgNodeId: park.nodes.classA1!.id,
      })
    ).json();
    expect(Object.keys(award).sort()).toEqual(['award', 'id', 'note', 'orgNodeId', 'personId', 'recipient']);
    expect((await secretaryA.delete(`/api/activities/${a.id}/awards/${award.id}`)).statusCode).toBe(204);
    expect((await secretaryA.delete(`/api/activities/${a.id}/awards/${award.id}`)).statusCode).toBe(404);
    expect((await secretaryA.get(`/api/activities/${a.id}`)).json().awards).toEqual([]);
    const missing = await secretaryA.delete(
      `/api/activities/${a.id}/photos/00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.statusCode).toBe(404);
    expect((await secretaryA.delete(`/api/activities/${a.id}/checkin-token`)).statusCode).toBe(204);
  });

  it('documents every activities route with a response in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const ops = Object.entries(doc.paths).filter(([p]) => p.startsWith('/api/activities'));
    expect(ops.length).toBeGreaterThanOrEqual(15);
    for (const [path, methods] of ops)
      for (const [method, op] of Object.entries(methods))
        expect(
          Object.keys(op.responses).some((c) => c.startsWith('2')),
          `${method} ${path}`,
        ).toBe(true);
  });
});
