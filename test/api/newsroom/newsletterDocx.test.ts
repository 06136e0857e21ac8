import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark } from '../../support/fixtures';
import { addNewsroom, loginAll, multipart } from '../../support/newsroom';

/**
 * The newsletter's Word export as LibreOffice Writer reads it: the .docx downloaded through the
 * route is converted with `soffice --headless` to flat ODF (structure: outline levels, lists, the
 * table, embedded pictures) and to plain text (the list labels Writer draws).
 *
 * Without LibreOffice (`soffice` on PATH) the file is skipped and says so; under CI=true, where
 * .ci/run installs libreoffice-writer-nogui, a missing soffice is a failing test instead, as a
 * skipped suite is in scripts/test.mjs.
 */

const soffice = (process.env.PATH ?? '')
  .split(path.delimiter)
  .map((dir) => path.join(dir, 'soffice'))
  .find((file) => fs.existsSync(file));
const ci = process.env.CI === 'true' || process.env.CI === '1';
const run = promisify(execFile);

if (!soffice) {
  if (ci) {
    it('needs LibreOffice (soffice) under CI', () => {
      expect.fail('soffice not found on PATH: install libreoffice-writer-nogui (.ci/run does)');
    });
  } else {
    console.warn('newsletterDocx.test.ts skipped: LibreOffice (soffice) is not installed');
  }
}

// Text width of the bulletin: A4 (11906 twips) less 1531 + 1417 twips of margins, in inches.
const TEXT_WIDTH_IN = (11906 - 1531 - 1417) / 1440;

describe.skipIf(!soffice)('the newsletter .docx in LibreOffice Writer', () => {
  let t: TestApp;
  let c: Record<'editor' | 'reviewer', Client>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-docx-'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-soffice-'));
  let fodt = '';
  let txt = '';
  let largePhoto: Buffer;

  const upload = async (name: string, data: Buffer) => {
    const res = await c.editor.request({
      method: 'POST',
      url: '/api/portal/media?purpose=image',
      ...multipart(name, data),
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; urls: Record<string, string> };
  };

  /** Converts with a profile of this run's own: parallel runs would otherwise share (and lock) one. */
  const convert = async (file: string, to: string) => {
    await run(
      soffice!,
      [
        `-env:UserInstallation=file://${path.join(work, 'profile')}`,
        '--headless',
        '--convert-to',
        to,
        '--outdir',
        work,
        file,
      ],
      { timeout: 150_000 },
    );
  };

  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir });
    const park = await buildPark(t.database.db);
    await addNewsroom(t.database.db, park);
    c = await loginAll(t.app, ['editor', 'reviewer'] as const);
    const columnId = (await c.editor.get('/api/portal/columns')).json().items[0].id as string;

    // 2000 × 1000: stored as 1600 × 800 ('large'), wider than the page. A small WebP, which Word
    // cannot show. And one whose file then goes missing from the storage.
    const photo = await upload(
      '支部合影.png',
      await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#c00000' } })
        .png()
        .toBuffer(),
    );
    const badge = await upload(
      '党徽.webp',
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#ffd700' } })
        .webp()
        .toBuffer(),
    );
    const lost = await upload(
      '丢失.png',
      await sharp({ create: { width: 50, height: 50, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    const [row] = await queryRows<{ key: string }>(
      t.database.db,
      sql`select variants->'large'->>'key' as key from media_files where id = ${lost.id}`,
    );
    fs.rmSync(path.join(dataDir, 'media', row!.key));
    largePhoto = (await t.app.inject({ method: 'GET', url: photo.urls.large! })).rawPayload;

    const bodyHtml = [
      '<h2>一、主要工作</h2>',
      '<p>坚持<strong>党建引领</strong>，<em>强化</em><u>服务</u>，详见<a href="https://www.12371.cn/">共产党员网</a>。</p>',
      '<h3>（一）组织建设</h3>',
      '<ul><li><p>完善支部设置</p><ul><li><p>按专业群设支部</p></li></ul></li><li><p>落实“三会一课”</p></li></ul>',
      '<ol><li><p>召开支委会</p></li><li><p>上报学习计划</p></li></ol>',
      '<blockquote><p>不忘初心，牢记使命。</p></blockquote>',
      '<table><tbody><tr><th><p>支部</p></th><th><p>党员数</p></th><th><p>发展对象</p></th></tr>',
      '<tr><td><p>机电支部</p></td><td><p>12</p></td><td><p>3</p></td></tr>',
      '<tr><td><p>商贸支部</p></td><td><p>9</p></td><td><p>2</p></td></tr></tbody></table>',
      `<img src="${photo.urls.large}" alt="七一支部合影">`,
      `<p>党徽：<img src="${badge.urls.large}" alt="党徽"></p>`,
      `<img src="${lost.urls.large}" alt="已删除的照片">`,
      `<img src="/media/${crypto.randomUUID()}/large" alt="">`,
      '<h4>1. 下一步计划</h4>',
      '<p>持续推进。</p>',
    ].join('');
    const created = await c.editor.post('/api/portal/articles', {
      title: '园区党建工作总结',
      bodyHtml,
      author: '宣传组',
      columnIds: [columnId],
    });
    expect(created.statusCode, created.body).toBe(201);
    const articleId = created.json().id as string;
    await c.editor.post(`/api/portal/articles/${articleId}/transitions`, { action: 'submit' });
    await c.reviewer.post(`/api/portal/articles/${articleId}/transitions`, { action: 'approve' });
    const issue = await c.editor.post('/api/portal/newsletters', {
      issueDate: '2025-07-02',
      articleIds: [articleId],
    });
    expect(issue.statusCode, issue.body).toBe(201);

    const res = await c.editor.get(`/api/portal/newsletters/${issue.json().id}/export.docx`);
    expect(res.statusCode).toBe(200);
    const docx = path.join(work, 'issue.docx');
    fs.writeFileSync(docx, res.rawPayload);
    await convert(docx, 'fodt');
    await convert(docx, 'txt:Text (encoded):UTF8');
    fodt = fs.readFileSync(path.join(work, 'issue.fodt'), 'utf8');
    txt = fs.readFileSync(path.join(work, 'issue.txt'), 'utf8').replace(/^\uFEFF/, '');
  }, 300_000);

  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  const body = () => fodt.slice(fodt.indexOf('<office:body>'));
  const plain = (xml: string) =>
    xml
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .trim();
  /** The automatic style a span of `text` carries. */
  const styleOfSpan = (text: string) => {
    const name = new RegExp(`<text:span text:style-name="([^"]+)">${text}</text:span>`).exec(body())?.[1];
    expect(name, `a span around ${text}`).toBeTruthy();
    return new RegExp(`<style:style style:name="${name}"[^>]*>(.*?)</style:style>`, 's').exec(fodt)![1]!;
  };

  it('keeps the bulletin page: A4, the masthead and the issue line', () => {
    expect(fodt).toMatch(/fo:page-width="8\.268\d?in" fo:page-height="11\.69\d*in"/);
    expect(txt.split('\n').slice(0, 3)).toEqual([
      '「校园党建」简讯',
      '第 1 期',
      expect.stringMatching(/二〇二五年七月二日$/),
    ]);
  });

  it('puts the title and the subheadings in the outline at their levels', () => {
    const headings = [...body().matchAll(/<text:h [^>]*text:outline-level="(\d)"[^>]*>(.*?)<\/text:h>/g)].map(
      (m) => [Number(m[1]), plain(m[2]!)],
    );
    expect(headings).toEqual([
      [1, '园区党建工作总结'],
      [2, '一、主要工作'],
      [3, '（一）组织建设'],
      [4, '1. 下一步计划'],
    ]);
    expect(body()).toContain(
      '<text:h text:style-name="Heading_20_2" text:outline-level="2">一、主要工作</text:h>',
    );
  });

  it('makes real bulleted and numbered lists, nested', () => {
    const lines = txt.split('\n').map((l) => l.trimEnd());
    // What Writer draws in front of each item (its text export writes the labels out).
    expect(lines).toContain('    • 完善支部设置');
    expect(lines).toContain('        ◦ 按专业群设支部');
    expect(lines).toContain('    • 落实“三会一课”');
    expect(lines).toContain('    1. 召开支委会');
    expect(lines).toContain('    2. 上报学习计划');
    // In the document: a list inside the first item, bullet and decimal list styles.
    const lists = [...body().matchAll(/<text:list text:style-name="([^"]+)">/g)].map((m) => m[1]!);
    expect(lists).toHaveLength(2);
    const bulletStyle = new RegExp(
      `<text:list-style style:name="${lists[0]}">(.*?)</text:list-style>`,
      's',
    ).exec(fodt)![1]!;
    expect(bulletStyle).toMatch(/<text:list-level-style-bullet text:level="1"[^>]*text:bullet-char="●"/);
    expect(bulletStyle).toMatch(/<text:list-level-style-bullet text:level="2"[^>]*text:bullet-char="○"/);
    const numberStyle = new RegExp(
      `<text:list-style style:name="${lists[1]}">(.*?)</text:list-style>`,
      's',
    ).exec(fodt)![1]!;
    expect(numberStyle).toMatch(
      /<text:list-level-style-number text:level="1"[^>]*style:num-suffix="\." style:num-format="1"/,
    );
    expect(body()).toMatch(
      /<text:list-item[^>]*>\s*<text:p[^>]*>完善支部设置<\/text:p>\s*<text:list>\s*<text:list-item>\s*<text:p[^>]*>按专业群设支部<\/text:p>/,
    );
  });

  it('carries bold, italic, underline, the link and the block quote', () => {
    expect(styleOfSpan('党建引领')).toContain('fo:font-weight="bold"');
    expect(styleOfSpan('强化')).toContain('fo:font-style="italic"');
    expect(styleOfSpan('服务')).toContain('style:text-underline-style="solid"');
    expect(body()).toMatch(
      /<text:a xlink:type="simple" xlink:href="https:\/\/www\.12371\.cn\/"[^>]*>.*?共产党员网.*?<\/text:a>/,
    );
    expect(body()).toContain('<text:p text:style-name="简讯引文">不忘初心，牢记使命。</text:p>');
  });

  it('makes the table a bordered grid with a header row, as wide as the text', () => {
    const table = /<table:table [^>]*table:style-name="([^"]+)"[^>]*>(.*?)<\/table:table>/s.exec(body())!;
    const cells = (xml: string) =>
      [...xml.matchAll(/<table:table-row[^>]*>(.*?)<\/table:table-row>/gs)].map((r) =>
        [...r[1]!.matchAll(/<table:table-cell[^>]*>(.*?)<\/table:table-cell>/gs)].map((c) => plain(c[1]!)),
      );
    const header = /<table:table-header-rows>(.*?)<\/table:table-header-rows>/s.exec(table[2]!)![1]!;
    expect(cells(header)).toEqual([['支部', '党员数', '发展对象']]);
    expect(cells(table[2]!)).toEqual([
      ['支部', '党员数', '发展对象'],
      ['机电支部', '12', '3'],
      ['商贸支部', '9', '2'],
    ]);
    const width = new RegExp(
      `<style:style style:name="${table[1]}" style:family="table">\\s*<style:table-properties style:width="([\\d.]+)in"`,
    ).exec(fodt)![1]!;
    expect(Number(width)).toBeCloseTo(TEXT_WIDTH_IN, 2);
    const cellStyles = [...table[2]!.matchAll(/<table:table-cell table:style-name="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    for (const name of new Set(cellStyles)) {
      expect(
        new RegExp(`<style:style style:name="${name}" style:family="table-cell">.*?</style:style>`, 's').exec(
          fodt,
        )![0],
      ).toContain('fo:border="0.5pt solid #000000"');
    }
  });

  it('embeds the pictures from storage, fitted to the text width, with their descriptions', async () => {
    const frames = [
      ...body().matchAll(
        /<draw:frame [^>]*svg:width="([\d.]+)in" svg:height="([\d.]+)in"[^>]*>(.*?)<\/draw:frame>/gs,
      ),
    ];
    expect(frames.map((f) => /<svg:desc>(.*?)<\/svg:desc>/.exec(f[3]!)?.[1])).toEqual([
      '七一支部合影',
      '党徽',
    ]);
    const [photo, badge] = frames.map((f) => ({
      width: Number(f[1]),
      height: Number(f[2]),
      data: Buffer.from(
        /<office:binary-data>(.*?)<\/office:binary-data>/s.exec(f[3]!)![1]!.replace(/\s+/g, ''),
        'base64',
      ),
    }));
    // 1600 × 800 is wider than the page: scaled down to the text width, proportions kept.
    expect(photo!.width).toBeLessThanOrEqual(TEXT_WIDTH_IN);
    expect(photo!.width).toBeGreaterThan(TEXT_WIDTH_IN - 0.05);
    expect(photo!.height / photo!.width).toBeCloseTo(0.5, 2);
    // The very bytes the site serves for that picture.
    expect(photo!.data.equals(largePhoto)).toBe(true);
    // 300 × 200 fits: its own size (96 pixels to the inch), the WebP re-encoded as PNG.
    expect(badge!.width).toBeCloseTo(300 / 96, 2);
    expect(badge!.height).toBeCloseTo(200 / 96, 2);
    expect(await sharp(badge!.data).metadata()).toMatchObject({ format: 'png', width: 300, height: 200 });
  });

  it('prints a placeholder for a picture that is missing, and the rest of the article', () => {
    const lines = txt.split('\n').map((l) => l.trim());
    expect(lines).toContain('〔图片未能载入：已删除的照片〕');
    expect(lines).toContain('〔图片未能载入〕');
    expect(lines.indexOf('持续推进。')).toBeGreaterThan(lines.indexOf('〔图片未能载入〕'));
  });
});
