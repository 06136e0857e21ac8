import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, loginAs, type TestBrowser } from './support/browser';
import { startServer, type TestServer } from './support/server';

/**
 * Dates and times in the console are the park's (Asia/Shanghai) whatever zone the browser is set
 * to: the same activity, opened by a browser in UTC and by one in China, shows the same start time
 * in its edit form and in the calendar (a browser in UTC once showed 14:00 as 06:00 there).
 */
/** The Asia/Shanghai wall time of an instant, 'YYYY-MM-DD HH:mm', by the tz database. */
function inShanghai(iso: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe('times in the park’s zone, whatever the browser’s', () => {
  let server: TestServer;
  let b: TestBrowser;

  beforeAll(async () => {
    server = await startServer({ seed: 0.05 });
    b = await launchBrowser({ baseUrl: server.baseUrl });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  for (const timezoneId of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles']) {
    it(`a browser in ${timezoneId} shows an activity's start as China time`, async () => {
      const context = await b.browser.newContext({ baseURL: server.baseUrl, locale: 'zh-CN', timezoneId });
      const page = await context.newPage();
      try {
        await loginAs(page, server.baseUrl, 'parkadmin');
        // The browser really is in that zone.
        expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(timezoneId);

        // An activity at 14:30 China time (06:30 UTC), made through the API by the park admin.
        const cookies = await context.cookies();
        const csrf = cookies.find((c) => c.name === 'csrf')?.value ?? '';
        const tree = (await (await page.request.get('/api/org/tree')).json()) as {
          items: { id: string; kind: string }[];
        };
        const organiser = tree.items.find((n) => n.kind === 'generalBranch') ?? tree.items[0]!;
        const created = await page.request.post('/api/activities', {
          headers: { 'x-csrf-token': csrf },
          data: {
            kind: 'lectureSeries',
            title: `时区检查 ${timezoneId}`,
            organiserId: organiser.id,
            startsAt: '2026-12-10T06:30:00.000Z',
            endsAt: '2026-12-10T08:00:00.000Z',
          },
        });
        expect(created.status(), await created.text()).toBe(201);
        const a = (await created.json()) as { id: string; startsAt: string };
        const expected = inShanghai(a.startsAt);
        expect(expected).toBe('2026-12-10 14:30');

        await page.goto(`/admin/activities/${a.id}`);
        await page.getByTestId('activity-edit').click();
        const start = page.locator('.ant-modal .ant-picker-range input').first();
        await expect.poll(() => start.inputValue()).toBe(expected);
      } finally {
        await context.close();
      }
    });
  }
});
