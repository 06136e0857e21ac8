import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPark } from '../../../src/server/areas/auth/bootstrap';
import { auditLog } from '../../../src/server/platform/db/schema/index';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
let admin: Client;

interface Entry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/** Rows with known instants around the Asia/Shanghai midnight of 2024-03-02 (= 2024-03-01T16:00Z). */
const PAST = [
  // Written under the name used before the action registry: read back as people.person.update.
  { at: '2024-03-01T15:59:59.999Z', action: 'people.update', entityId: 'p-1', actor: '王老师' },
  { at: '2024-03-01T16:00:00.000Z', action: 'people.person.reveal', entityId: 'p-1', actor: '王老师' },
  { at: '2024-03-02T15:59:59.000Z', action: 'members.membership.update', entityId: 'p-2', actor: '李书记' },
  { at: '2024-03-02T16:00:00.000Z', action: 'people.person.update', entityId: 'p-2', actor: '李书记' },
  { at: '2024-03-03T02:00:00.000Z', action: 'peopleX.weird', entityId: 'p-3', actor: '王老师' },
];

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const db = t.database.db;
  await db.insert(auditLog).values(
    PAST.map((r) => ({
      parkId: park.parkId,
      at: new Date(r.at),
      actorAccountId: r.actor === '王老师' ? park.accountIds.teacherA! : park.accountIds.secretaryA!,
      actorName: r.actor,
      action: r.action,
      entityType: r.action.startsWith('members') ? 'membership' : 'person',
      entityId: r.entityId,
      before: { name: 'old' },
      after: { name: 'new' },
      requestId: `req-${r.at}`,
      ip: '10.0.0.1',
    })),
  );
  // The same kind of row in another park must never show.
  const other = await createPark(db, '别的园区');
  await db.insert(auditLog).values({
    parkId: other.parkId,
    at: new Date('2024-03-02T01:00:00Z'),
    actorName: '王老师',
    action: 'people.person.update',
    entityType: 'person',
    entityId: 'p-1',
  });
  admin = await asClient(t.app).login('admin', PASSWORD);
});
afterAll(() => t.close());

async function search(
  query: string,
): Promise<{ items: Entry[]; total: number; page: number; pageSize: number }> {
  const res = await admin.get(`/api/audit?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe('who may search', () => {
  it('only a park admin', async () => {
    for (const username of ['schoolAdminA', 'secretaryA', 'studentA1']) {
      const c = await asClient(t.app).login(username, PASSWORD);
      const res = await c.get('/api/audit');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await asClient(t.app).get('/api/audit')).statusCode).toBe(401);
  });
});

describe('searching', () => {
  it('lists the park’s trail newest first, with every recorded column', async () => {
    const body = await search('pageSize=100');
    expect(body.page).toBe(1);
    expect(body.pageSize).toBe(100);
    const ats = body.items.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    // Logins by the fixture's users sit on top, then the planted rows.
    // A login is recorded as the account that signed in, not as nobody.
    expect(body.items[0]).toMatchObject({ action: 'auth.session.login', entityType: 'account' });
    // (The fixture's accounts are named as their usernames.)
    const logins = body.items.filter((e) => e.action === 'auth.session.login');
    expect(logins.length).toBeGreaterThan(1);
    for (const e of logins) expect(e.actorName).toBe((e.after as { username: string }).username);
    const planted = body.items.find((e) => e.at === '2024-03-01T16:00:00.000Z')!;
    expect(planted).toEqual({
      id: expect.any(Number),
      at: '2024-03-01T16:00:00.000Z',
      actorName: '王老师',
      action: 'people.person.reveal',
      entityType: 'person',
      entityId: 'p-1',
      before: { name: 'old' },
      after: { name: 'new' },
      requestId: 'req-2024-03-01T16:00:00.000Z',
      ip: '10.0.0.1',
    });
    expect(body.items.filter((e) => e.entityId?.startsWith('p-'))).toHaveLength(PAST.length);
  });

  it('filters by action prefix, literally', async () => {
    const people = await search('action=people.');
    expect(people.items.map((e) => e.action).sort()).toEqual([
      'people.person.reveal',
      'people.person.update',
      'people.person.update',
    ]);
    // Rows written under the names used before the action registry are found by the current names too.
    expect((await search('action=people.person.upd')).total).toBe(2);
    expect((await search('action=people.person.')).total).toBe(3);
    expect((await search('action=people.upd')).total).toBe(1);
    expect((await search('action=%25')).total).toBe(0);
    expect((await search('action=people_')).total).toBe(0);
  });

  it('filters by actor name substring or account id', async () => {
    expect((await search(`actor=${encodeURIComponent('王')}`)).total).toBe(3);
    const byId = await search(`actor=${park.accountIds.secretaryA}`);
    // The planted rows, and the account's own login in 'who may search' (recorded under its name).
    const planted = byId.items.filter((e) => e.action !== 'auth.session.login');
    expect(planted.map((e) => e.actorName)).toEqual(['李书记', '李书记']);
    expect(byId.items.filter((e) => e.action === 'auth.session.login').map((e) => e.actorName)).toEqual([
      'secretaryA',
    ]);
    expect((await search(`actor=${encodeURIComponent('没有这个人')}`)).total).toBe(0);
  });

  it('filters by entity type and id', async () => {
    const r = await search('entityType=person&entityId=p-2');
    expect(r.total).toBe(1);
    expect(r.items[0]).toMatchObject({ action: 'people.person.update', at: '2024-03-02T16:00:00.000Z' });
    expect((await search('entityType=membership')).total).toBe(1);
  });

  it('reads from/to as Asia/Shanghai calendar days, to inclusive', async () => {
    const day = await search('from=2024-03-02&to=2024-03-02');
    expect(day.items.map((e) => e.at)).toEqual(['2024-03-02T15:59:59.000Z', '2024-03-01T16:00:00.000Z']);
    const first = await search('from=2024-03-01&to=2024-03-01');
    expect(first.items.map((e) => e.at)).toEqual(['2024-03-01T15:59:59.999Z']);
    expect((await search('from=2024-03-03&to=2024-03-03')).total).toBe(2);
    expect((await search('to=2024-03-02&action=pe')).total).toBe(2);
    expect((await search('from=2024-03-01&to=2024-03-03&action=pe')).total).toBe(4);
  });

  it('pages', async () => {
    const all = await search('action=pe&pageSize=100');
    const p2 = await search('action=pe&pageSize=2&page=2');
    expect(p2).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(p2.items.map((e) => e.id)).toEqual(all.items.slice(2, 4).map((e) => e.id));
    expect((await search('action=pe&pageSize=2&page=9')).items).toEqual([]);
  });

  it('never shows another park’s rows', async () => {
    const r = await search('entityId=p-1&pageSize=100');
    expect(r.total).toBe(2);
  });

  it('validates the query with Chinese messages', async () => {
    for (const q of ['from=2024-02-30', 'to=20240301', 'pageSize=101', 'page=0']) {
      const res = await admin.get(`/api/audit?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    const swapped = await admin.get('/api/audit?from=2024-03-02&to=2024-03-01');
    expect(swapped.statusCode).toBe(400);
    expect(swapped.json().error.fields.to).toBe('结束日期不能早于开始日期');
  });
});

describe('what writes leave behind', () => {
  it('a write through the API is found with its request id, IP, actor and before → after', async () => {
    const res = await admin.post('/api/org/nodes', {
      parentId: park.nodes.schoolA!.id,
      kind: 'department',
      name: '总务处',
    });
    expect(res.statusCode).toBe(201);
    const found = await search(`entityType=orgNode&entityId=${res.json().id}`);
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({
      action: 'org.node.create',
      actorName: 'admin',
      requestId: res.headers['x-request-id'],
      ip: '127.0.0.1',
      before: null,
      after: expect.objectContaining({ name: '总务处', kind: 'department' }),
    });
    expect((await search('actor=admin&action=org.')).total).toBeGreaterThanOrEqual(1);
  });

  it('redacts secrets', async () => {
    const created = await admin.post('/api/accounts', { username: 'temp.user', displayName: '临时' });
    const id = created.json().account.id as string;
    await admin.post(`/api/accounts/${id}/reset-password`);
    const r = await search(`entityType=account&entityId=${id}`);
    expect(r.items.map((e) => e.action)).toEqual([
      'accounts.account.resetPassword',
      'accounts.account.create',
    ]);
    const text = JSON.stringify(r.items);
    expect(text).not.toContain(created.json().temporaryPassword);
    expect(text).not.toMatch(/argon2|passwordHash/);
  });
});

describe('the trail cannot be changed', () => {
  it('refuses a raw UPDATE', async () => {
    await expect(
      t.database.db.execute(sql`update audit_log set action = 'forged' where id > 0`),
    ).rejects.toThrow();
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'forged'`,
    );
    expect(Number(row!.n)).toBe(0);
  });

  it('refuses a raw DELETE and TRUNCATE', async () => {
    const [before] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log`,
    );
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    const [after] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log`,
    );
    expect(Number(after!.n)).toBe(Number(before!.n));
  });

  it('the API has no way to write it', async () => {
    for (const method of ['POST', 'PATCH', 'DELETE', 'PUT'] as const) {
      const res = await admin.request({ method, url: '/api/audit', payload: {} });
      expect(res.statusCode).toBe(404);
    }
  });
});
