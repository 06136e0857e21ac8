import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { addNewsroom, multipart } from '../../support/newsroom';

/**
 * "No 500, ever, from input" (docs/architecture.md, HTTP: errors): a NUL or another control
 * character in any text, an impossible date, a broken multipart body, a URL that does not decode —
 * each is refused with a 4xx in the project's format, { error: { code, message } } in Chinese.
 * The fuzz suite (test/fuzz/openapi.test.ts) keeps this so for every route; here are the cases
 * found by hand, one by one.
 */

let t: TestApp;
let park: Park;
let admin: Client;
/** A park admin who also edits and reviews the portal. */
let chief: Client;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await asClient(t.app).login('admin', PASSWORD);
  await addNewsroom(t.database.db, park);
  chief = await asClient(t.app).login('chief', PASSWORD);
});
afterAll(async () => t?.close());

const CHINESE = /[\u3400-\u9fff]/;
function expectRefused(res: LightMyRequestResponse, status: number, code: string) {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(CHINESE);
  return body.error;
}

describe('control characters never reach the database', () => {
  const NUL = 'a\u0000b';

  it('refuses a NUL in an org node name', async () => {
    const res = await admin.post('/api/org/nodes', {
      parentId: park.nodes.schoolA!.id,
      kind: 'department',
      name: `教务${NUL}`,
    });
    const err = expectRefused(res, 400, 'VALIDATION_FAILED');
    expect(err.fields?.name).toMatch(/控制字符/);
  });

  it('refuses a NUL in an account display name and in a search', async () => {
    const accounts = (await admin.get('/api/accounts')).json() as {
      items: { id: string; username: string }[];
    };
    const other = accounts.items.find((a) => a.username === 'teacherB')!;
    const res = await admin.patch(`/api/accounts/${other.id}`, { displayName: NUL });
    expect(expectRefused(res, 400, 'VALIDATION_FAILED').fields?.displayName).toMatch(/控制字符/);
    expectRefused(await admin.get('/api/accounts?q=%00'), 400, 'VALIDATION_FAILED');
    expectRefused(await admin.get('/api/people?q=%E5%BC%A0%00'), 400, 'VALIDATION_FAILED');
  });

  it('refuses a NUL in a person, the guardian included', async () => {
    const id = park.persons.studentA1!;
    for (const field of ['name', 'number', 'guardianName', 'phone']) {
      const res = await admin.patch(`/api/people/${id}`, { [field]: NUL });
      expect(expectRefused(res, 400, 'VALIDATION_FAILED').fields?.[field], field).toBeDefined();
    }
  });

  it('refuses a NUL in an article (title, body HTML, tags), a newsletter and the portal settings', async () => {
    for (const body of [
      { title: NUL },
      { title: '标题', bodyHtml: `<p>${NUL}</p>` },
      { title: '标题', tags: [NUL] },
    ]) {
      expectRefused(await chief.post('/api/portal/articles', body), 400, 'VALIDATION_FAILED');
    }
    expectRefused(
      await chief.post('/api/portal/newsletters', {
        issueDate: '2026-03-01',
        editorNote: NUL,
        articleIds: [],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expectRefused(await chief.put('/api/portal/settings', { siteTitle: NUL }), 400, 'VALIDATION_FAILED');
    expectRefused(
      await chief.put('/api/portal/settings', { footerText: '\u001b[31m' }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a NUL in a path parameter', async () => {
    expectRefused(await admin.get('/api/activities/checkin/%00'), 400, 'VALIDATION_FAILED');
  });

  it('keeps tabs and line breaks in multi-line text', async () => {
    const res = await chief.post('/api/portal/articles', {
      title: '多行',
      summary: '第一行\n第二行\t缩进\r\n第三行',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().summary).toBe('第一行\n第二行\t缩进\r\n第三行');
  });
});

describe('impossible dates are refused by the contract', () => {
  it.each(['2026-02-30', '2026-13-01', '0000-00-00', '2026-2-1'])('portal statistics from=%s', async (d) => {
    expectRefused(await chief.get(`/api/portal/stats/views?from=${d}`), 400, 'VALIDATION_FAILED');
    expectRefused(await chief.get(`/api/portal/stats/summary?to=${d}`), 400, 'VALIDATION_FAILED');
  });

  it.each(['2026-02-30', '2026-13-01', '0000-00-00'])('newsletter issueDate %s', async (d) => {
    const res = await chief.post('/api/portal/newsletters', { issueDate: d, articleIds: [] });
    expect(expectRefused(res, 400, 'VALIDATION_FAILED').fields?.issueDate).toBe('日期格式应为 YYYY-MM-DD');
  });

  it('refuses dues month 0000-01', async () => {
    expectRefused(await admin.post('/api/dues/compute', { month: '0000-01' }), 400, 'VALIDATION_FAILED');
    expectRefused(await admin.get('/api/dues/months?month=0000-01'), 400, 'VALIDATION_FAILED');
  });

  it('refuses an instant on a day that does not exist, or in year 0', async () => {
    for (const publishAt of ['2026-02-30T10:00:00+08:00', '0000-01-01T00:00:00Z']) {
      const res = await chief.post('/api/portal/articles', { title: '定时', publishAt });
      expect(expectRefused(res, 400, 'VALIDATION_FAILED').fields?.publishAt, publishAt).toBeDefined();
    }
    const res = await admin.post('/api/activities', {
      kind: 'themedPartyDay',
      title: '主题党日',
      organiserId: park.nodes.branchA!.id,
      startsAt: '2026-02-30T09:00:00+08:00',
      endsAt: '2026-03-01T11:00:00+08:00',
    });
    expect(expectRefused(res, 400, 'VALIDATION_FAILED').fields?.startsAt).toBeDefined();
  });
});

describe('uploads: one reader, one set of codes', () => {
  const broken = [
    ['boundary=x with garbage', 'multipart/form-data; boundary=x', Buffer.from('garbage')],
    ['no boundary', 'multipart/form-data', Buffer.from('garbage')],
    [
      'no closing boundary',
      'multipart/form-data; boundary=zz',
      Buffer.from('--zz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG'),
    ],
  ] as const;

  it.each(broken)(
    'refuses a broken multipart body (%s) on every upload route',
    async (_name, type, payload) => {
      for (const url of ['/api/portal/media?purpose=image', '/api/imports/student']) {
        const res = await chief.request({ method: 'POST', url, headers: { 'content-type': type }, payload });
        expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(500);
        expect(['INVALID_UPLOAD', 'FILE_REQUIRED', 'UNSUPPORTED_MEDIA_TYPE']).toContain(
          res.json().error.code,
        );
        expect(res.json().error.message).toMatch(CHINESE);
      }
    },
  );

  it('answers 413 PAYLOAD_TOO_LARGE on the media route, with the purpose limit', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0xff);
    const m = multipart('big.jpg', big, 'image/jpeg');
    const res = await chief.request({ method: 'POST', url: '/api/portal/media?purpose=image', ...m });
    expect(expectRefused(res, 413, 'PAYLOAD_TOO_LARGE').message).toMatch(/图片不能超过 10 MB/);
  });

  it('answers 413 PAYLOAD_TOO_LARGE on imports, with its hint to split the file', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x41);
    const m = multipart('big.csv', big, 'text/csv');
    const res = await admin.request({ method: 'POST', url: '/api/imports/student', ...m });
    expect(expectRefused(res, 413, 'PAYLOAD_TOO_LARGE').message).toMatch(/请拆分后分批导入/);
  });

  it('requires the file field', async () => {
    const body = '--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--b--\r\n';
    const res = await chief.request({
      method: 'POST',
      url: '/api/portal/media?purpose=image',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      payload: body,
    });
    expectRefused(res, 400, 'FILE_REQUIRED');
  });
});

describe('framework errors answer in the project format', () => {
  it('a URL that does not decode', async () => {
    expectRefused(await admin.get('/api/people/%ff%fe'), 400, 'BAD_URL');
  });

  it('a path parameter over the length limit', async () => {
    expectRefused(await admin.get(`/api/people/${'a'.repeat(300)}`), 414, 'URI_TOO_LONG');
  });

  it('a body that is not JSON, an empty JSON body, a content type nobody parses', async () => {
    const post = (type: string, payload: string) =>
      admin.request({ method: 'POST', url: '/api/org/nodes', headers: { 'content-type': type }, payload });
    expectRefused(await post('application/json', '{"name":'), 400, 'INVALID_JSON');
    expectRefused(await post('application/json', ''), 400, 'INVALID_JSON');
    expectRefused(await post('application/json', '{"__proto__":{"x":1}}'), 400, 'INVALID_JSON');
    expectRefused(await post('application/xml', '<a/>'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // text/plain is parsed (as a string), and the contract refuses it.
    expectRefused(await post('text/plain', 'hello'), 400, 'VALIDATION_FAILED');
  });

  it('a path number past what the database holds (a revision number over 2^31)', async () => {
    const url = `/api/portal/articles/${crypto.randomUUID()}/revisions/2147483648/restore`;
    expectRefused(await chief.post(url, {}), 400, 'VALIDATION_FAILED');
  });

  it('an unknown API route', async () => {
    expectRefused(await admin.get('/api/no-such-thing'), 404, 'NOT_FOUND');
  });

  it("what Node's HTTP parser refuses before Fastify sees it: a URL over 16 KB, a broken request line", async () => {
    // Only a real socket goes through the parser (inject does not).
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (d) => (answer += d.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });
    for (const [request, status, code] of [
      [`GET /api/people?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'HEADERS_TOO_LARGE'],
      ['NOT A REQUEST\r\n\r\n', 400, 'BAD_REQUEST'],
    ] as const) {
      const answer = await raw(request);
      const [head, body] = answer.split('\r\n\r\n');
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      const parsed = JSON.parse(body!) as { error: { code: string; message: string } };
      expect(parsed.error.code).toBe(code);
      expect(parsed.error.message).toMatch(CHINESE);
    }
  });
});
