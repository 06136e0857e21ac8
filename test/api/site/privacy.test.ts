import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, roleAssignments } from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { insertArticles, insertShowcaseItem, seedDemoSite, type DemoSite } from '../../support/portalSeed';

/**
 * "Same rule wherever a student's name reaches a public page" (common/privacy.ts): a park whose
 * student has a distinctive full name gives, wins an award that becomes a published article, and
 * subscribes to a calendar link. Then every GET route of the public scope is called — the route
 * catalogue of the real app, so a new public route without an entry below fails this test — and
 * no response, body or header, may carry the full name. A second student whose guardian consented
 * is the control: the walk does reach names, and shows that one in full.
 */

const FULL = '诸葛明玥';
const MASKED = '诸**玥';
const CONSENTED = '上官婉清';

let t: TestApp;
let park: Park;
let site: DemoSite;
let admin: Client;
let driveId: string;
let articleId: string;
let activityId: string;
let feedPath: string;
let checkinToken: string;

const inOneHour = () => new Date(Date.now() + 3_600_000).toISOString();
const inThreeHours = () => new Date(Date.now() + 3 * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const db = t.database.db;
  // studentA1 (who has an account) carries the distinctive name; studentA2 the consented one.
  await db
    .update(people)
    .set({ name: FULL })
    .where(sql`${people.id} = ${park.persons.studentA1!}`);
  await db
    .update(people)
    .set({ name: CONSENTED })
    .where(sql`${people.id} = ${park.persons.studentA2!}`);
  site = await seedDemoSite(db, park.parkId, { A: park.nodes.schoolA!.id, B: park.nodes.schoolB!.id });
  await db.insert(roleAssignments).values({
    parkId: park.parkId,
    accountId: park.accountIds.admin!,
    role: 'portalEditor',
    scopeNodeId: park.nodes.park!.id,
  });
  admin = await asClient(t.app).login('admin', PASSWORD);
  const student = await asClient(t.app).login('studentA1', PASSWORD);

  // A published thank-you list with amounts: the student without consent, the other with it.
  const drive = await admin.post('/api/donations/drives', {
    type: 'donation',
    title: '助学爱心捐款',
    startsOn: '2026-05-12',
    organiserId: park.nodes.generalBranch!.id,
    eligible: ['staff', 'student', 'member', 'class'],
    publicThanks: true,
    publicAmounts: true,
  });
  driveId = drive.json().id;
  for (const body of [
    { personId: park.persons.studentA1, amount: '20' },
    { personId: park.persons.studentA2, amount: '10', guardianConsent: true },
    { personId: park.persons.teacherA, amount: '100' },
  ]) {
    const res = await admin.post(`/api/donations/drives/${driveId}/entries`, {
      donorType: 'person',
      method: 'cash',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
  }

  // An activity the student takes part in and wins an award at; its article draft is published.
  const activity = await admin.post('/api/activities', {
    kind: 'themedDay',
    title: '红色故事演讲比赛',
    organiserId: park.nodes.leagueA!.id,
    startsAt: inOneHour(),
    endsAt: inThreeHours(),
    place: '报告厅',
  });
  expect(activity.statusCode, activity.body).toBe(201);
  activityId = activity.json().id;
  const added = await admin.post(`/api/activities/${activityId}/participants`, {
    personIds: [park.persons.studentA1, park.persons.studentA2],
  });
  expect(added.statusCode, added.body).toBe(200);
  const award = await admin.post(`/api/activities/${activityId}/awards`, {
    award: '一等奖',
    personId: park.persons.studentA1,
  });
  expect(award.statusCode, award.body).toBe(201);
  const draft = await admin.post(`/api/activities/${activityId}/article-draft`, { create: false });
  expect(draft.statusCode, draft.body).toBe(200);
  const d = draft.json() as { title: string; summary: string; bodyHtml: string };
  [articleId] = (await insertArticles(db, park.parkId, site.columns, [
    {
      title: d.title,
      summary: d.summary,
      bodyHtml: d.bodyHtml,
      columns: [Object.keys(site.columns).find((s) => s === 'news') ?? Object.keys(site.columns)[0]!],
      schoolId: park.nodes.schoolA!.id,
      pinned: true,
    },
  ])) as [string];
  await insertShowcaseItem(db, park.parkId, { kind: 'article', articleId, active: true });

  const feed = await student.post('/api/activities/calendar-feed');
  expect(feed.statusCode, feed.body).toBe(201);
  feedPath = new URL(feed.json().url).pathname;
  const token = await admin.post(`/api/activities/${activityId}/checkin-token`, {});
  expect(token.statusCode, token.body).toBe(201);
  checkinToken = token.json().token;
});
afterAll(() => t.close());

/** The URLs to call for each public GET route; a route missing here fails the walk. */
function urlsFor(route: string): string[] | undefined {
  const slugs = Object.keys(site.columns);
  const some = '00000000-0000-4000-8000-000000000000';
  const table: Record<string, string[]> = {
    '/': ['/'],
    '/article/:id': [`/article/${articleId}`, ...site.articleIds.slice(0, 3).map((id) => `/article/${id}`)],
    '/column/:slug': slugs.flatMap((s) => [`/column/${s}`, `/column/${s}?school=${park.nodes.schoolA!.id}`]),
    '/column/:slug/rss.xml': slugs.map((s) => `/column/${s}/rss.xml`),
    '/newsletter': ['/newsletter'],
    '/newsletter/:id': [`/newsletter/${some}`],
    '/robots.txt': ['/robots.txt'],
    '/rss.xml': ['/rss.xml'],
    '/search': ['/search?q=演讲', '/search?q=诸葛', '/search?q=一等奖'],
    '/showcase': ['/showcase'],
    '/showcase/slides.json': ['/showcase/slides.json'],
    '/sitemap': ['/sitemap'],
    '/sitemap.xml': ['/sitemap.xml'],
    '/static/:name': ['/static/portal.js', '/static/showcase.js'],
    '/thanks': ['/thanks'],
    '/vanguard': ['/vanguard', '/vanguard?year=2025'],
    '/vanguard/publicity': ['/vanguard/publicity'],
    '/thanks/:id': [`/thanks/${driveId}`],
    '/api/donations/public/drives/:id/thanks': [`/api/donations/public/drives/${driveId}/thanks`],
    '/api/activities/feed/:file': [feedPath.replace(/^\/api/, '/api')],
    '/api/setup/:token': [`/api/setup/${'x'.repeat(40)}`],
    '/media/:id/:variant': [`/media/${some}/original`],
    '/checkin/:token': [`/checkin/${checkinToken}`],
  };
  return table[route];
}

/** What a response shows: headers and body, with iCalendar's folded lines joined back. */
const shown = (res: { body: string; headers: Record<string, unknown> }) =>
  `${JSON.stringify(res.headers)}\n${res.body.replace(/\r\n[ \t]/g, '')}`;

describe('the public surface', () => {
  it('never shows a student’s full name without consent, on any public route', async () => {
    const routes = t.app.routeCatalog.filter((r) => r.scope === 'public' && r.method === 'GET');
    expect(routes.length).toBeGreaterThan(15);
    const unmapped = routes.map((r) => r.url).filter((u) => !urlsFor(u));
    expect(unmapped, 'public GET routes the privacy walk does not call').toEqual([]);

    const pages = new Map<string, string>();
    for (const r of routes) {
      for (const url of urlsFor(r.url)!) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBeLessThan(500);
        pages.set(url, shown(res));
      }
    }
    for (const [url, text] of pages) {
      expect(text, url).not.toContain(FULL);
      expect(text, url).not.toContain(encodeURIComponent(FULL));
    }

    // The walk reached the student's data and shows it masked; the consented student in full.
    const thanks = pages.get(`/thanks/${driveId}`)!;
    expect(thanks).toContain(MASKED);
    expect(thanks).toContain(CONSENTED);
    expect(pages.get(`/api/donations/public/drives/${driveId}/thanks`)).toContain(MASKED);
    expect(pages.get(`/article/${articleId}`)).toContain(`一等奖：${MASKED}`);
    expect(pages.get(feedPath)).toContain(`X-WR-CALNAME:${MASKED}的党建活动`);
  });
});
