import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asClient, createTestApp, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
});
afterAll(() => t.close());

describe('health and API surface', () => {
  it('reports the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok', database: t.database.kind });
  });
  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().paths['/api/auth/login']).toBeDefined();
  });
  it('answers unknown API paths with a Chinese JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('login and sessions', () => {
  it('rejects a wrong password with a stable code', async () => {
    const res = await asClient(t.app).post('/api/auth/login', { username: 'admin', password: 'wrong' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '账号或密码不正确' });
  });

  it('validates the login body with Chinese field messages', async () => {
    const res = await asClient(t.app).post('/api/auth/login', { username: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('refuses malformed JSON without a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
  });

  it('logs in by username, sets an HttpOnly cookie, and logs out', async () => {
    const c = asClient(t.app);
    const res = await c.post('/api/auth/login', { username: 'admin', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    const sid = (res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find(
      (x) => x.name === 'sid',
    );
    expect(sid?.httpOnly).toBe(true);
    expect(sid?.sameSite).toBe('Lax');
    const me = await c.get('/api/auth/me');
    expect(me.json()).toMatchObject({
      username: 'admin',
      permissions: expect.arrayContaining(['audit.read']),
    });
    expect((await c.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await c.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('logs in by 工号 through the linked person', async () => {
    const c = asClient(t.app);
    await c.login('TA002', PASSWORD);
    expect((await c.get('/api/auth/me')).json().username).toBe('secretaryA');
  });

  it('refuses a write without the CSRF token', async () => {
    const c = await asClient(t.app).login('admin', PASSWORD);
    const res = await c.request({
      method: 'POST',
      url: '/api/org/nodes',
      payload: { parentId: park.nodes.schoolA!.id, kind: 'department', name: '后勤处' },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_TOKEN_INVALID');
  });

  it('locks an account after repeated failures, with a clear message', async () => {
    const c = asClient(t.app);
    for (let i = 0; i < 5; i++) await c.post('/api/auth/login', { username: 'leagueA', password: 'bad' });
    const res = await c.post('/api/auth/login', { username: 'leagueA', password: PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.message).toMatch(/锁定/);
  });

  it('changes the password and ends the other sessions', async () => {
    const phone = await asClient(t.app).login('teacherB', PASSWORD);
    const laptop = await asClient(t.app).login('teacherB', PASSWORD);
    const weak = await laptop.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    const ok = await laptop.post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'NewPassw0rd',
    });
    expect(ok.statusCode).toBe(200);
    expect((await laptop.get('/api/auth/me')).statusCode).toBe(200);
    expect((await phone.get('/api/auth/me')).statusCode).toBe(401);
    await laptop.post('/api/auth/password', { currentPassword: 'NewPassw0rd', newPassword: PASSWORD });
  });

  it('logs out everywhere', async () => {
    const a = await asClient(t.app).login('schoolAdminA', PASSWORD);
    const b = await asClient(t.app).login('schoolAdminA', PASSWORD);
    expect((await a.post('/api/auth/logout-all')).json().sessionsEnded).toBe(2);
    expect((await b.get('/api/auth/me')).statusCode).toBe(401);
  });
});
