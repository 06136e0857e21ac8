import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTypeFromBuffer } from 'file-type';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createLocalStorage, localStorageRoot } from '../../../src/server/platform/storage';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from '../../../scripts/lib/seedDemo';
import { asClient, createTestApp, type TestApp } from '../../support/app';

// The demo park's portal (scripts/lib/demoPortal.ts), seeded at a small scale with a pinned day and
// the server's own file storage, read back through the public site and the console.
const TODAY = '2026-11-20';
const LIST_COLUMNS = [
  'news',
  'members',
  'unions',
  'current-affairs',
  'party-school',
  'notices',
  'pioneers',
  'theory',
  'red-education',
  'regulations',
];

describe('seed:demo, the portal', () => {
  let t: TestApp;
  let dataDir: string;
  let summary: SeedSummary;
  const lines: string[] = [];
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-seed-portal-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    const storage = createLocalStorage(localStorageRoot(dataDir));
    summary = await seedDemo(t.database.db, t.cipher, {
      scale: 0.05,
      today: TODAY,
      storage: () => storage,
      log: (m) => lines.push(m),
    });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const articleCount = (html: string) => html.split('class="article-list-text"').length - 1;
  const firstArticleLink = (html: string, title: string) => {
    const i = html.indexOf(title);
    const m = /href="(\/article\/[0-9a-f-]{36})"/g;
    let last: string | null = null;
    for (const hit of html.slice(0, i).matchAll(m)) last = hit[1]!;
    return last;
  };

  it('reports what it wrote', () => {
    expect(summary.story).toMatchObject({
      'portal.images': 14,
      'portal.attachments': 9,
      'portal.newsletters': 7,
      'portal.slides': 8,
      'portal.music': 1,
    });
    expect(lines.some((l) => l.startsWith('[portal] 文章'))).toBe(true);
  });

  it('lists at least eight articles on every article-list column page', async () => {
    for (const slug of LIST_COLUMNS) {
      const res = await get(`/column/${slug}`);
      expect(res.statusCode, slug).toBe(200);
      expect(articleCount(res.body), slug).toBeGreaterThanOrEqual(8);
    }
  });

  it('fills the single page and the downloads with the real school names and files', async () => {
    const about = await get('/column/about');
    expect(about.body).toContain('由青溪职业技术学校、青溪中等专业学校和青溪职业高级中学三所学校组成');
    const downloads = await get('/column/downloads');
    expect(downloads.body).toContain('入党申请书（范本）.docx');
    expect(downloads.body).toContain('党员先锋岗创建评选方案.docx');
    expect(downloads.body).toContain('德育导师工作手册（样式）.docx');
    // Eight downloadable files or more, like every other column's eight articles.
    expect([...downloads.body.matchAll(/class="download-name"/g)].length).toBeGreaterThanOrEqual(8);
    const href = /class="download-name" href="([^"]+)"/.exec(downloads.body)![1]!;
    const file = await get(href.replace(/&amp;/g, '&'));
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    expect(file.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it("writes about the park's own people, with every placeholder filled", async () => {
    const [left] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from portal_articles
          where title ~ '[{][a-zA-Z]+[0-9]?[}]' or summary ~ '[{][a-zA-Z]+[0-9]?[}]' or body_html ~ '[{][a-zA-Z]+[0-9]?[}]'`,
    );
    expect(left!.n).toBe(0);
    // The mentor of the story is the demo's mentor account.
    const mentor = summary.accounts.find((a) => a.username === 'mentor')!.personName!;
    const pioneers = await get('/column/pioneers');
    expect(pioneers.body).toContain(`德育导师${mentor}：“零距离”关爱后进学生`);
  });

  it('dates the published articles over the year before today, none after it', async () => {
    const rows = await queryRows<{ first: string; last: string; n: number }>(
      t.database.db,
      sql`select min((published_at at time zone 'Asia/Shanghai')::date)::text as first,
                 max((published_at at time zone 'Asia/Shanghai')::date)::text as last, count(*)::int as n
          from portal_articles where status = 'published'`,
    );
    expect(rows[0]!.first >= '2025-11-20').toBe(true);
    expect(rows[0]!.last <= '2026-11-19').toBe(true);
    // Every month of the year has something.
    const months = await queryRows<{ m: string }>(
      t.database.db,
      sql`select distinct to_char(published_at at time zone 'Asia/Shanghai', 'YYYY-MM') as m
          from portal_articles where status = 'published'`,
    );
    expect(months.length).toBeGreaterThanOrEqual(12);
    const [scheduled] = await queryRows<{ day: string }>(
      t.database.db,
      sql`select (publish_at at time zone 'Asia/Shanghai')::date::text as day from portal_articles where status = 'scheduled'`,
    );
    expect(scheduled!.day).toBe('2026-11-22');
  });

  it('finds a seeded event by a word of its body', async () => {
    const quiz = await get(`/search?q=${encodeURIComponent('抢答器')}`);
    expect(quiz.statusCode).toBe(200);
    // The hit's title is highlighted word by word; its start is plain text.
    expect(quiz.body).toContain('>业余党校举行“了解改革开放，知晓党史国情”知识');
    const donation = await get(`/search?q=${encodeURIComponent('零花钱')}`);
    expect(donation.body).toContain('园区师生为地震灾区捐献爱心款');
  });

  it('publishes newsletter issues with several articles each', async () => {
    const list = await get('/newsletter');
    expect(list.statusCode).toBe(200);
    const ids = [...list.body.matchAll(/href="\/newsletter\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBeGreaterThanOrEqual(6);
    const issue = await get(`/newsletter/${ids[0]}`);
    expect(issue.statusCode).toBe(200);
    expect(issue.body.split('class="bulletin-article"').length - 1).toBeGreaterThanOrEqual(2);
  });

  it('shows slides on the display window, each with a picture', async () => {
    const page = await get('/showcase');
    expect(page.statusCode).toBe(200);
    const slides = (await get('/showcase/slides.json')).json() as {
      slides?: { title: string; imageUrl: string | null }[];
    };
    const list = slides.slides ?? (slides as unknown as { title: string; imageUrl: string | null }[]);
    expect(list.length).toBeGreaterThanOrEqual(6);
    expect(list.map((s) => s.title)).toContain('业余党校举行“了解改革开放，知晓党史国情”知识抢答赛');
    for (const s of list) expect(s.imageUrl).toMatch(/^\/media\/[0-9a-f-]{36}\/large$/);
  });

  it('serves the pictures of an article page, each with alt text', async () => {
    const column = await get('/column/party-school');
    const href = firstArticleLink(column.body, '知识抢答赛');
    expect(href).not.toBeNull();
    const page = await get(href!);
    expect(page.statusCode).toBe(200);
    const imgs = [...page.body.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    const inArticle = imgs.filter((i) => i.includes('/media/'));
    expect(inArticle.length).toBeGreaterThanOrEqual(2); // the cover and the figure in the body
    for (const img of inArticle) expect(img).toMatch(/alt="[^"]{4,}"/);
    expect(page.body).toContain(
      'alt="红色横幅：了解改革开放 知晓党史国情知识抢答赛，右侧是写着“答”字的金色圆环"',
    );
    expect(page.body).toContain('<figcaption>“了解改革开放，知晓党史国情”知识抢答赛主题图</figcaption>');
    const src = /src="(\/media\/[^"]+)"/.exec(inArticle[0]!)![1]!;
    const picture = await get(src);
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/png');
    expect(picture.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('plays the placeholder theme tune, in a format the upload path accepts', async () => {
    const home = await get('/');
    expect(home.body).toContain('主题曲（占位旋律）');
    const url = /data-src="(\/media\/[^"]+\/original)"/.exec(home.body)![1]!;
    const tune = await get(url);
    expect(tune.statusCode).toBe(200);
    expect(tune.headers['content-type']).toBe('audio/ogg');
    expect(await fileTypeFromBuffer(tune.rawPayload)).toEqual({ ext: 'oga', mime: 'audio/ogg' });
    expect(tune.rawPayload.length).toBeGreaterThan(100_000);
  });

  it("leaves the park administrator's setup checklist complete, the park's emblem in the header", async () => {
    const admin = await asClient(t.app).login('parkadmin', DEMO_PASSWORD);
    const { setup } = (await admin.get('/api/workbench')).json();
    expect(setup.steps.filter((s: { done: boolean }) => !s.done)).toEqual([]);
    expect(setup.complete).toBe(true);
    const home = await get('/');
    const logo = /<span class="emblem emblem-logo"><img src="([^"]+)"/.exec(home.body)![1]!;
    const png = await get(logo);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('gives the editor drafts and the reviewer a queue in the console', async () => {
    const editor = await asClient(t.app).login('editor', DEMO_PASSWORD);
    const drafts = (await editor.get('/api/portal/articles?queue=mine&status=draft')).json();
    expect(drafts.total).toBe(3);
    const returned = (await editor.get('/api/portal/articles?status=returned')).json();
    expect(returned.total).toBe(1);
    expect(returned.items[0].title).toBe('德育导师假期家访活动启动');
    const reviewer = await asClient(t.app).login('reviewer', DEMO_PASSWORD);
    const queue = (await reviewer.get('/api/portal/articles?queue=review')).json();
    expect(queue.total).toBe(2);
    expect((await reviewer.get('/api/portal/articles?queue=scheduled')).json().total).toBe(1);
    const inbox = (await reviewer.get('/api/notifications')).json();
    expect(inbox.items.filter((n: { title: string }) => n.title.startsWith('待审核：')).length).toBe(2);
  });

  it('records who wrote and who approved each published article, as the workflow does', async () => {
    const editor = await asClient(t.app).login('editor', DEMO_PASSWORD);
    const list = (await editor.get('/api/portal/articles?status=published&pageSize=5')).json();
    expect(list.total).toBeGreaterThanOrEqual(80);
    const editorName = summary.accounts.find((a) => a.username === 'editor')!.personName;
    const reviewerName = summary.accounts.find((a) => a.username === 'reviewer')!.personName;
    for (const item of list.items as { id: string }[]) {
      const a = (await editor.get(`/api/portal/articles/${item.id}`)).json();
      expect(a.createdByName).toBe(editorName);
      expect(a.approvedByName).toBe(reviewerName);
      expect(a.revisionCount).toBeGreaterThanOrEqual(1);
      expect(a.events.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining(['submit', 'approve']),
      );
    }
    const [views] = await queryRows<{ n: number; zero: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(*) filter (where v.views <= 0)::int as zero
          from portal_articles a join portal_article_views v on v.article_id = a.id where a.status = 'published'`,
    );
    expect(views!.n).toBe(list.total);
    expect(views!.zero).toBe(0);
  });
});
