import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COUNT_BOUND,
  RANKED_CANDIDATES,
  searchArticlesInPark,
} from '../../../src/server/areas/newsroom/search';
import { searchResultCache } from '../../../src/server/areas/site/search';
import { insertArticles } from '../../support/portalSeed';
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
      totalExact: boolean;
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
    expect(all.totalExact).toBe(true);
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
    // (A draft: published content is not edited in place.)
    const res = await c.editor.patch(`/api/portal/articles/${ids.draft}`, {
      title: '党建草稿：知识竞赛（未发布）',
    });
    expect(res.statusCode).toBe(200);
    const r = await search(c.reviewer, '知识竞赛');
    expect(r.items.map((x) => x.id)).toEqual([ids.draft]);
  });

  it('cuts each snippet from around the first hit, however deep in a long body', async () => {
    const filler = (i: number) =>
      `<p>第${i}段：学校坚持育人为本，<strong>加强</strong>班级管理&amp;家校沟通，推进“三全育人”工作落地见效。</p>`;
    const deep = Array.from({ length: 60 }, (_, i) => filler(i + 1));
    deep[47] =
      '<p>第48段：同学们参观了<a href="https://example.cn/?a=1&amp;b=2">航天</a>科技展，深受鼓舞。</p>';
    deep.push('<p>末段：ＣＰＣ 全角字母。</p>');
    await publish('deep', { title: '长文一篇', bodyHtml: deep.join(''), columnIds: [col.news] });
    await publish('inSummary', {
      title: '长文二篇',
      summary: '摘要里提到航天。',
      bodyHtml: Array.from({ length: 60 }, (_, i) => filler(i + 1)).join('') + '<p>正文也有航天。</p>',
      columnIds: [col.news],
    });
    const found = await search(c.reviewer, '航天');
    const deepHit = found.items.find((x) => x.id === ids.deep)!;
    // Some 35 characters of text before the hit, after an ellipsis: the body's ~2,000 characters
    // before it are not there.
    expect(deepHit.snippetHtml).toMatch(
      /^…[^<]*“三全育人”工作落地见效。 第48段：同学们参观了<mark>航天<\/mark>科技展，深受鼓舞。/,
    );
    expect(deepHit.snippetHtml).toMatch(/…$/);
    expect(deepHit.snippetHtml).not.toMatch(/href|&amp;amp;|<strong>|第47段/);
    // A hit in the summary: the snippet is from the start, in the summary.
    const summaryHit = found.items.find((x) => x.id === ids.inSummary)!;
    expect(summaryHit.snippetHtml).toMatch(/^摘要里提到<mark>航天<\/mark>。 第1段：/);
    // A full-width word is found as the search folds it (NFKC), at the very end.
    const wide = await search(c.reviewer, 'cpc');
    expect(wide.items.map((x) => x.id)).toEqual([ids.deep]);
    expect(wide.items[0]!.snippetHtml).toMatch(/^…[^<]*末段：<mark>ＣＰＣ<\/mark> 全角字母。$/);
  });

  it('validates the query', async () => {
    const res = await c.reviewer.get('/api/portal/search?q=');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.q).toBe('请输入关键词');
  });
});

/**
 * Broad queries: more matches than are ranked (newsroom/search.ts ranks only the first
 * RANKED_CANDIDATES by title hit and date) and more than the count bound. The articles use words
 * no other test searches for (蓝鲸, 海豚), so the exact results above stay as they are.
 */
describe('a query matching more articles than are ranked and counted', () => {
  const many = COUNT_BOUND + 10;
  const titled = new Set<string>();
  const repeated = new Set<string>();
  let all: string[] = [];

  beforeAll(async () => {
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    all = await insertArticles(
      t.database.db,
      park.parkId,
      { news: col.news! },
      Array.from({ length: many }, (_, i) => ({
        // Every 100th has the word in its title; every 7th has it three times in the body.
        title: i % 100 === 50 ? `蓝鲸观察 第${i}篇` : `海洋观察 第${i}篇`,
        bodyHtml: i % 7 === 0 ? '<p>蓝鲸 蓝鲸 蓝鲸 海豚</p>' : '<p>蓝鲸 海豚</p>',
        columns: ['news'],
        publishedAt: new Date(now - (i + 10) * day),
      })),
      500,
    );
    all.forEach((id, i) => {
      if (i % 100 === 50) titled.add(id);
      if (i % 7 === 0) repeated.add(id);
    });
  });

  it('pages through every match once, title hits first, the ranked ones by relevance', async () => {
    const seen: string[] = [];
    const titleHits: boolean[] = [];
    let first: Awaited<ReturnType<typeof searchArticlesInPark>> | null = null;
    for (let page = 1; ; page++) {
      const r = await searchArticlesInPark(
        t.database.db,
        park.parkId,
        { all: true },
        { q: '蓝鲸', publishedOnly: true, page, pageSize: 100 },
      );
      first ??= r;
      if (!r.items.length) break;
      seen.push(...r.items.map((x) => x.id));
      titleHits.push(...r.items.map((x) => x.titleHit));
    }
    expect(seen.length).toBe(many);
    expect(new Set(seen)).toEqual(new Set(all));
    // The 11 title hits come first.
    expect(seen.slice(0, titled.size).every((id) => titled.has(id))).toBe(true);
    expect(titleHits.slice(titled.size).every((x) => !x)).toBe(true);
    // Among the ranked body hits (the newest ones), the three-times articles come first.
    const rankedBody = seen.slice(titled.size, RANKED_CANDIDATES);
    const threeTimes = rankedBody.filter((id) => repeated.has(id)).length;
    expect(threeTimes).toBeGreaterThan(0);
    expect(rankedBody.slice(0, threeTimes).every((id) => repeated.has(id))).toBe(true);
    // Past the bound the count is approximate: 1,010 shows as 约 1,000.
    expect(first!.totalExact).toBe(false);
    expect(first!.total).toBe(1000);
  });

  it('shows the public count as 约 N 条 past the bound and exact below it', async () => {
    const broad = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('海豚')}` });
    expect(broad.statusCode).toBe(200);
    expect(broad.body).toContain('找到约 <b>1,000</b> 条');
    const narrow = await t.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('立德树人')}` });
    expect(narrow.body).toContain('找到 <b>1</b> 条');
    // The console says the same through its contract.
    const consoleSearch = await search(c.reviewer, '海豚');
    expect(consoleSearch).toMatchObject({ total: 1000, totalExact: false });
  });

  it('keeps public results for repeated queries, emptied when the portal changes', async () => {
    const cache = searchResultCache(t.app.portal.cache);
    const url = `/search?q=${encodeURIComponent('座头鲸')}`;
    const before = await t.app.inject({ method: 'GET', url });
    expect(before.body).toContain('没有找到');
    expect(cache.size).toBeGreaterThan(0);
    // Publishing notifies the portal's listeners when the transaction commits.
    await publish('humpback', {
      title: '座头鲸迁徙观察',
      bodyHtml: '<p>座头鲸</p>',
      columnIds: [col.news],
    });
    for (let i = 0; ; i++) {
      const after = await t.app.inject({ method: 'GET', url });
      if (after.body.includes(ids.humpback!)) break;
      if (i > 200) throw new Error('the new article never appeared in the public search');
      await new Promise((r) => setImmediate(r));
    }
  });
});
