import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFirstAdmin } from '../../../src/server/areas/auth/bootstrap';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * The one password rule (passwords.ts checkNewPassword) everywhere a password is set: not
 * containing the account's login names, not one of the 1,000 most common passwords.
 */

describe('password rules on a running park', () => {
  let t: TestApp;
  let park: Park;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    park = await buildPark(t.database.db);
    admin = await asClient(t.app).login('admin', PASSWORD);
  });
  afterAll(() => t.close());

  const change = async (c: Client, newPassword: string) =>
    c.post('/api/auth/password', { currentPassword: PASSWORD, newPassword });

  it('refuses a new password containing the username, in any letter case', async () => {
    const c = await asClient(t.app).login('leagueA', PASSWORD);
    const res = await change(c, 'myLEAGUEa2026');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'PASSWORD_CONTAINS_USERNAME',
      message: '密码不能包含用户名或工号、学号',
      fields: { newPassword: '密码不能包含用户名或工号、学号' },
    });
  });

  it('refuses a new password containing the 工号 of the account’s person', async () => {
    const c = await asClient(t.app).login('teacherA', PASSWORD);
    const res = await change(c, 'x-ta001-secure');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PASSWORD_CONTAINS_USERNAME');
  });

  it('refuses one of the 1,000 most common passwords, ignoring case', async () => {
    const c = await asClient(t.app).login('teacherB', PASSWORD);
    for (const p of ['password1', 'PassW0rd', 'qwerty123', '1qaz2wsx']) {
      const res = await change(c, p);
      expect(res.statusCode, p).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'PASSWORD_TOO_COMMON',
        fields: { newPassword: expect.stringMatching(/过于常见/) },
      });
    }
    // A sound one is still accepted (and the old one put back for the other tests).
    expect((await change(c, 'Lantern7Harbor')).statusCode).toBe(200);
    expect(
      (await c.post('/api/auth/password', { currentPassword: 'Lantern7Harbor', newPassword: PASSWORD }))
        .statusCode,
    ).toBe(200);
  });

  it('applies the rule to a chosen password when creating an account', async () => {
    const named = await admin.post('/api/accounts', {
      username: 'league',
      displayName: '团委干事',
      password: 'league1234',
    });
    expect(named.statusCode).toBe(400);
    expect(named.json().error).toMatchObject({
      code: 'PASSWORD_CONTAINS_USERNAME',
      fields: { password: expect.any(String) },
    });
    const common = await admin.post('/api/accounts', {
      username: 'clerk2',
      displayName: '文员',
      password: 'abcd1234',
    });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.code).toBe('PASSWORD_TOO_COMMON');
    // For a person, the person's number counts as a login name too (it is one).
    const byNumber = await admin.post('/api/accounts', {
      personId: park.persons.studentB1,
      username: 'studentb1',
      password: 'SB1001abc',
    });
    expect(byNumber.statusCode).toBe(400);
    expect(byNumber.json().error.code).toBe('PASSWORD_CONTAINS_USERNAME');
  });
});

describe('password rules for the first administrator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stops a start whose ADMIN_PASSWORD is too common, naming the variable', async () => {
    await expect(
      ensureFirstAdmin(t.database.db, { username: 'chief', password: 'qwerty123', parkName: '园区' }),
    ).rejects.toThrow(/ADMIN_PASSWORD: 该密码过于常见/);
    await expect(
      ensureFirstAdmin(t.database.db, { username: 'chief', password: 'Chief2026x', parkName: '园区' }),
    ).rejects.toThrow(/ADMIN_PASSWORD: 密码不能包含用户名/);
  });

  it('refuses such a password through the setup link, and accepts a sound one', async () => {
    const { setupToken } = await ensureFirstAdmin(t.database.db, { parkName: '园区' });
    expect(setupToken).toBeTruthy();
    const body = { token: setupToken, parkName: '园区', username: 'chief', displayName: '主任' };
    const bad = await asClient(t.app).post('/api/setup', { ...body, password: 'mychief2026' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'PASSWORD_CONTAINS_USERNAME',
      fields: { password: expect.any(String) },
    });
    const common = await asClient(t.app).post('/api/setup', { ...body, password: 'password123' });
    expect(common.json().error.code).toBe('PASSWORD_TOO_COMMON');
    const ok = await asClient(t.app).post('/api/setup', { ...body, password: 'Harbor7Lantern' });
    expect(ok.statusCode).toBe(200);
  });
});
