import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asClient, createTestApp, type TestApp } from '../../support/app';
import { buildPark, PASSWORD } from '../../support/fixtures';

/**
 * Pages outside the site's chrome still go through its document shell (site/render/document.ts):
 * the site's head, its stylesheet and script as versioned files, no inline script or style
 * element, everything interpolated escaped. The activity check-in page, and the pages a new
 * installation shows before its park exists.
 */

const MALICIOUS = `<script>alert("x")</script>"'&`;

function expectShell(html: string) {
  expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toMatch(/<link rel="stylesheet" href="\/static\/portal\.css\?v=[0-9a-f]+">/);
  expect(html).toContain('<meta name="robots" content="noindex">');
  expect(html).not.toMatch(/<style\b/);
  expect(html).not.toMatch(/\sstyle="/);
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts).toEqual([
    // The reading mode's few lines run before the first paint; everything else is deferred.
    expect.stringMatching(/^<script src="\/static\/reading\.js\?v=[0-9a-f]+">$/),
    expect.stringMatching(/^<script src="\/static\/portal\.js\?v=[0-9a-f]+" defer>$/),
  ]);
}

describe('the check-in page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('renders through the site shell, escaping what it shows', async () => {
    const park = await buildPark(t.database.db);
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    const teacher = await asClient(t.app).login('teacherA', PASSWORD);
    const created = await secretary.post('/api/activities', {
      kind: 'themedDay',
      title: MALICIOUS,
      theme: MALICIOUS,
      organiserId: park.nodes.branchA!.id,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      place: MALICIOUS,
      isOpen: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = (await secretary.post(`/api/activities/${created.json().id}/checkin-token`, {})).json()
      .token as string;

    const page = await teacher.get(`/checkin/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expectShell(page.body);
    expect(page.body).toContain('<title>活动签到 - 校园党建</title>');
    expect(page.body).toContain('<header class="plain-band">校园党建 · 活动签到</header>');
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toContain('<dd>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&quot;&#39;&amp;</dd>');
    expect(page.body).toMatch(
      new RegExp(
        `<form method="post" action="/checkin/${token}"><input type="hidden" name="csrf" value="[^"]+">`,
      ),
    );

    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const done = await teacher.request({
      method: 'POST',
      url: `/checkin/${token}`,
      payload: `csrf=${encodeURIComponent(csrf)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.statusCode).toBe(200);
    expectShell(done.body);
    expect(done.body).toContain('<div class="plain-card plain-ok"><h1>✓ 签到成功</h1>');
  });
});

describe('a new installation before its park exists', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('says the site is not set up yet, and answers unknown pages with a plain 404', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expectShell(home.body);
    expect(home.body).toContain('网站尚未完成初始化。');

    const missing = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expectShell(missing.body);
    expect(missing.body).toContain('<h1>页面不存在</h1>');
    expect(missing.body).toContain('<a href="/">返回首页</a>');
  });
});
