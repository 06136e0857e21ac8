import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { todayInShanghai } from '../../../src/common/dates';
import { createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll, multipart, readZipEntry } from '../../support/newsroom';

let t: TestApp;
let park: Park;
let c: Record<'editor' | 'editorA' | 'reviewer' | 'teacherA', Client>;
let col: Record<string, string>;
const published: string[] = [];
let draftId: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-news-'));

async function article(title: string, bodyHtml: string, publish = true) {
  const res = await c.editor.post('/api/portal/articles', {
    title,
    bodyHtml,
    author: '宣传组',
    source: '学校党支部',
    columnIds: [col.news],
  });
  const id = res.json().id as string;
  if (publish) {
    await c.editor.post(`/api/portal/articles/${id}/transitions`, { action: 'submit' });
    await c.reviewer.post(`/api/portal/articles/${id}/transitions`, { action: 'approve' });
  }
  return id;
}

beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: dataDir });
  park = await buildPark(t.database.db);
  await addNewsroom(t.database.db, park);
  c = await loginAll(t.app, ['editor', 'editorA', 'reviewer', 'teacherA'] as const);
  col = Object.fromEntries(
    (await c.editor.get('/api/portal/columns'))
      .json()
      .items.map((x: { slug: string; id: string }) => [x.slug, x.id]),
  );
  published.push(
    await article(
      '园区召开庆祝建党节大会',
      '<h2>大会现场</h2><p>七月一日，园区党总支召开大会。</p><p>会议号召全体党员&amp;群众<b>团结奋进</b>。</p>',
    ),
    await article('先锋岗评选结果公示', '<p>经各支部推荐，评选出先锋岗十个。</p>'),
  );
  draftId = await article('未发布的草稿', '<p>草稿</p>', false);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('newsletter issues', () => {
  let issueId: string;

  it('composes an issue only from published articles, numbered in order', async () => {
    let res = await c.editor.post('/api/portal/newsletters', {
      issueDate: '2025-07-02',
      articleIds: [published[0], draftId],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('ARTICLE_NOT_PUBLISHED');
    res = await c.editor.post('/api/portal/newsletters', { issueDate: '2025-7-2', articleIds: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.issueDate).toBe('日期格式应为 YYYY-MM-DD');
    // A day the calendar does not have is refused too.
    res = await c.editor.post('/api/portal/newsletters', { issueDate: '2025-02-31', articleIds: [] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { issueDate: '日期格式应为 YYYY-MM-DD' },
    });
    res = await c.editor.get('/api/portal/stats/views?from=2025-02-30');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(
      (await c.editorA.post('/api/portal/newsletters', { issueDate: '2025-07-02', articleIds: [] }))
        .statusCode,
    ).toBe(403);
    res = await c.editor.post('/api/portal/newsletters', {
      issueDate: '2025-07-02',
      editorNote: '本期聚焦“七一”系列活动。<b>不是标签</b>',
      articleIds: [published[0], published[1]],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ number: 1, status: 'draft', title: '「校园党建」简讯' });
    expect(res.json().articles.map((a: { id: string }) => a.id)).toEqual(published);
    issueId = res.json().id;
    res = await c.editor.post('/api/portal/newsletters', {
      number: 1,
      issueDate: '2025-08-01',
      articleIds: [],
    });
    expect(res.statusCode).toBe(409);
  });

  it('exports a .docx that is a valid A4 bulletin with the articles’ text', async () => {
    const res = await c.editor.get(`/api/portal/newsletters/${issueId}/export.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('「校园党建」简讯第1期.docx')}`,
    );
    const zip = res.rawPayload;
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    const xml = readZipEntry(zip, 'word/document.xml')!.toString('utf8');
    for (const text of [
      '「校园党建」简讯',
      '第 1 期',
      '二〇二五年七月二日',
      '编者按：',
      '本期聚焦“七一”系列活动。&lt;b&gt;不是标签&lt;/b&gt;',
      '园区召开庆祝建党节大会',
      '七月一日，园区党总支召开大会。',
      // The bold words are a run of their own (newsletterDocx.test.ts reads the formatting).
      '会议号召全体党员&amp;群众</w:t>',
      '团结奋进</w:t>',
      '先锋岗评选结果公示',
      '来源：学校党支部',
    ]) {
      expect(xml).toContain(text);
    }
    expect(xml).toContain('w:eastAsia="SimSun"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // The standard tool agrees it is a sound zip.
    const file = path.join(dataDir, 'issue.docx');
    fs.writeFileSync(file, zip);
    let unzipOk = true;
    try {
      execFileSync('unzip', ['-tq', file], { stdio: 'pipe' });
    } catch (err) {
      unzipOk = (err as NodeJS.ErrnoException).code === 'ENOENT'; // no unzip installed: the zlib check above stands
    }
    expect(unzipOk).toBe(true);
  });

  it('renders a printable HTML page with everything escaped', async () => {
    const res = await c.editor.get(`/api/portal/newsletters/${issueId}/print`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<h1 class="mast">「校园党建」简讯</h1>');
    expect(res.body).toContain('@page{size:A4');
    expect(res.body).toContain('&lt;b&gt;不是标签&lt;/b&gt;');
    expect(res.body).not.toContain('<script');
  });

  it('is published by a reviewer and listed', async () => {
    expect((await c.editor.post(`/api/portal/newsletters/${issueId}/publish`)).statusCode).toBe(403);
    const res = await c.reviewer.post(`/api/portal/newsletters/${issueId}/publish`);
    expect(res.json()).toMatchObject({ status: 'published' });
    expect(res.json().publishedAt).not.toBeNull();
    const list = (await c.editor.get('/api/portal/newsletters')).json();
    expect(list.items[0]).toMatchObject({ id: issueId, number: 1, status: 'published', articleCount: 2 });
    expect((await c.editor.delete(`/api/portal/newsletters/${issueId}`)).statusCode).toBe(409);
    expect(
      (await c.editor.patch(`/api/portal/newsletters/${issueId}`, { editorNote: '改' })).statusCode,
    ).toBe(403);
    expect((await c.teacherA.get('/api/portal/newsletters')).statusCode).toBe(403);
  });
});

describe('showcase items', () => {
  it('holds chosen articles and photos in order, within an active window', async () => {
    const photo = await c.editor.request({
      method: 'POST',
      url: '/api/portal/media?purpose=image',
      ...multipart(
        '橱窗.png',
        await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c00' } })
          .png()
          .toBuffer(),
      ),
    });
    expect(photo.statusCode).toBe(201);
    expect(
      (await c.editor.post('/api/portal/showcase', { kind: 'photo', mediaId: photo.json().id })).statusCode,
    ).toBe(403);
    let res = await c.reviewer.post('/api/portal/showcase', { kind: 'photo' });
    expect(res.statusCode).toBe(422);
    res = await c.reviewer.post('/api/portal/showcase', {
      kind: 'photo',
      mediaId: photo.json().id,
      title: '七一合影',
      sortOrder: 2,
      startsAt: '2025-07-01T00:00:00+08:00',
      endsAt: '2025-06-01T00:00:00+08:00',
    });
    expect(res.json().error.code).toBe('INVALID_WINDOW');
    res = await c.reviewer.post('/api/portal/showcase', {
      kind: 'photo',
      mediaId: photo.json().id,
      title: '七一合影',
      sortOrder: 2,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().imageUrl).toBe(`/media/${photo.json().id}/large`);
    res = await c.reviewer.post('/api/portal/showcase', {
      kind: 'article',
      articleId: published[0],
      sortOrder: 1,
      durationSeconds: 20,
    });
    expect(res.json()).toMatchObject({ title: '园区召开庆祝建党节大会', durationSeconds: 20 });
    const articleItem = res.json().id;
    res = await c.reviewer.patch(`/api/portal/showcase/${articleItem}`, { active: false });
    expect(res.json().active).toBe(false);
    const items = (await c.editor.get('/api/portal/showcase')).json().items;
    expect(items.map((x: { kind: string }) => x.kind)).toEqual(['article', 'photo']);
    expect((await c.reviewer.delete(`/api/portal/showcase/${articleItem}`)).statusCode).toBe(204);
  });
});

describe('portal settings', () => {
  it('are validated and kept by site managers', async () => {
    let res = await c.reviewer.put('/api/portal/settings', { heroSlogan: '' });
    expect(res.statusCode).toBe(400);
    res = await c.reviewer.put('/api/portal/settings', { musicMediaId: crypto.randomUUID() });
    expect(res.statusCode).toBe(404);
    res = await c.reviewer.put('/api/portal/settings', {
      heroSlogan: '红心向党 青春奋进',
      heroText: '欢迎访问',
    });
    expect(res.json()).toMatchObject({
      heroSlogan: '红心向党 青春奋进',
      heroText: '欢迎访问',
      signoffRequired: false,
    });
    expect((await c.editor.get('/api/portal/settings')).json().heroSlogan).toBe('红心向党 青春奋进');
  });

  it("take the park's own logo for the site's header and footer, an image only", async () => {
    const upload = async (name: string, data: Buffer, purpose: string) =>
      c.reviewer.request({
        method: 'POST',
        url: `/api/portal/media?purpose=${purpose}`,
        ...multipart(name, data),
      });
    const png = await sharp({ create: { width: 96, height: 96, channels: 3, background: '#b71c1c' } })
      .png()
      .toBuffer();
    const logo = await upload('标志.png', png, 'image');
    expect(logo.statusCode, logo.body).toBe(201);
    const pdf = await upload(
      '说明.pdf',
      Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      'attachment',
    );
    expect(pdf.statusCode, pdf.body).toBe(201);
    const refused = await c.reviewer.put('/api/portal/settings', { logoMediaId: pdf.json().id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'INVALID_MEDIA', message: '网站标志必须是图片' });

    const res = await c.reviewer.put('/api/portal/settings', { logoMediaId: logo.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      logoMediaId: logo.json().id,
      logoUrl: `/media/${logo.json().id}/thumb`,
    });
    // Header and footer both show it, named like every image of the site. (The page cache hears of
    // the change through the database's notification: on PostgreSQL a moment later, hence the poll.)
    const logos = async () =>
      [
        ...(await t.app.inject({ url: '/' })).body.matchAll(
          /<span class="emblem emblem-logo"><img src="([^"]+)" alt="测试园区标志"/g,
        ),
      ].map((m) => m[1]);
    await expect.poll(logos).toEqual([`/media/${logo.json().id}/thumb`, `/media/${logo.json().id}/thumb`]);

    expect((await c.reviewer.put('/api/portal/settings', { logoMediaId: null })).json().logoUrl).toBeNull();
    await expect.poll(logos).toEqual([]);
  });
});

describe('view statistics', () => {
  it('reports views per day and per column', async () => {
    const today = todayInShanghai();
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await queryRows(
      t.database.db,
      sql`insert into portal_daily_views (park_id, kind, subject_id, day, views) values
          (${park.parkId}, 'article', ${published[0]}, ${yesterday}, 5),
          (${park.parkId}, 'article', ${published[0]}, ${today}, 3),
          (${park.parkId}, 'article', ${published[1]}, ${today}, 1),
          (${park.parkId}, 'column', ${col.news}, ${today}, 7)`,
    );
    let res = await c.editor.get(
      `/api/portal/stats/views?articleId=${published[0]}&from=${yesterday}&to=${today}`,
    );
    expect(res.json()).toEqual({
      from: yesterday,
      to: today,
      series: [
        { day: yesterday, views: 5 },
        { day: today, views: 3 },
      ],
      total: 8,
    });
    res = await c.editor.get(`/api/portal/stats/views?from=${today}&to=${today}`);
    expect(res.json().total).toBe(4);
    res = await c.editor.get(`/api/portal/stats/summary?from=${yesterday}&to=${today}`);
    expect(res.json().topArticles[0]).toMatchObject({ id: published[0], views: 8 });
    expect(res.json().columns.find((x: { id: string }) => x.id === col.news)).toMatchObject({
      pageViews: 7,
      articleViews: 9,
    });
    res = await c.editor.get(`/api/portal/stats/views?from=${today}&to=${yesterday}`);
    expect(res.statusCode).toBe(422);
    expect((await c.teacherA.get('/api/portal/stats/summary')).statusCode).toBe(403);
  });
});
