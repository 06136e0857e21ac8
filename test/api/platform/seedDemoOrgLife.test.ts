import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PASSWORD, seedDemo, type SeedSummary } from '../../../scripts/lib/seedDemo';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';

// The demo park's year of organisational life (scripts/lib/demoOrgLife*.ts), seeded at the small
// scale the API and browser tests use, read back through the console API as the demo accounts.
// Each run pins the demo's "today" and the server's clock to the same Shanghai day: a day in
// January (the year's first month, last year's board is the one with history) and the last day of
// a year (the coming week runs into the next year). The days lie ahead of the real clock, so the
// sessions the database dates by its own clock stay valid.

const realYear = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
);
const DAYS = [`${realYear + 1}-01-12`, `${realYear + 1}-12-31`];

const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

interface RosterItem {
  name: string;
  branchName: string;
  joinedOn: string;
  birthdayOn: string;
}

describe.each(DAYS)('the demo park seeded on %s', (today) => {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  let t: TestApp;
  let summary: SeedSummary;
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    let c = clients.get(username);
    if (!c) clients.set(username, (c = await asClient(t.app).login(username, DEMO_PASSWORD)));
    return c;
  };
  const json = async (username: string, url: string) => {
    const res = await (await as(username)).get(url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const roster = async (y: number, m: number): Promise<RosterItem[]> =>
    (await json('secretary', `/api/orglife/birthdays/roster?year=${y}&month=${m}`)).items;

  beforeAll(async () => {
    t = await createTestApp();
    // Only Date is pinned: timers, the database and everything else run as they do.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(`${today}T10:00:00+08:00`) });
    summary = await seedDemo(t.database.db, t.cipher, { scale: 0.05, today });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await t?.close();
  });

  it('gives the secretary’s branch political birthdays in every month, this month and the coming week', async () => {
    const branch = summary.accounts.find((a) => a.username === 'secretary')!.scopeName;
    for (let m = 1; m <= 12; m++) {
      const items = await roster(year, m);
      expect(items.length, `month ${m}`).toBeGreaterThanOrEqual(1);
      expect(new Set(items.map((i) => i.branchName))).toEqual(new Set([branch]));
    }
    // The member account's own birthday is this month, on its own roster and its checklist.
    const me = await json('member', '/api/auth/me');
    const own = (await json('member', `/api/orglife/birthdays/roster?year=${year}&month=${month}`)).items;
    expect(own).toHaveLength(1);
    expect(Number(own[0].joinedOn.slice(5, 7))).toBe(month);
    const checklist = await json('member', `/api/orglife/checklists/${me.personId}/${year}`);
    expect(checklist.birthdayOn.slice(0, 7)).toBe(today.slice(0, 7));

    // Someone's political birthday falls within the seven days after today.
    const week = Array.from({ length: 7 }, (_, i) => plusDays(today, i + 1));
    const months = [...new Set(week.map((d) => d.slice(0, 7)))];
    const upcoming: RosterItem[] = [];
    for (const ym of months) upcoming.push(...(await roster(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)))));
    expect(upcoming.filter((i) => week.includes(i.birthdayOn)).length).toBeGreaterThanOrEqual(1);
    expect(summary.story['orgLife.birthdaysMonths']).toBe(12);
  });

  it('has held symposiums, one scheduled this month, and a report waiting for the secretary', async () => {
    const ours = await json('secretary', `/api/orglife/symposiums?year=${year}&month=${month}`);
    expect(ours.items).toHaveLength(1);
    expect(ours.items[0].status).toBe('planned');
    const last = month === 1 ? { y: year - 1, m: 12 } : { y: year, m: month - 1 };
    const held = await json('secretary', `/api/orglife/symposiums?year=${last.y}&month=${last.m}`);
    expect(held.items.map((s: { status: string }) => s.status)).toContain('held');

    const waiting = await json('secretary', '/api/orglife/thought-reports?commented=false');
    expect(waiting.total).toBeGreaterThanOrEqual(1);
    const commented = await json('secretary', '/api/orglife/thought-reports?commented=true');
    expect(commented.total).toBeGreaterThanOrEqual(1);
    const proposals = await json('parkadmin', '/api/orglife/proposals?pageSize=100');
    const states = new Set(proposals.items.map((p: { status: string }) => p.status));
    expect(states.has('received')).toBe(true);
    expect([...states].some((s) => s !== 'received')).toBe(true);
  });

  it('colours the meetings board green, yellow and (for what is over) red', async () => {
    const board = await json('parkadmin', `/api/orglife/meetings/compliance?year=${year}`);
    expect(board.branches).toHaveLength(8);
    const now = board.branches.map((b: { status: string }) => b.status);
    expect(now).toContain('green');
    expect(now).toContain('yellow');
    // A period still running is never red; what a branch missed shows on the periods that are over.
    const lastYear = await json('parkadmin', `/api/orglife/meetings/compliance?year=${year - 1}`);
    expect(lastYear.branches.map((b: { status: string }) => b.status)).toContain('red');
    // The secretary's own branch has this month's meetings still to hold.
    const own = await json('secretary', `/api/orglife/meetings/compliance?year=${year}`);
    expect(own.branches).toHaveLength(1);
    expect(own.branches[0].status).toBe('yellow');
    const list = await json(
      'secretary',
      `/api/orglife/meetings?from=${year}-${today.slice(5, 7)}-01&to=${today}`,
    );
    expect(list.total).toBeGreaterThanOrEqual(1);
  });

  it('has dues paid over the year and members in arrears, one flagged', async () => {
    const arrears = await json('parkadmin', '/api/dues/arrears');
    expect(arrears.total).toBeGreaterThanOrEqual(2);
    expect(arrears.flagged).toBeGreaterThanOrEqual(1);
    const flagged = arrears.items.find((i: { flagged: boolean }) => i.flagged);
    expect(flagged.longestRun).toBeGreaterThanOrEqual(6);
    const own = await json('secretary', '/api/dues/arrears');
    expect(own.total).toBeGreaterThanOrEqual(1);
    const reductions = await json('parkadmin', '/api/dues/reductions');
    expect(reductions.items.map((r: { status: string }) => r.status).sort()).toEqual(['approved', 'pending']);
    expect(summary.story['orgLife.duesPayments']).toBeGreaterThan(12 * 20);
  });

  it('invites the member and the student to an activity ahead, after ones they signed in to', async () => {
    for (const username of ['member', 'student']) {
      const mine = await json(username, '/api/activities/mine');
      const ahead = mine.items.filter(
        (a: { startsAt: string; status: string }) => a.status === 'planned' && a.startsAt > `${today}T`,
      );
      expect(ahead.length, username).toBeGreaterThanOrEqual(1);
      expect(ahead.some((a: { startsAt: string }) => a.startsAt < `${plusDays(today, 8)}T`)).toBe(true);
      const signedIn = mine.items.filter(
        (a: { status: string; checkedInAt: string | null; checkinMethod: string | null }) =>
          a.status === 'held' && a.checkedInAt !== null && a.checkinMethod === 'qr',
      );
      expect(signedIn.length, username).toBeGreaterThanOrEqual(1);
    }
  });

  it('has the earthquake drive and special dues closed, a drive open, gifts with receipt numbers', async () => {
    const drives = await json('parkadmin', '/api/donations/drives?pageSize=50');
    const byTitle = new Map(
      drives.items.map((d: { title: string; status: string }) => [d.title, d.status] as const),
    );
    expect(byTitle.get('抗震救灾爱心捐款')).toBe('closed');
    expect(byTitle.get('支援灾区重建特殊党费')).toBe('closed');
    expect(byTitle.get('“情暖校园”爱心助学捐款')).toBe('open');
    const quake = drives.items.find((d: { title: string }) => d.title === '抗震救灾爱心捐款');
    const entries = await json('parkadmin', `/api/donations/drives/${quake.id}/entries?pageSize=100`);
    expect(entries.items.length).toBeGreaterThanOrEqual(20);
    const kinds = new Set(entries.items.map((e: { donorType: string }) => e.donorType));
    expect(kinds).toEqual(new Set(['person', 'class']));
    for (const e of entries.items) expect(e.receiptNo).toMatch(/^JZ\d{4}-\d{4}$/);
    const gifts = await json('member', '/api/donations/mine');
    expect(gifts.donations.length).toBeGreaterThanOrEqual(1);
    expect(gifts.specialDues).toHaveLength(1);
  });
});
