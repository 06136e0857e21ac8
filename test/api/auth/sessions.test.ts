import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * Login throttling per resolved account, audit of failures and lockouts, and the idle and
 * absolute session lifetimes. Every test that fails logins uses its own remote address, so that
 * the per-IP limit (30) of one test never decides another.
 */

let t: TestApp;
let park: Park;
let ipSeq = 0;
beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
});
afterAll(() => t.close());

const nextIp = () => `10.9.0.${++ipSeq}`;
const tryLogin = (c: Client, username: string, password: string, ip: string) =>
  c.request({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

interface AuditRow {
  park_id: string | null;
  actor_account_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  after: Record<string, unknown> | null;
  ip: string | null;
}
const auditByIp = (ip: string) =>
  queryRows<AuditRow>(
    t.database.db,
    sql`select park_id, actor_account_id, action, entity_type, entity_id, after, ip
        from audit_log where ip = ${ip} order by id`,
  );

describe('one lock per account, whatever name it is called by', () => {
  it('five wrong passwords under the username lock the 工号 too', async () => {
    const c = asClient(t.app);
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      expect((await tryLogin(c, 'secretaryA', 'wrong-1', ip)).statusCode).toBe(401);
    }
    // Same account (person TA002), right password, another name: still locked.
    const byNumber = await tryLogin(c, 'TA002', PASSWORD, nextIp());
    expect(byNumber.statusCode).toBe(429);
    expect(byNumber.json().error.message).toMatch(/该账号已临时锁定/);
    // And under the username in another letter case.
    expect((await tryLogin(c, 'SECRETARYA', PASSWORD, nextIp())).statusCode).toBe(429);
  });

  it('five wrong passwords under the 工号 lock the username', async () => {
    const c = asClient(t.app);
    for (let i = 0; i < 5; i++) await tryLogin(c, 'TB001', 'wrong-2', nextIp());
    const res = await tryLogin(c, 'teacherB', PASSWORD, nextIp());
    expect(res.statusCode).toBe(429);
  });

  it('locks a name that resolves to no account the same way', async () => {
    const c = asClient(t.app);
    for (let i = 0; i < 5; i++) {
      expect((await tryLogin(c, 'nobody-here', 'x', nextIp())).statusCode).toBe(401);
    }
    const res = await tryLogin(c, 'Nobody-Here', 'x', nextIp());
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/该账号已临时锁定/);
  });

  it('a lock of one account leaves other accounts alone; a success clears the count', async () => {
    const c = asClient(t.app);
    for (let i = 0; i < 4; i++) await tryLogin(c, 'teacherA', 'wrong-3', nextIp());
    expect((await tryLogin(c, 'teacherA', PASSWORD, nextIp())).statusCode).toBe(200);
    // The count started again: four more failures do not lock.
    for (let i = 0; i < 4; i++) await tryLogin(c, 'teacherA', 'wrong-3', nextIp());
    expect((await tryLogin(c, 'teacherA', PASSWORD, nextIp())).statusCode).toBe(200);
  });

  it('keeps the per-IP limit across different names', async () => {
    const c = asClient(t.app);
    const ip = nextIp();
    for (let i = 0; i < 30; i++) await tryLogin(c, `ghost${i}`, 'x', ip);
    const res = await tryLogin(c, 'admin', PASSWORD, ip);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/网络地址/);
    const rows = await auditByIp(ip);
    expect(rows.filter((r) => r.action === 'auth.account.locked' && r.entity_type === 'ip')).toHaveLength(1);
  });
});

describe('failed logins and lockouts are audited', () => {
  it('records each failure with the name tried, the account and the IP, never the password', async () => {
    const c = asClient(t.app);
    const ip = nextIp();
    await tryLogin(c, 'TA001', 'Secret-guess-1', ip);
    const rows = await auditByIp(ip);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      park_id: park.parkId,
      actor_account_id: null,
      action: 'auth.session.loginFailed',
      entity_type: 'account',
      entity_id: park.accountIds.teacherA,
      ip,
      after: { username: 'TA001', accountId: park.accountIds.teacherA, reason: 'wrongPassword' },
    });
    expect(JSON.stringify(rows)).not.toContain('Secret-guess-1');
  });

  it('files a failure under an unknown name in the (single) park, without an account', async () => {
    const ip = nextIp();
    await tryLogin(asClient(t.app), 'intruder', 'Guess-2', ip);
    const [row] = await auditByIp(ip);
    expect(row).toMatchObject({
      park_id: park.parkId,
      entity_id: null,
      after: { username: 'intruder', accountId: null, reason: 'unknownName' },
    });
    // Where the park's administrators can find it.
    const admin = await asClient(t.app).login('admin', PASSWORD);
    const found = await admin.get('/api/audit?action=auth.session.loginFailed&pageSize=100');
    expect(found.statusCode).toBe(200);
    const items = found.json().items as { after: { username?: string } | null }[];
    expect(items.some((i) => i.after?.username === 'intruder')).toBe(true);
  });

  it('records the lockout once, and the refused attempts while locked', async () => {
    const c = asClient(t.app);
    const ip = nextIp();
    for (let i = 0; i < 5; i++) await tryLogin(c, 'studentA1', 'wrong-4', ip);
    expect((await tryLogin(c, 'SA1001', PASSWORD, ip)).statusCode).toBe(429);
    const rows = await auditByIp(ip);
    const locks = rows.filter((r) => r.action === 'auth.account.locked');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({
      park_id: park.parkId,
      entity_type: 'account',
      entity_id: park.accountIds.studentA1,
      after: { lock: 'account', username: 'studentA1', accountId: park.accountIds.studentA1, failures: 5 },
    });
    const failures = rows.filter((r) => r.action === 'auth.session.loginFailed');
    expect(failures.map((r) => r.after?.reason)).toEqual([
      'wrongPassword',
      'wrongPassword',
      'wrongPassword',
      'wrongPassword',
      'wrongPassword',
      'locked',
    ]);
    expect(failures[5]!.after).toMatchObject({ username: 'SA1001', accountId: park.accountIds.studentA1 });
  });
});

describe('idle timeout and absolute lifetime', () => {
  const sessionOf = async (accountId: string) =>
    (
      await queryRows<{
        id: string;
        last_seen_at: Date | string;
        idle_expires_at: Date | string;
        expires_at: Date | string;
        idle_seconds: number;
      }>(
        t.database.db,
        sql`select id, last_seen_at, idle_expires_at, expires_at, idle_seconds from sessions
            where account_id = ${accountId} order by created_at desc limit 1`,
      )
    )[0]!;
  const ms = (v: Date | string) => new Date(v).getTime();

  it('opens a session with a 30-minute idle timeout and a 12-hour lifetime, and says so on /auth/me', async () => {
    const c = await asClient(t.app).login('leagueA', PASSWORD);
    const me = (await c.get('/api/auth/me')).json();
    const row = await sessionOf(park.accountIds.leagueA!);
    expect(row.idle_seconds).toBe(1800);
    expect(me.session).toMatchObject({ id: row.id, idleTimeoutSeconds: 1800 });
    expect(ms(me.session.idleExpiresAt)).toBe(ms(row.idle_expires_at));
    expect(ms(me.session.expiresAt)).toBe(ms(row.expires_at));
    const lifetime = ms(row.expires_at) - ms(me.session.serverTime);
    expect(lifetime).toBeGreaterThan(11.9 * 3_600_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3_600_000);
  });

  it('ends a session that has been idle past its deadline', async () => {
    const c = await asClient(t.app).login('schoolAdminA', PASSWORD);
    expect((await c.get('/api/auth/me')).statusCode).toBe(200);
    await t.database.db.execute(
      sql`update sessions set idle_expires_at = now() - interval '1 second', last_seen_at = now() - interval '31 minutes'
          where account_id = ${park.accountIds.schoolAdminA!}`,
    );
    const res = await c.get('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('moves the idle deadline with activity, but not with the passive deadline check', async () => {
    const c = await asClient(t.app).login('teacherA', PASSWORD);
    const accountId = park.accountIds.teacherA!;
    // As if the last request was two minutes ago and the deadline one minute away.
    await t.database.db.execute(
      sql`update sessions set last_seen_at = now() - interval '2 minutes', idle_expires_at = now() + interval '1 minute'
          where account_id = ${accountId}`,
    );
    const before = await sessionOf(accountId);
    const passive = await c.get('/api/auth/session');
    expect(passive.statusCode).toBe(200);
    expect(ms(passive.json().idleExpiresAt)).toBe(ms(before.idle_expires_at));
    expect(ms((await sessionOf(accountId)).idle_expires_at)).toBe(ms(before.idle_expires_at));

    const active = await c.get('/api/org/tree');
    expect(active.statusCode).toBe(200);
    const after = await sessionOf(accountId);
    expect(ms(after.idle_expires_at) - ms(after.last_seen_at)).toBe(1800 * 1000);
    expect(ms(after.idle_expires_at)).toBeGreaterThan(ms(before.idle_expires_at) + 25 * 60_000);
    // The absolute end did not move.
    expect(ms(after.expires_at)).toBe(ms(before.expires_at));
    expect(ms((await c.get('/api/auth/session')).json().idleExpiresAt)).toBe(ms(after.idle_expires_at));
  });

  it('ends a session at its absolute end however active it is', async () => {
    const c = await asClient(t.app).login('admin', PASSWORD);
    const me = (await c.get('/api/auth/me')).json();
    await t.database.db.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where id = ${me.session.id}`,
    );
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('answers the passive check with 401 once the session is gone', async () => {
    const c = await asClient(t.app).login('admin', PASSWORD);
    await c.post('/api/auth/logout');
    expect((await c.get('/api/auth/session')).statusCode).toBe(401);
  });
});

describe('a very short idle timeout (SESSION_IDLE_MINUTES accepts decimals)', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ SESSION_IDLE_MINUTES: '0.05' });
    await buildPark(short.database.db);
  });
  afterAll(() => short.close());

  it('idles out after three seconds without a request', async () => {
    const c = await asClient(short.app).login('admin', PASSWORD);
    const info = (await c.get('/api/auth/session')).json();
    expect(info.idleTimeoutSeconds).toBe(3);
    expect(new Date(info.idleExpiresAt).getTime() - new Date(info.serverTime).getTime()).toBeLessThanOrEqual(
      3000,
    );
    // Wait on the state itself: the passive check does not keep the session alive.
    await expect
      .poll(async () => (await c.get('/api/auth/session')).statusCode, { timeout: 15_000, interval: 200 })
      .toBe(401);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('the grants a session carries', () => {
  it('are read with the session on every request, and lapse while their node is disabled', async () => {
    const admin = await asClient(t.app).login('admin', PASSWORD);
    const teacher = await asClient(t.app).login('teacherA', PASSWORD);
    const roles = async () =>
      (
        (await teacher.get('/api/auth/me')).json().roles as {
          role: string;
          scopeNodeId: string;
          scopeKind: string;
        }[]
      )
        .map((r) => `${r.role}@${r.scopeKind}:${r.scopeNodeId}`)
        .sort();
    const homeroom = `homeroomTeacher@class:${park.nodes.classA1!.id}`;
    const member = `member@branch:${park.nodes.branchA!.id}`;
    expect(await roles()).toEqual([homeroom, member].sort());
    // Disabling the class's grade (a node above the class) suspends the class grant at once.
    const grade = park.nodes.gradeA!.id;
    expect((await admin.patch(`/api/org/nodes/${grade}`, { disabled: true })).statusCode).toBe(200);
    expect(await roles()).toEqual([member]);
    expect((await admin.patch(`/api/org/nodes/${grade}`, { disabled: false })).statusCode).toBe(200);
    expect(await roles()).toEqual([homeroom, member].sort());
  });
});
