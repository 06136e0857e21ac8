import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArticlesInPark } from '../../../src/server/areas/newsroom/search';
import { createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll } from '../../support/newsroom';

/**
 * Chinese full-text search: a two-character word finds the articles containing it, title hits rank
 * first, drafts only in the console, filters by column and school. The same file runs on PGlite
 * and PostgreSQL (TEST_DB=postgres) and asserts the exact order, so both give the same results.
 */
let t: TestApp;
let park: Park;
let c: Record<'editor' | 'editorA' | 'reviewer', Client>;
let col: Record<string, string>;
const ids: Record<string, string> = {};

async function publish(key: string, body: Record<string, unknown>) {
  const res = await c.editor.post('/api/portal/articles', body);
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id;
  await c.editor.post(`/api/portal/articles/${id}/transitions`, { action: 'submit' });
  const ok = await c.reviewer.post(`/api/portal/articles/${id}/transitions`, { action: 'approve' });
  expect(ok.json().status).toBe('published');
  ids[key] = id;
}

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  await addNewsroom(t.database.db, park);
  c = await loginAll(t.app, ['editor', 'editorA', 'reviewer'] as const);
  col = Object.fromEntries(
    (await c.editor.get('/api/portal/columns'))
      .json()
      .items.map((x: { slug: string; id: string }) => [x.slug, x.id]),
  );
  await publish('bodyOnce', {
    title: '教师暑期培训圆满结束',
    bodyHtml: '<p>培训中，专家就如何加强党建工作作了专题讲座。</p>',
    columnIds: [col.news],
    schoolId: park.nodes.schoolB!.id,
  });
  await publish('title', {
    title: '党建引领 立德树人',
    bodyHtml: '<p>学校召开专题会议，研究部署下半年工作。</p>',
    columnIds: [col.news, col.theory],
    schoolId: park.nodes.schoolA!.id,
  });
  await publish('bodyMany', {
    title: '“三会一课”制度落实情况通报',
    bodyHtml:
      '<p>党建工作是学校工作的重要组成部分。</p><p>各支部要把党建与业务深度融合，以党建促发展。</p><p>&lt;script&gt;不会执行&lt;/script&gt;党建</p>',
    columnIds: [col.notices],
  });
  await publish('unrelated', {
    title: '校园运动会隆重开幕',
    bodyHtml: '<p>全校师生参加了开幕式。</p>',
    columnIds: [col.news],
  });
  const draft = await c.editor.post('/api/portal/articles', {
    title: '党建草稿（未发布）',
    bodyHtml: '<p>草稿正文</p>',
    columnIds: [col.news],
  });
  ids.draft = draft.json().id;
});
afterAll(() => t.close());

const search = (client: Client, query: string) =>
  client.get(`/api/portal/search?q=${encodeURIComponent(query)}`).then((r) => {
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      items: { id: string; titleHtml: string; snippetHtml: string; titleHit: boolean; status: string }[];
      total: number;
    };
  });

describe('Chinese full-text search', () => {
  it('finds every published article containing a two-character word, title hits first', async () => {
    const r = await searchArticlesInPark(
      t.database.db,
      park.parkId,
      { all: true },
      {
        q: '党建',
        publishedOnly: true,
        page: 1,
        pageSize: 20,
      },
    );
    const order = r.items.map((x) => x.id);
    expect(order[0]).toBe(ids.title);
    expect(new Set(order)).toEqual(new Set([ids.title, ids.bodyMany, ids.bodyOnce]));
    // More body hits rank above a single one.
    expect(order).toEqual([ids.title, ids.bodyMany, ids.bodyOnce]);
    expect(r.total).toBe(3);
    expect(r.items[0]!.titleHit).toBe(true);
    expect(r.items[0]!.titleHtml).toBe('<mark>党建</mark>引领 立德树人');
    const many = r.items.find((x) => x.id === ids.bodyMany)!;
    expect(many.snippetHtml).toContain('<mark>党建</mark>');
    expect(many.snippetHtml).not.toContain('<script>');
  });

  it('includes drafts in the console, scoped to the actor', async () => {
    const all = await search(c.reviewer, '党建');
    expect(all.items[0]!.id === ids.draft || all.items[0]!.id === ids.title).toBe(true);
    expect(all.items.map((x) => x.id)).toEqual(expect.arrayContaining([ids.draft, ids.title]));
    expect(all.total).toBe(4);
    // A school A editor reaches only school A's articles.
    const scoped = await search(c.editorA, '党建');
    expect(scoped.items.map((x) => x.id)).toEqual([ids.title]);
  });

  it('filters by column, school and status', async () => {
    const byColumn = await c.reviewer.get(`/api/portal/search?q=党建&columnId=${col.notices}`);
    expect(byColumn.json().items.map((x: { id: string }) => x.id)).toEqual([ids.bodyMany]);
    const bySchool = await c.reviewer.get(`/api/portal/search?q=党建&schoolId=${park.nodes.schoolB!.id}`);
    expect(bySchool.json().items.map((x: { id: string }) => x.id)).toEqual([ids.bodyOnce]);
    const drafts = await c.reviewer.get('/api/portal/search?q=党建&status=draft');
    expect(drafts.json().items.map((x: { id: string }) => x.id)).toEqual([ids.draft]);
  });

  it('handles longer words, several words, single characters and Latin case', async () => {
    expect((await search(c.reviewer, '立德树人')).items.map((x) => x.id)).toEqual([ids.title]);
    expect((await search(c.reviewer, '党建 培训')).items.map((x) => x.id)).toEqual([ids.bodyOnce]);
    expect((await search(c.reviewer, '运')).items.map((x) => x.id)).toEqual([ids.unrelated]);
    expect((await search(c.reviewer, '找不到的词语')).total).toBe(0);
    expect((await search(c.reviewer, "'|&!:*")).total).toBe(0);
  });

  it('updates the index when an article is edited', async () => {
    await c.reviewer.patch(`/api/portal/articles/${ids.unrelated}`, { title: '校园运动会暨党建知识竞赛' });
    const r = await search(c.reviewer, '知识竞赛');
    expect(r.items.map((x) => x.id)).toEqual([ids.unrelated]);
  });

  it('validates the query', async () => {
    const res = await c.reviewer.get('/api/portal/search?q=');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.q).toBe('请输入关键词');
  });
});
