import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from '../../../scripts/lib/seedDemo';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';

// The demo park's annual assessment (scripts/lib/demoAssessment.ts), seeded at the small scale the
// API and browser tests use and read back through the console API as the demo accounts: every
// page has rows, and every role has something to do on its workbench. The demo's "today" and the
// server's clock are pinned to one December day (self-evaluations are due), ahead of the real clock.

const realYear = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);
const TODAY = `${realYear + 1}-12-05`;
const YEAR = realYear + 1;

describe('the demo park’s assessment', () => {
  let t: TestApp;
  let summary: SeedSummary;
  const clients = new Map<string, Client>();
  const json = async (username: string, url: string) => {
    let c = clients.get(username);
    if (!c) clients.set(username, (c = await asClient(t.app).login(username, DEMO_PASSWORD)));
    const res = await c.get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const workbenchKeys = async (username: string) =>
    (await json(username, '/api/workbench')).items.map((i: { key: string }) => i.key);

  beforeAll(async () => {
    t = await createTestApp();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${TODAY}T10:00:00+08:00`) });
    summary = await seedDemo(t.database.db, t.cipher, { scale: 0.05, today: TODAY });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t?.close();
  });

  it('has this year’s and last year’s schemes, frozen', async () => {
    expect(summary.story['assessment.schemes']).toBe(2);
    const list = await json('member', '/api/assessment/schemes');
    expect(list.items.map((s: { year: number; status: string }) => [s.year, s.status])).toEqual([
      [YEAR, 'frozen'],
      [YEAR - 1, 'frozen'],
    ]);
  });

  it('gives the member a post on the portal, evidence in every state and a running score', async () => {
    const mine = await json('member', `/api/assessment/posts/mine?year=${YEAR}`);
    expect(mine.post).toMatchObject({ status: 'approved', showOnPortal: true });
    const ev = await json('member', `/api/assessment/evidence?year=${YEAR}`);
    const states = new Set(ev.items.map((e: { status: string }) => e.status));
    expect(states).toEqual(new Set(['verified', 'submitted', 'returned']));
    const score = await json('member', `/api/assessment/scores/mine?year=${YEAR}`);
    expect(score.aspects).toHaveLength(10);
    expect(score.aspects.flatMap((a: { items: unknown[] }) => a.items).length).toBeGreaterThan(1);
    const papers = await json('member', '/api/assessment/appraisal/papers/mine');
    expect(JSON.stringify(papers)).toContain(`${YEAR} 年度民主评议党员`);
    const keys = await workbenchKeys('member');
    expect(keys).toEqual(
      expect.arrayContaining([
        'assessment.myEvidence',
        'assessment.selfEvaluation',
        'assessment.appraisalVote',
      ]),
    );
    const page = await t.app.inject({ url: `/vanguard?year=${YEAR}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(mine.post.post);
  });

  it('gives the secretary evidence and posts to decide, and scores with ranks', async () => {
    const pending = await json('secretary', `/api/assessment/evidence?year=${YEAR}&status=submitted`);
    expect(pending.items.filter((e: { canVerify: boolean }) => e.canVerify).length).toBeGreaterThanOrEqual(3);
    const posts = await json('secretary', `/api/assessment/posts?year=${YEAR}&status=submitted`);
    expect(posts.total).toBeGreaterThanOrEqual(2);
    const scores = await json('secretary', `/api/assessment/scores?year=${YEAR}`);
    expect(scores.total).toBeGreaterThanOrEqual(3);
    expect(scores.items[0].rankInBranch).toBe(1);
    expect(new Set(scores.items.map((s: { total: number }) => s.total)).size).toBeGreaterThan(1);
    expect(await workbenchKeys('secretary')).toEqual(
      expect.arrayContaining(['assessment.evidence', 'assessment.posts']),
    );
    const days = await json('member', `/api/assessment/dedication-days?year=${YEAR}`);
    expect(days.total).toBe(12);
    expect(days.items.some((d: { myEntries: number }) => d.myEntries > 0)).toBe(true);
    const entries = await json('secretary', `/api/assessment/dedication-entries?year=${YEAR}&kind=homeVisit`);
    expect(entries.total).toBeGreaterThan(0);
    const awarded = await json('parkadmin', `/api/assessment/nominations?year=${YEAR - 1}&status=awarded`);
    expect(awarded.total).toBeGreaterThanOrEqual(2);
    expect(awarded.publicity).toMatchObject({ status: 'closed', workingDays: 5 });
    const page = await t.app.inject({ url: `/vanguard/publicity?year=${YEAR - 1}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(awarded.items[0].post);
    const last = await json('parkadmin', `/api/assessment/scores?year=${YEAR - 1}`);
    expect(last.total).toBeGreaterThan(scores.total);
  });
});
