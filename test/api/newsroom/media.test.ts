import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Document, Packer, Paragraph } from 'docx';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, type Park } from '../../support/fixtures';
import { addNewsroom, loginAll, multipart } from '../../support/newsroom';

let t: TestApp;
let park: Park;
let c: Record<'editor' | 'teacherA', Client>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpb-media-'));

beforeAll(async () => {
  t = await createTestApp({ DATA_DIR: dataDir });
  park = await buildPark(t.database.db);
  await addNewsroom(t.database.db, park);
  c = await loginAll(t.app, ['editor', 'teacherA'] as const);
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = (client: Client, purpose: string, name: string, data: Buffer, type?: string) =>
  client.request({
    method: 'POST',
    url: `/api/portal/media?purpose=${purpose}`,
    ...multipart(name, data, type),
  });

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}
async function mediaRows() {
  const [r] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from media_files`);
  return Number(r!.n);
}
const snapshot = async () => ({
  rows: await mediaRows(),
  files: filesUnder(path.join(dataDir, 'media')).length,
  tmp: filesUnder(path.join(dataDir, 'tmp')).length,
});

const jpegWithGps = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#b71c1c' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Copyright: 'secret' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 4, background: '#ffd700' } })
    .png()
    .toBuffer();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const MP3 = Buffer.concat(
  Array.from({ length: 20 }, () => Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)])),
);

describe('uploads that are accepted', () => {
  it('re-encodes a photo into web sizes, applies orientation and strips EXIF/GPS', async () => {
    const res = await upload(c.editor, 'image', 'IMG_0001.JPG', await jpegWithGps(), 'image/jpeg');
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json();
    expect(m).toMatchObject({
      purpose: 'image',
      mime: 'image/jpeg',
      ext: 'jpg',
      originalName: 'IMG_0001.JPG',
    });
    // Orientation 6 turns the 3000×2000 picture upright (2000×3000), then it fits 2560.
    expect([m.width, m.height]).toEqual([1707, 2560]);
    expect(Object.keys(m.urls).sort()).toEqual(['large', 'medium', 'original', 'thumb']);
    for (const [variant, max] of [
      ['original', 2560],
      ['large', 1600],
      ['medium', 800],
      ['thumb', 320],
    ] as const) {
      const got = await t.app.inject({ method: 'GET', url: m.urls[variant] });
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/jpeg');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(got.headers['content-disposition']).toMatch(/^inline; /);
      const meta = await sharp(got.rawPayload).metadata();
      expect(Math.max(meta.width!, meta.height!)).toBe(max);
      expect(meta.height! > meta.width!).toBe(true);
      expect(meta.exif).toBeUndefined();
      expect(got.rawPayload.includes(Buffer.from('TestCam'))).toBe(false);
    }
    // Stored under generated names, never the user's.
    expect(filesUnder(path.join(dataDir, 'media')).some((f) => f.includes('IMG_0001'))).toBe(false);
  });

  it('keeps a small image at its size and reuses one file for every variant', async () => {
    const res = await upload(c.editor, 'image', 'logo.png', await png());
    expect(res.statusCode).toBe(201);
    expect([res.json().width, res.json().height]).toEqual([40, 30]);
    const thumb = await t.app.inject({ method: 'GET', url: res.json().urls.thumb });
    expect(thumb.headers['content-type']).toBe('image/png');
  });

  it('serves documents as downloads with the Chinese file name (RFC 5987)', async () => {
    const res = await upload(c.editor, 'attachment', '党建工作计划（2025）.pdf', PDF, 'application/pdf');
    expect(res.statusCode).toBe(201);
    const got = await t.app.inject({ method: 'GET', url: res.json().url });
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="_______2025_.pdf"; filename*=UTF-8''${encodeURIComponent('党建工作计划（2025）.pdf')}`,
    );
    expect(got.rawPayload.equals(PDF)).toBe(true);
  });

  it('accepts Office documents detected from their content', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('通知')] }] }));
    const res = await upload(c.editor, 'attachment', '通知.docx', docx);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  it('serves audio with byte ranges for seeking', async () => {
    const res = await upload(c.editor, 'audio', '走进新时代.mp3', MP3);
    expect(res.statusCode, res.body).toBe(201);
    const url = res.json().url;
    const part = await t.app.inject({ method: 'GET', url, headers: { range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${MP3.length}`);
    expect(part.rawPayload.length).toBe(100);
    const bad = await t.app.inject({ method: 'GET', url, headers: { range: `bytes=${MP3.length + 5}-` } });
    expect(bad.statusCode).toBe(416);
    const list = (await c.editor.get('/api/portal/media?purpose=audio')).json();
    expect(list.items.map((x: { originalName: string }) => x.originalName)).toContain('走进新时代.mp3');
  });
});

describe('uploads that are refused leave nothing behind', () => {
  const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024, 7)]);
  const cases: [string, string, string, () => Promise<Buffer> | Buffer, number, string, RegExp][] = [
    ['a PDF as an image', 'image', 'photo.pdf', () => PDF, 415, 'UNSUPPORTED_MEDIA_TYPE', /图片只接受/],
    [
      'a forged extension',
      'attachment',
      '报告.pdf',
      png,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /内容是PNG 图片，扩展名却是 \.pdf/,
    ],
    [
      'an SVG',
      'image',
      'logo.svg',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /SVG/,
    ],
    [
      'an SVG renamed .png',
      'image',
      'logo.png',
      () => Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /SVG/,
    ],
    [
      'an HTML page',
      'attachment',
      'page.doc',
      () => Buffer.from('<!doctype html><script>x</script>'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /SVG/,
    ],
    [
      'a program named .doc',
      'attachment',
      'setup.doc',
      () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(600)]),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /不支持的文件类型/,
    ],
    [
      'a broken JPEG',
      'image',
      'broken.jpg',
      () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 1)]),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /损坏/,
    ],
    [
      'an empty file',
      'attachment',
      'empty.pdf',
      () => Buffer.alloc(0),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      /为空/,
    ],
    ['an image over 10 MB', 'image', 'huge.jpg', () => big, 413, 'PAYLOAD_TOO_LARGE', /图片不能超过 10 MB/],
    [
      'an image attachment over 10 MB',
      'attachment',
      'huge.jpg',
      () => big,
      413,
      'PAYLOAD_TOO_LARGE',
      /JPG 图片不能超过 10 MB/,
    ],
  ];

  it.each(cases)('refuses %s', async (_what, purpose, name, data, status, code, message) => {
    const before = await snapshot();
    const res = await upload(c.editor, purpose, name, await data());
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(res.json().error.message).toMatch(message);
    expect(await snapshot()).toEqual({ ...before, tmp: 0 });
  });

  it('refuses the wrong people and the wrong requests', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/portal/media?purpose=image',
      ...multipart('a.png', await png()),
    });
    expect(anon.statusCode).toBe(401);
    expect((await upload(c.teacherA, 'image', 'a.png', await png())).statusCode).toBe(403);
    expect((await upload(c.editor, 'script', 'a.png', await png())).statusCode).toBe(400);
    const json = await c.editor.post('/api/portal/media?purpose=image', { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('lets those who run organisational life upload photos and attachments, nothing else', async () => {
    // secretaryA runs a branch: activity photos, symposium photos, meeting minutes.
    const secretary = (await loginAll(t.app, ['secretaryA'] as const)).secretaryA;
    expect((await upload(secretary, 'image', '座谈会.png', await png())).statusCode).toBe(201);
    expect((await upload(secretary, 'attachment', '会议记录.pdf', PDF, 'application/pdf')).statusCode).toBe(
      201,
    );
    expect((await upload(secretary, 'audio', 'music.mp3', MP3, 'audio/mpeg')).statusCode).toBe(403);
  });

  it('answers unknown media with 404', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: `/media/${crypto.randomUUID()}/original` })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/media/..%2F..%2Fetc/passwd' })).statusCode).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/media/${crypto.randomUUID()}/../../x` })).statusCode,
    ).toBe(404);
  });
});
