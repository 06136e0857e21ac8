import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  notifications,
  portalArticles,
  portalColumns,
} from '../../../src/server/platform/db/schema/index';
import { queryRows } from '../../../src/server/platform/db/rows';
import { publishDueArticles } from '../../../src/server/areas/newsroom/commands/publishDueArticles';
import { DEFAULT_COLUMNS, ensureDefaultColumns } from '../../../src/server/areas/newsroom/columns';
import { systemContext } from '../../../src/server/context';
import { JOBS } from '../../../src/server/platform/jobs/index';
import { startScheduler } from '../../../src/server/platform/jobs/scheduler';
import { createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll } from '../../support/newsroom';

let t: TestApp;
let park: Park;
let ids: Awaited<ReturnType<typeof addNewsroom>>;
let c: Record<'editor' | 'editorA' | 'reviewer' | 'reviewer2' | 'chief' | 'admin' | 'teacherA', Client>;
let columns: { id: string; slug: string; name: string; kind: string }[];
const col = (slug: string) => columns.find((x) => x.slug === slug)!.id;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  ids = await addNewsroom(t.database.db, park);
  c = await loginAll(t.app, [
    'editor',
    'editorA',
    'reviewer',
    'reviewer2',
    'chief',
    'admin',
    'teacherA',
  ] as const);
  columns = (await c.editor.get('/api/portal/columns')).json().items;
});
afterAll(() => t.close());

async function draft(client: Client, over: Record<string, unknown> = {}) {
  const res = await client.post('/api/portal/articles', {
    title: '学校党支部开展主题党日活动',
    bodyHtml: '<p>全体党员参加了活动。</p>',
    columnIds: [col('news')],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; version: number; actions: string[] };
}
const act = (client: Client, id: string, action: string, reason?: string) =>
  client.post(`/api/portal/articles/${id}/transitions`, { action, reason });
const setSignoff = (on: boolean) => c.reviewer.put('/api/portal/settings', { signoffRequired: on });

describe('columns', () => {
  it('gives a new park the twelve default columns, idempotently', async () => {
    expect(columns.map((x) => x.name)).toEqual(DEFAULT_COLUMNS.map((x) => x.name));
    expect(columns.find((x) => x.name === '园区概况')!.kind).toBe('singlePage');
    expect(columns.find((x) => x.name === '资料下载')!.kind).toBe('downloadList');
    expect(await ensureDefaultColumns(t.database.db, park.parkId)).toBe(0);
    const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from portal_columns where park_id = ${park.parkId}`,
    );
    expect(n).toBe(12);
  });

  it('validates and keeps slugs unique; only site managers edit columns', async () => {
    let res = await c.reviewer.post('/api/portal/columns', { name: '', slug: 'Bad Slug!', kind: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['name', 'slug', 'kind']));
    res = await c.reviewer.post('/api/portal/columns', { name: '重复', slug: 'news', kind: 'articleList' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SLUG_TAKEN');
    res = await c.reviewer.post('/api/portal/columns', { name: '保留', slug: 'admin', kind: 'articleList' });
    expect(res.json().error.code).toBe('SLUG_RESERVED');
    res = await c.editor.post('/api/portal/columns', { name: '编辑不能建', slug: 'x1', kind: 'articleList' });
    expect(res.statusCode).toBe(403);
    res = await c.reviewer.post('/api/portal/columns', {
      name: '志愿服务',
      slug: 'volunteer',
      kind: 'articleList',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    res = await c.reviewer.patch(`/api/portal/columns/${id}`, {
      visible: false,
      sortOrder: 999,
      slug: 'volunteering',
    });
    expect(res.json()).toMatchObject({ visible: false, sortOrder: 999, slug: 'volunteering' });
    expect((await c.reviewer.delete(`/api/portal/columns/${id}`)).statusCode).toBe(204);
    expect((await c.teacherA.get('/api/portal/columns')).statusCode).toBe(403);
  });
});

describe('articles and workflow', () => {
  it('sanitizes the body on save', async () => {
    const a = await draft(c.editor, {
      bodyHtml: '<p onclick="x()">正文<script>alert(1)</script><a href="javascript:alert(1)">链接</a></p>',
    });
    const got = (await c.editor.get(`/api/portal/articles/${a.id}`)).json();
    expect(got.bodyHtml).toBe('<p>正文<a>链接</a></p>');
  });

  it('validates input with Chinese messages', async () => {
    const res = await c.editor.post('/api/portal/articles', {
      title: '',
      columnIds: ['not-a-uuid'],
      publishAt: 'tomorrow',
      tags: Array(11).fill('标签'),
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields;
    expect(fields.title).toBe('请输入标题');
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['columnIds.0', 'publishAt', 'tags']));
  });

  it('lists the park’s schools, marking those in the editor’s scope', async () => {
    const items = (await c.editorA.get('/api/portal/schools')).json().items as {
      id: string;
      mine: boolean;
    }[];
    expect(items.map((s) => [s.id, s.mine])).toEqual([
      [park.nodes.schoolA!.id, true],
      [park.nodes.schoolB!.id, false],
    ]);
    expect((await c.teacherA.get('/api/portal/schools')).statusCode).toBe(403);
  });

  it('keeps school editors to their school', async () => {
    const a = await draft(c.editorA, {});
    const got = (await c.editorA.get(`/api/portal/articles/${a.id}`)).json();
    expect(got.schoolId).toBe(park.nodes.schoolA!.id);
    let res = await c.editorA.post('/api/portal/articles', {
      title: '乙校新闻',
      schoolId: park.nodes.schoolB!.id,
    });
    expect(res.statusCode).toBe(403);
    const other = await draft(c.editor, { schoolId: park.nodes.schoolB!.id });
    res = await c.editorA.get(`/api/portal/articles/${other.id}`);
    expect(res.statusCode).toBe(404);
    const list = (await c.editorA.get('/api/portal/articles')).json();
    // Not vacuous: the school editor's own draft is in the list, and nothing of school B is.
    expect(list.items.map((x: { id: string }) => x.id)).toContain(a.id);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(other.id);
    expect(list.items.every((x: { schoolId: string }) => x.schoolId === park.nodes.schoolA!.id)).toBe(true);
    expect((await c.teacherA.get('/api/portal/articles')).json().items).toEqual([]);
  });

  it('lets no editor publish alone: submit → reviewer approves → published, with notifications and audit', async () => {
    await setSignoff(false);
    const a = await draft(c.editor);
    expect(a.actions).toEqual(['submit']);
    // An editor cannot approve.
    let res = await act(c.editor, a.id, 'approve');
    expect(res.statusCode).toBe(409); // not submitted yet
    res = await act(c.editor, a.id, 'submit');
    expect(res.json().status).toBe('submitted');
    res = await act(c.editor, a.id, 'approve');
    expect(res.statusCode).toBe(403);
    // Reviewers were told.
    const forReviewer = (await c.reviewer.get('/api/notifications')).json().items;
    expect(
      forReviewer.some(
        (n: { kind: string; link: string }) => n.kind === 'portal.reviewRequested' && n.link.endsWith(a.id),
      ),
    ).toBe(true);
    // The review queue shows it.
    const queue = (await c.reviewer.get('/api/portal/articles?queue=review')).json().items;
    expect(queue.map((x: { id: string }) => x.id)).toContain(a.id);
    res = await act(c.reviewer, a.id, 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'published', statusLabel: '已发布' });
    expect(res.json().publishedAt).not.toBeNull();
    const forAuthor = (await c.editor.get('/api/notifications')).json().items;
    expect(forAuthor.some((n: { kind: string }) => n.kind === 'portal.published')).toBe(true);
    const trail = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'portalArticle'), eq(auditLog.entityId, a.id)));
    expect(trail.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'newsroom.article.create',
        'newsroom.article.submit',
        'newsroom.article.approve',
      ]),
    );
    const detail = (await c.editor.get(`/api/portal/articles/${a.id}`)).json();
    expect(detail.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'approve']);
  });

  it('refuses self-approval even to an account holding every role', async () => {
    const a = await draft(c.chief);
    await act(c.chief, a.id, 'submit');
    const res = await act(c.chief, a.id, 'approve');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('SELF_APPROVAL');
    expect((await act(c.reviewer, a.id, 'approve')).json().status).toBe('published');
  });

  it('refuses approval to a reviewer who submitted someone else’s draft', async () => {
    await setSignoff(false);
    // Creator and submitter differ: a reviewer (who also edits) submits the editor's draft.
    const a = await draft(c.editor);
    expect((await act(c.reviewer, a.id, 'submit')).json()).toMatchObject({ status: 'submitted' });
    const seen = (await c.reviewer.get(`/api/portal/articles/${a.id}`)).json();
    expect(seen.submittedByName).toBe('reviewer');
    expect(seen.actions).not.toContain('approve');
    const res = await act(c.reviewer, a.id, 'approve');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('SELF_APPROVAL');
    // Another reviewer may approve it.
    expect((await act(c.reviewer2, a.id, 'approve')).json().status).toBe('published');
  });

  it('returns with a reason to the author, who revises and resubmits', async () => {
    const a = await draft(c.editor);
    await act(c.editor, a.id, 'submit');
    let res = await act(c.reviewer, a.id, 'return');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('REASON_REQUIRED');
    res = await act(c.reviewer, a.id, 'return', '标题请写明活动时间');
    expect(res.json()).toMatchObject({ status: 'returned', returnReason: '标题请写明活动时间' });
    const n = (await c.editor.get('/api/notifications')).json().items;
    expect(
      n.some(
        (x: { kind: string; body: string }) => x.kind === 'portal.returned' && x.body.includes('活动时间'),
      ),
    ).toBe(true);
    res = await c.editor.patch(`/api/portal/articles/${a.id}`, { title: '5月8日主题党日活动' });
    expect(res.statusCode).toBe(200);
    res = await act(c.editor, a.id, 'submit');
    expect(res.json().status).toBe('submitted');
    expect(res.json().returnReason).toBeNull();
  });

  it('needs the general branch sign-off when it is switched on', async () => {
    expect((await c.editor.put('/api/portal/settings', { signoffRequired: true })).statusCode).toBe(403);
    expect((await setSignoff(true)).json().signoffRequired).toBe(true);
    const a = await draft(c.editor);
    await act(c.editor, a.id, 'submit');
    let res = await act(c.reviewer, a.id, 'approve');
    expect(res.json().status).toBe('approved');
    const forAdmin = (await c.admin.get('/api/notifications')).json().items;
    expect(forAdmin.some((n: { kind: string }) => n.kind === 'portal.signoffRequested')).toBe(true);
    // The reviewer cannot sign off; the approver holding sign-off cannot either.
    expect((await act(c.reviewer, a.id, 'signOff')).statusCode).toBe(403);
    const b = await draft(c.editor);
    await act(c.editor, b.id, 'submit');
    await act(c.chief, b.id, 'approve');
    expect((await act(c.chief, b.id, 'signOff')).json().error.code).toBe('SELF_SIGNOFF');
    res = await act(c.admin, a.id, 'signOff');
    expect(res.json().status).toBe('published');
    expect(
      (await c.admin.get('/api/portal/articles?queue=signoff')).json().items.map((x: { id: string }) => x.id),
    ).toEqual([b.id]);
    await setSignoff(false);
  });

  it('takes a published article down with a reason, and reopens it as a draft', async () => {
    const a = await draft(c.editor);
    await act(c.editor, a.id, 'submit');
    await act(c.reviewer, a.id, 'approve');
    expect((await act(c.editor, a.id, 'takeDown', '过时')).statusCode).toBe(403);
    expect((await act(c.reviewer, a.id, 'takeDown')).json().error.code).toBe('REASON_REQUIRED');
    const res = await act(c.reviewer, a.id, 'takeDown', '内容已过时');
    expect(res.json()).toMatchObject({ status: 'takenDown', takedownReason: '内容已过时' });
    expect((await c.editor.patch(`/api/portal/articles/${a.id}`, { title: '改' })).statusCode).toBe(403);
    expect((await act(c.editor, a.id, 'reopen')).json().status).toBe('draft');
  });

  it('keeps what the site shows as approved: no in-place edits of a live article, no withdrawing another’s submission', async () => {
    const a = await draft(c.editor, { title: '已审核的标题' });
    await act(c.editor, a.id, 'submit');
    // The reviewer may approve or return the editor's submission, not withdraw it.
    const withdrawn = await act(c.reviewer, a.id, 'withdraw');
    expect(withdrawn.statusCode).toBe(403);
    expect(withdrawn.json().error.code).toBe('NOT_SUBMITTER');
    expect((await c.reviewer.get(`/api/portal/articles/${a.id}`)).json().actions).not.toContain('withdraw');
    expect((await act(c.reviewer, a.id, 'approve')).json().status).toBe('published');
    // Published: its content stays as approved, also for the reviewer; placement may change.
    const edit = await c.reviewer.patch(`/api/portal/articles/${a.id}`, { title: '审核后悄悄改的标题' });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.message).toContain('请先「撤下」并说明原因');
    expect((await c.reviewer.get(`/api/portal/articles/${a.id}`)).json()).toMatchObject({
      title: '已审核的标题',
      canEdit: false,
      canAdjustLive: true,
    });
    expect((await c.editor.get(`/api/portal/articles/${a.id}`)).json()).toMatchObject({
      canEdit: false,
      canAdjustLive: false,
    });
    const pin = await c.reviewer.patch(`/api/portal/articles/${a.id}`, { pinned: true });
    expect(pin.statusCode).toBe(200);
    expect(pin.json().pinned).toBe(true);
    expect((await c.editor.patch(`/api/portal/articles/${a.id}`, { pinned: false })).statusCode).toBe(403);
    // The way to change it: take down with a reason, reopen, and review again.
    await act(c.reviewer, a.id, 'takeDown', '标题需更正');
    expect((await act(c.editor, a.id, 'reopen')).json().status).toBe('draft');
    expect((await c.editor.patch(`/api/portal/articles/${a.id}`, { title: '更正后的标题' })).statusCode).toBe(
      200,
    );
  });

  it('publishes a scheduled article through the job, once, even with two schedulers', async () => {
    const a = await draft(c.editor, { publishAt: new Date(Date.now() + 3600_000).toISOString() });
    await act(c.editor, a.id, 'submit');
    expect((await act(c.reviewer, a.id, 'approve')).json().status).toBe('scheduled');
    // Not due yet.
    expect(await publishDueArticles(t.database.db, systemContext('test'))).not.toContain(a.id);
    // Move its time into the past, as the clock would.
    await t.database.db
      .update(portalArticles)
      .set({ publishAt: new Date(Date.now() - 60_000) })
      .where(eq(portalArticles.id, a.id));
    const s1 = startScheduler(t.database.db, JOBS);
    const s2 = startScheduler(t.database.db, JOBS);
    const [r1, r2] = (await Promise.all([
      s1.runNow('portal.publishScheduled'),
      s2.runNow('portal.publishScheduled'),
    ])) as [string[], string[]];
    await Promise.all([s1.stop(), s2.stop()]);
    expect([...r1, ...r2].filter((x) => x === a.id)).toHaveLength(1);
    const got = (await c.editor.get(`/api/portal/articles/${a.id}`)).json();
    expect(got.status).toBe('published');
    expect(got.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'approve', 'publishDue']);
    expect(await publishDueArticles(t.database.db, systemContext('test'))).toEqual([]);
  });

  it('keeps a revision per save, records a reviewer edit as theirs, and restores', async () => {
    const a = await draft(c.editor, { title: '初稿标题', bodyHtml: '<p>第一版</p>' });
    let res = await c.editor.patch(`/api/portal/articles/${a.id}`, {
      bodyHtml: '<p>第二版</p>',
      version: a.version,
    });
    expect(res.statusCode).toBe(200);
    // A stale version is refused.
    res = await c.editor.patch(`/api/portal/articles/${a.id}`, { bodyHtml: '<p>x</p>', version: a.version });
    expect(res.statusCode).toBe(409);
    // Metadata only: no new revision.
    await c.editor.patch(`/api/portal/articles/${a.id}`, { pinned: true });
    await act(c.editor, a.id, 'submit');
    // The editor can no longer edit; the reviewer can, and the change is the reviewer's revision.
    expect((await c.editor.patch(`/api/portal/articles/${a.id}`, { title: 'x' })).statusCode).toBe(403);
    res = await c.reviewer.patch(`/api/portal/articles/${a.id}`, { bodyHtml: '<p>审核修改版</p>' });
    expect(res.statusCode).toBe(200);
    const revs = (await c.reviewer.get(`/api/portal/articles/${a.id}/revisions`)).json().items;
    expect(
      revs.map((r: { number: number; reason: string; createdByName: string }) => [
        r.number,
        r.reason,
        r.createdByName,
      ]),
    ).toEqual([
      [3, 'save', 'reviewer'],
      [2, 'save', 'editor'],
      [1, 'create', 'editor'],
    ]);
    const one = (await c.reviewer.get(`/api/portal/articles/${a.id}/revisions/1`)).json();
    expect(one.bodyHtml).toBe('<p>第一版</p>');
    res = await c.reviewer.post(`/api/portal/articles/${a.id}/revisions/1/restore`);
    expect(res.statusCode).toBe(200);
    expect(res.json().bodyHtml).toBe('<p>第一版</p>');
    const after = (await c.reviewer.get(`/api/portal/articles/${a.id}/revisions`)).json().items;
    expect(after[0]).toMatchObject({ number: 4, reason: 'restore', restoredFrom: 1 });
    expect((await c.reviewer.get(`/api/portal/articles/${a.id}/revisions/99`)).statusCode).toBe(404);
  });

  it('refuses a submit without a column and deletes only drafts', async () => {
    const a = await draft(c.editor, { columnIds: [] });
    const res = await act(c.editor, a.id, 'submit');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('COLUMN_REQUIRED');
    expect((await c.editor.delete(`/api/portal/articles/${a.id}`)).statusCode).toBe(204);
    const [published] = await t.database.db
      .select({ id: portalArticles.id })
      .from(portalArticles)
      .where(eq(portalArticles.status, 'published'))
      .limit(1);
    expect((await c.reviewer.delete(`/api/portal/articles/${published!.id}`)).statusCode).toBe(409);
  });

  it('lists an editor’s own queue with each state', async () => {
    const mine = (await c.editor.get('/api/portal/articles?queue=mine&pageSize=100')).json();
    expect(mine.total).toBeGreaterThan(3);
    // The editor's drafts have been through every state by now (the tests above).
    expect(new Set(mine.items.map((x: { statusLabel: string }) => x.statusLabel))).toEqual(
      new Set(['草稿', '待审核', '待签发', '已发布']),
    );
    expect(mine.items.every((x: { createdBy: string }) => x.createdBy === ids.editor)).toBe(true);
    const notes = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.accountId, ids.reviewer));
    expect(notes.length).toBeGreaterThan(0);
    const [{ n } = { n: 0 }] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(portalColumns)
      .where(eq(portalColumns.parkId, park.parkId));
    expect(n).toBe(12);
  });
});
