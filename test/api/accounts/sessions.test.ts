import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/** Administrators see an account's sessions and end one or all of them. */

let t: TestApp;
let park: Park;
let admin: Client;
beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await asClient(t.app).login('admin', PASSWORD);
});
afterAll(() => t.close());

interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  idleExpiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

const loginAs = async (username: string, userAgent: string, ip: string) => {
  const c = asClient(t.app);
  const res = await c.request({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
    headers: { 'user-agent': userAgent },
    remoteAddress: ip,
  });
  expect(res.statusCode).toBe(200);
  return c;
};
const sessionsOf = async (c: Client, accountId: string) => {
  const res = await c.get(`/api/accounts/${accountId}/sessions`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json().items as SessionItem[];
};

describe('listing an account’s sessions', () => {
  it('shows each live session with its times, IP and device, and never a secret', async () => {
    await loginAs('teacherA', 'Phone/1.0', '10.1.0.1');
    await loginAs('teacherA', 'Laptop/2.0', '10.1.0.2');
    const items = await sessionsOf(admin, park.accountIds.teacherA!);
    expect(items).toHaveLength(2);
    expect(items.map((s) => [s.ip, s.userAgent]).sort()).toEqual([
      ['10.1.0.1', 'Phone/1.0'],
      ['10.1.0.2', 'Laptop/2.0'],
    ]);
    for (const s of items) {
      expect(s.current).toBe(false);
      expect(Object.keys(s).sort()).toEqual(
        ['createdAt', 'current', 'expiresAt', 'id', 'idleExpiresAt', 'ip', 'lastSeenAt', 'userAgent'].sort(),
      );
    }
    const hashes = await queryRows<{ token_hash: string; csrf_token: string }>(
      t.database.db,
      sql`select token_hash, csrf_token from sessions where account_id = ${park.accountIds.teacherA!}`,
    );
    const body = JSON.stringify(items);
    for (const h of hashes) {
      expect(body).not.toContain(h.token_hash);
      expect(body).not.toContain(h.csrf_token);
    }
  });

  it('marks the caller’s own session as current, and leaves out ended ones', async () => {
    const mine = await sessionsOf(admin, park.accountIds.admin!);
    expect(mine.filter((s) => s.current)).toHaveLength(1);
    const extra = await loginAs('admin', 'Other/1.0', '10.1.0.3');
    const me = (await extra.get('/api/auth/me')).json();
    await t.database.db.execute(
      sql`update sessions set idle_expires_at = now() - interval '1 second' where id = ${me.session.id}`,
    );
    const after = await sessionsOf(admin, park.accountIds.admin!);
    expect(after.map((s) => s.id)).not.toContain(me.session.id);
  });

  it('is for those who manage the account: others get 403, out-of-scope accounts 404', async () => {
    const schoolAdminA = await asClient(t.app).login('schoolAdminA', PASSWORD);
    expect((await schoolAdminA.get(`/api/accounts/${park.accountIds.teacherA!}/sessions`)).statusCode).toBe(
      200,
    );
    const outside = await schoolAdminA.get(`/api/accounts/${park.accountIds.teacherB!}/sessions`);
    expect(outside.statusCode).toBe(404);
    const ended = await schoolAdminA.delete(`/api/accounts/${park.accountIds.teacherB!}/sessions`);
    expect(ended.statusCode).toBe(404);
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    expect((await secretary.get(`/api/accounts/${park.accountIds.teacherA!}/sessions`)).statusCode).toBe(403);
    const teacher = await asClient(t.app).login('teacherB', PASSWORD);
    expect((await teacher.get(`/api/accounts/${park.accountIds.teacherB!}/sessions`)).statusCode).toBe(403);
  });
});

describe('ending sessions', () => {
  it('ends one session by its id: that device is signed out, the other is not; audited', async () => {
    const phone = await loginAs('studentA1', 'Phone/1.0', '10.2.0.1');
    const laptop = await loginAs('studentA1', 'Laptop/2.0', '10.2.0.2');
    const items = await sessionsOf(admin, park.accountIds.studentA1!);
    const phoneSession = items.find((s) => s.userAgent === 'Phone/1.0')!;
    const res = await admin.delete(`/api/accounts/${park.accountIds.studentA1!}/sessions/${phoneSession.id}`);
    expect(res.statusCode).toBe(204);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
    const again = await admin.delete(
      `/api/accounts/${park.accountIds.studentA1!}/sessions/${phoneSession.id}`,
    );
    expect(again.statusCode).toBe(404);
    // Another account's session id does not reach across accounts.
    const other = (await sessionsOf(admin, park.accountIds.admin!))[0]!;
    expect(
      (await admin.delete(`/api/accounts/${park.accountIds.studentA1!}/sessions/${other.id}`)).statusCode,
    ).toBe(404);
    const rows = await queryRows<{ actor_account_id: string; before: { sessionId: string } }>(
      t.database.db,
      sql`select actor_account_id, before from audit_log where action = 'accounts.session.end'
          and entity_id = ${park.accountIds.studentA1!}`,
    );
    expect(rows).toEqual([
      {
        actor_account_id: park.accountIds.admin,
        before: { sessionId: phoneSession.id, username: 'studentA1' },
      },
    ]);
  });

  it('ends every session of the account, audited with the count', async () => {
    const a = await loginAs('leagueA', 'A/1', '10.3.0.1');
    const b = await loginAs('leagueA', 'B/1', '10.3.0.2');
    const res = await admin.delete(`/api/accounts/${park.accountIds.leagueA!}/sessions`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, sessionsEnded: 2 });
    expect((await a.get('/api/auth/me')).statusCode).toBe(401);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
    expect(await sessionsOf(admin, park.accountIds.leagueA!)).toEqual([]);
    const rows = await queryRows<{ after: unknown }>(
      t.database.db,
      sql`select after from audit_log where action = 'accounts.session.endAll' and entity_id = ${park.accountIds.leagueA!}`,
    );
    expect(rows).toEqual([{ after: { username: 'leagueA', sessionsEnded: 2 } }]);
  });
});
