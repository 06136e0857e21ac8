import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { password as passwordSchema } from '../../../src/common/contracts/auth';
import { createPark } from '../../../src/server/areas/auth/bootstrap';
import { queryRows } from '../../../src/server/platform/db/rows';
import { ROLES } from '../../../src/server/access/roles';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await asClient(t.app).login('admin', PASSWORD);
  schoolAdminA = await asClient(t.app).login('schoolAdminA', PASSWORD);
});
afterAll(() => t.close());

interface AccountItem {
  id: string;
  username: string;
  displayName: string;
  personId: string | null;
  personName: string | null;
  personNumber: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  roles: {
    id: string;
    role: string;
    label: string;
    scopeNodeId: string;
    scopeName: string;
    scopeKind: string;
  }[];
}

const auditRows = (action: string, entityId: string) =>
  queryRows<{ actor_name: string | null; before: unknown; after: unknown; request_id: string | null }>(
    t.database.db,
    sql`select actor_name, before, after, request_id from audit_log where action = ${action} and entity_id = ${entityId} order by id`,
  );

async function usernames(c: Client, query = '') {
  const res = await c.get(`/api/accounts?pageSize=100${query}`);
  expect(res.statusCode).toBe(200);
  return (res.json().items as AccountItem[]).map((a) => a.username).sort();
}

/** A throwaway client that changes its first password, so it can go on working. */
async function firstLogin(username: string, temporaryPassword: string, newPassword = 'Fresh2Pass') {
  const c = asClient(t.app);
  const login = await c.post('/api/auth/login', { username, password: temporaryPassword });
  expect(login.statusCode).toBe(200);
  expect(login.json().mustChangePassword).toBe(true);
  const blocked = await c.get('/api/auth/me');
  expect(blocked.statusCode).toBe(200);
  expect(blocked.json().mustChangePassword).toBe(true);
  const changed = await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword });
  expect(changed.statusCode).toBe(200);
  return c;
}

describe('role catalog', () => {
  it('lists every role with its Chinese label, scope kinds and permissions', async () => {
    const res = await admin.get('/api/roles');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      role: string;
      label: string;
      scopeKinds: string[];
      permissions: string[];
    }[];
    expect(items.map((i) => i.role)).toEqual([...ROLES]);
    expect(items.find((i) => i.role === 'homeroomTeacher')).toEqual({
      role: 'homeroomTeacher',
      label: '班主任',
      scopeKinds: ['class'],
      permissions: ['org.read', 'people.read', 'donations.entries'],
    });
    expect(items.find((i) => i.role === 'parkAdmin')?.label).toBe('园区管理员');
  });

  it('documents the accounts and audit routes in OpenAPI', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths;
    for (const p of ['/api/roles', '/api/accounts', '/api/accounts/{id}/roles/{grantId}', '/api/audit'])
      expect(paths[p], p).toBeDefined();
  });

  it('needs a session', async () => {
    const res = await asClient(t.app).get('/api/roles');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });
});

describe('listing accounts', () => {
  it('shows a park admin every account of the park, with person and roles', async () => {
    const res = await admin.get('/api/accounts');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 7, page: 1, pageSize: 20 });
    const teacher = (body.items as AccountItem[]).find((a) => a.username === 'teacherA')!;
    expect(teacher).toMatchObject({
      id: park.accountIds.teacherA,
      displayName: 'teacherA',
      personId: park.persons.teacherA,
      personName: '教师A',
      personNumber: 'TA001',
      disabled: false,
      mustChangePassword: false,
    });
    expect(teacher.roles).toEqual(
      expect.arrayContaining([
        {
          id: expect.any(String),
          role: 'homeroomTeacher',
          label: '班主任',
          scopeNodeId: park.nodes.classA1!.id,
          scopeName: '学校A2025级1班',
          scopeKind: 'class',
        },
        expect.objectContaining({ role: 'member', label: '党员', scopeKind: 'branch' }),
      ]),
    );
    const adminItem = (body.items as AccountItem[]).find((a) => a.username === 'admin')!;
    expect(adminItem.lastLoginAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('shows a school admin the accounts of its school’s people and of roles inside its school', async () => {
    expect(await usernames(schoolAdminA)).toEqual(
      ['leagueA', 'schoolAdminA', 'secretaryA', 'studentA1', 'teacherA'].sort(),
    );
  });

  it('refuses roles without accounts.read', async () => {
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    const res = await secretary.get('/api/accounts');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    expect((await asClient(t.app).get('/api/accounts')).statusCode).toBe(401);
  });

  it('searches by name, 工号 and username, filters by role and state, and pages', async () => {
    expect(await usernames(admin, '&q=' + encodeURIComponent('教师'))).toEqual(['teacherA', 'teacherB']);
    expect(await usernames(admin, '&q=TB0')).toEqual(['teacherB']);
    expect(await usernames(admin, '&q=SCHOOLadmin')).toEqual(['schoolAdminA']);
    expect(await usernames(admin, '&q=%25')).toEqual([]);
    expect(await usernames(admin, '&role=member')).toEqual(['secretaryA', 'teacherA', 'teacherB']);
    expect(await usernames(admin, '&disabled=true')).toEqual([]);
    const page2 = await admin.get('/api/accounts?pageSize=3&page=2');
    expect(page2.json()).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(page2.json().items).toHaveLength(3);
    const all = await usernames(admin);
    expect((page2.json().items as AccountItem[]).map((a) => a.username)).toEqual(
      [...all].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).slice(3, 6),
    );
  });

  it('validates the query', async () => {
    const res = await admin.get('/api/accounts?pageSize=500&role=king&disabled=maybe');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toEqual(
      expect.arrayContaining(['pageSize', 'role', 'disabled']),
    );
  });

  it('reads one account, 404 outside the scope', async () => {
    const ok = await schoolAdminA.get(`/api/accounts/${park.accountIds.teacherA}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().username).toBe('teacherA');
    expect((await schoolAdminA.get(`/api/accounts/${park.accountIds.teacherB}`)).statusCode).toBe(404);
    expect((await schoolAdminA.get(`/api/accounts/${park.accountIds.admin}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/accounts/not-a-uuid`)).statusCode).toBe(400);
  });
});

describe('creating accounts', () => {
  it('creates a person’s account with their number and name and a one-time temporary password', async () => {
    const res = await schoolAdminA.post('/api/accounts', { personId: park.persons.studentA2 });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { account, temporaryPassword } = res.json() as { account: AccountItem; temporaryPassword: string };
    expect(account).toMatchObject({
      username: 'SA2001',
      displayName: '学生A乙',
      personId: park.persons.studentA2,
      personName: '学生A乙',
      personNumber: 'SA2001',
      mustChangePassword: true,
      disabled: false,
      lastLoginAt: null,
      roles: [],
    });
    expect(temporaryPassword).toMatch(/^[A-Za-z2-9]{10}$/);
    expect(passwordSchema.safeParse(temporaryPassword).success).toBe(true);

    // The account must change the temporary password before anything else.
    const c = asClient(t.app);
    await c.login('sa2001', temporaryPassword);
    const held = await c.get('/api/roles');
    expect(held.statusCode).toBe(403);
    expect(held.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await c.post('/api/auth/password', { currentPassword: temporaryPassword, newPassword: 'Fresh2Pass' });
    expect((await c.get('/api/roles')).statusCode).toBe(200);

    const [row] = await auditRows('accounts.account.create', account.id);
    expect(row).toMatchObject({ actor_name: 'schoolAdminA' });
    expect(row!.after).toMatchObject({
      username: 'SA2001',
      personId: park.persons.studentA2,
      credential: 'generated',
    });
    expect(JSON.stringify(row)).not.toContain(temporaryPassword);
    expect(JSON.stringify(row)).not.toMatch(/argon2/);
  });

  it('gives a person one account only', async () => {
    const res = await admin.post('/api/accounts', { personId: park.persons.teacherA, username: 'another' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'PERSON_HAS_ACCOUNT',
      fields: { personId: expect.any(String) },
    });
    // Asking again with the defaults reports the person's account, not the taken 学号.
    const again = await admin.post('/api/accounts', { personId: park.persons.studentA2 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PERSON_HAS_ACCOUNT');
  });

  it('keeps usernames unique regardless of case', async () => {
    const res = await admin.post('/api/accounts', { username: 'ADMIN', displayName: '冒名' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'USERNAME_TAKEN',
      fields: { username: expect.stringMatching(/已被使用/) },
    });
    // A person whose number collides with an existing username must be given another one.
    const clash = await admin.post('/api/accounts', {
      personId: park.persons.studentB2,
      username: 'teachera',
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('USERNAME_TAKEN');
  });

  it('lets a park admin create a standalone account with a chosen password, still changed at first login', async () => {
    const res = await admin.post('/api/accounts', {
      username: 'office.clerk',
      displayName: '办公室文员',
      password: 'Chosen123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().temporaryPassword).toBeUndefined();
    expect(res.json().account).toMatchObject({
      username: 'office.clerk',
      personId: null,
      mustChangePassword: true,
    });
    await firstLogin('office.clerk', 'Chosen123');
  });

  it('validates the body with Chinese field messages', async () => {
    const res = await admin.post('/api/accounts', { username: '张 三', password: 'short', personId: 'x' });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields as Record<string, string>;
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['username', 'password', 'personId']));
    expect(fields.password).toMatch(/密码/);
    const noName = await admin.post('/api/accounts', {});
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.fields).toMatchObject({
      username: '请输入用户名',
      displayName: '请输入显示名称',
    });
  });

  it('keeps a school admin to its own school’s people', async () => {
    const other = await schoolAdminA.post('/api/accounts', { personId: park.persons.studentB1 });
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toMatchObject({
      code: 'PERSON_NOT_FOUND',
      fields: { personId: expect.any(String) },
    });
    const missing = await admin.post('/api/accounts', { personId: crypto.randomUUID() });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('PERSON_NOT_FOUND');
    const standalone = await schoolAdminA.post('/api/accounts', {
      username: 'freelancer',
      displayName: '自由人',
    });
    expect(standalone.statusCode).toBe(403);
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    expect((await secretary.post('/api/accounts', { personId: park.persons.studentA1 })).statusCode).toBe(
      403,
    );
  });
});

describe('editing, disabling and resetting', () => {
  it('edits the display name, audited with before and after', async () => {
    const res = await schoolAdminA.patch(`/api/accounts/${park.accountIds.leagueA}`, {
      displayName: '学校A团委',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().displayName).toBe('学校A团委');
    const [row] = await auditRows('accounts.account.update', park.accountIds.leagueA!);
    expect(row!.before).toMatchObject({ displayName: 'leagueA' });
    expect(row!.after).toMatchObject({ displayName: '学校A团委' });
    const blank = await admin.patch(`/api/accounts/${park.accountIds.leagueA}`, { displayName: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields.displayName).toBe('请输入显示名称');
  });

  it('disabling ends the account’s sessions and bars login; enabling restores it', async () => {
    const teacherB = await asClient(t.app).login('teacherB', PASSWORD);
    expect((await teacherB.get('/api/auth/me')).statusCode).toBe(200);
    const res = await admin.patch(`/api/accounts/${park.accountIds.teacherB}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await teacherB.get('/api/auth/me')).statusCode).toBe(401);
    const login = await asClient(t.app).post('/api/auth/login', { username: 'teacherB', password: PASSWORD });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    expect(await usernames(admin, '&disabled=true')).toEqual(['teacherB']);
    const [row] = await auditRows('accounts.account.update', park.accountIds.teacherB!);
    expect(row!.after).toMatchObject({ disabled: true, sessionsEnded: 1 });

    expect(
      (await admin.patch(`/api/accounts/${park.accountIds.teacherB}`, { disabled: false })).json().disabled,
    ).toBe(false);
    await asClient(t.app).login('teacherB', PASSWORD);
  });

  it('does not let anyone disable themselves', async () => {
    const res = await admin.patch(`/api/accounts/${park.accountIds.admin}`, { disabled: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('CANNOT_DISABLE_SELF');
    expect((await admin.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('keeps a school admin to the accounts it manages', async () => {
    expect(
      (await schoolAdminA.patch(`/api/accounts/${park.accountIds.teacherB}`, { disabled: true })).statusCode,
    ).toBe(404);
    expect(
      (await schoolAdminA.patch(`/api/accounts/${park.accountIds.admin}`, { disabled: true })).statusCode,
    ).toBe(404);
    // Administrator accounts are managed by a park admin only, its own included.
    const own = await schoolAdminA.patch(`/api/accounts/${park.accountIds.schoolAdminA}`, {
      displayName: '我',
    });
    expect(own.statusCode).toBe(403);
    expect(
      (await schoolAdminA.post(`/api/accounts/${park.accountIds.teacherB}/reset-password`)).statusCode,
    ).toBe(404);
  });

  it('resets a password: new temporary one returned once, sessions ended, change forced, no secret audited', async () => {
    const before = await asClient(t.app).login('studentA1', PASSWORD);
    const res = await schoolAdminA.post(`/api/accounts/${park.accountIds.studentA1}/reset-password`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { temporaryPassword } = res.json() as { temporaryPassword: string };
    expect(passwordSchema.safeParse(temporaryPassword).success).toBe(true);
    expect((await before.get('/api/auth/me')).statusCode).toBe(401);
    const old = await asClient(t.app).post('/api/auth/login', { username: 'studentA1', password: PASSWORD });
    expect(old.statusCode).toBe(401);
    await firstLogin('studentA1', temporaryPassword);

    const [row] = await auditRows('accounts.account.resetPassword', park.accountIds.studentA1!);
    expect(row).toMatchObject({
      actor_name: 'schoolAdminA',
      after: { mustChangePassword: true, sessionsEnded: 1 },
    });
    expect(JSON.stringify(row)).not.toContain(temporaryPassword);
    const all = await queryRows<{ t: string }>(t.database.db, sql`select after::text as t from audit_log`);
    expect(all.some((r) => r.t?.includes(temporaryPassword))).toBe(false);
  });
});

describe('granting and revoking roles', () => {
  const grantUrl = (key: string) => `/api/accounts/${park.accountIds[key]}/roles`;

  it('a school admin grants a fitting role inside its school; the holder gains it', async () => {
    const res = await schoolAdminA.post(grantUrl('secretaryA'), {
      role: 'homeroomTeacher',
      scopeNodeId: park.nodes.classA2!.id,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      role: 'homeroomTeacher',
      label: '班主任',
      scopeNodeId: park.nodes.classA2!.id,
      scopeName: '学校A2025级2班',
      scopeKind: 'class',
    });
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    const me = (await secretary.get('/api/auth/me')).json();
    expect(me.roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'homeroomTeacher', scopeNodeId: park.nodes.classA2!.id }),
      ]),
    );
    const [row] = await auditRows('accounts.role.grant', park.accountIds.secretaryA!);
    expect(row).toMatchObject({
      actor_name: 'schoolAdminA',
      after: { grantId: res.json().id, role: 'homeroomTeacher', scopeNodeId: park.nodes.classA2!.id },
    });

    const dup = await schoolAdminA.post(grantUrl('secretaryA'), {
      role: 'homeroomTeacher',
      scopeNodeId: park.nodes.classA2!.id,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('ROLE_ALREADY_GRANTED');
  });

  it('refuses a node of the wrong kind, naming the expected kinds in Chinese', async () => {
    const res = await admin.post(grantUrl('teacherA'), {
      role: 'homeroomTeacher',
      scopeNodeId: park.nodes.gradeA!.id,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'INVALID_ROLE_SCOPE',
      message: expect.stringMatching(/班主任.*班级/),
      fields: { scopeNodeId: expect.stringMatching(/班级/) },
    });
    const editor = await admin.post(grantUrl('teacherA'), {
      role: 'portalEditor',
      scopeNodeId: park.nodes.branchA!.id,
    });
    expect(editor.statusCode).toBe(422);
    expect(editor.json().error.message).toMatch(/园区或学校/);
    const admin2 = await admin.post(grantUrl('teacherA'), {
      role: 'parkAdmin',
      scopeNodeId: park.nodes.schoolA!.id,
    });
    expect(admin2.json().error.code).toBe('INVALID_ROLE_SCOPE');
  });

  it('refuses unknown roles, missing nodes, disabled nodes and nodes of another park', async () => {
    const unknown = await admin.post(grantUrl('teacherA'), {
      role: 'king',
      scopeNodeId: park.nodes.park!.id,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields.role).toBeDefined();

    const missing = await admin.post(grantUrl('teacherA'), {
      role: 'member',
      scopeNodeId: crypto.randomUUID(),
    });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.code).toBe('INVALID_ROLE_SCOPE');

    const created = await admin.post('/api/org/nodes', {
      parentId: park.nodes.gradeA!.id,
      kind: 'class',
      name: '学校A2025级9班',
    });
    const classId = created.json().id as string;
    await admin.patch(`/api/org/nodes/${classId}`, { disabled: true });
    const disabled = await admin.post(grantUrl('teacherA'), {
      role: 'homeroomTeacher',
      scopeNodeId: classId,
    });
    expect(disabled.statusCode).toBe(422);
    expect(disabled.json().error).toMatchObject({
      code: 'INVALID_ROLE_SCOPE',
      message: expect.stringMatching(/停用/),
    });

    const other = await createPark(t.database.db, '别的园区');
    const foreign = await admin.post(grantUrl('teacherA'), { role: 'parkAdmin', scopeNodeId: other.parkId });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.code).toBe('INVALID_ROLE_SCOPE');
  });

  it('a school admin may not grant administrator roles, nodes outside its school, or to others’ accounts', async () => {
    const adminRole = await schoolAdminA.post(grantUrl('teacherA'), {
      role: 'schoolAdmin',
      scopeNodeId: park.nodes.schoolA!.id,
    });
    expect(adminRole.statusCode).toBe(403);
    const outside = await schoolAdminA.post(grantUrl('teacherA'), {
      role: 'homeroomTeacher',
      scopeNodeId: park.nodes.classB1!.id,
    });
    expect(outside.statusCode).toBe(403);
    const parkWide = await schoolAdminA.post(grantUrl('teacherA'), {
      role: 'portalEditor',
      scopeNodeId: park.nodes.park!.id,
    });
    expect(parkWide.statusCode).toBe(403);
    const othersAccount = await schoolAdminA.post(grantUrl('teacherB'), {
      role: 'member',
      scopeNodeId: park.nodes.branchA!.id,
    });
    expect(othersAccount.statusCode).toBe(404);
    const teacher = await asClient(t.app).login('teacherA', PASSWORD);
    const noRight = await teacher.post(grantUrl('studentA1'), {
      role: 'student',
      scopeNodeId: park.nodes.classA1!.id,
    });
    expect(noRight.statusCode).toBe(403);
  });

  it('a park admin grants administrator roles', async () => {
    const res = await admin.post(grantUrl('secretaryA'), {
      role: 'schoolAdmin',
      scopeNodeId: park.nodes.schoolA!.id,
    });
    expect(res.statusCode).toBe(201);
    // Now an administrator, the account is out of the school admin's hands.
    const denied = await schoolAdminA.patch(`/api/accounts/${park.accountIds.secretaryA}`, {
      displayName: 'x',
    });
    expect(denied.statusCode).toBe(403);
    const revoke = await admin.delete(`${grantUrl('secretaryA')}/${res.json().id}`);
    expect(revoke.statusCode).toBe(204);
  });

  it('revokes a role, audited; unknown grants are 404; school admins revoke only inside their school', async () => {
    const granted = await schoolAdminA.post(grantUrl('teacherA'), {
      role: 'branchSecretary',
      scopeNodeId: park.nodes.branchA!.id,
    });
    expect(granted.statusCode).toBe(201);
    const id = granted.json().id as string;
    expect((await schoolAdminA.delete(`${grantUrl('teacherA')}/${crypto.randomUUID()}`)).statusCode).toBe(
      404,
    );
    // The grant belongs to teacherA, not to studentA1.
    expect((await schoolAdminA.delete(`${grantUrl('studentA1')}/${id}`)).statusCode).toBe(404);
    expect((await schoolAdminA.delete(`${grantUrl('teacherA')}/${id}`)).statusCode).toBe(204);
    const [row] = await auditRows('accounts.role.revoke', park.accountIds.teacherA!);
    expect(row!.before).toMatchObject({
      grantId: id,
      role: 'branchSecretary',
      scopeNodeId: park.nodes.branchA!.id,
    });
    const account = (await admin.get(`/api/accounts/${park.accountIds.teacherA}`)).json() as AccountItem;
    expect(account.roles.map((r) => r.role).sort()).toEqual(['homeroomTeacher', 'member']);

    const own = account.roles.find((r) => r.role === 'homeroomTeacher')!;
    const granteeOfB = await admin.post(grantUrl('teacherA'), {
      role: 'member',
      scopeNodeId: park.nodes.branchB!.id,
    });
    expect((await schoolAdminA.delete(`${grantUrl('teacherA')}/${granteeOfB.json().id}`)).statusCode).toBe(
      403,
    );
    expect((await admin.delete(`${grantUrl('teacherA')}/${granteeOfB.json().id}`)).statusCode).toBe(204);
    expect(own.scopeNodeId).toBe(park.nodes.classA1!.id);
  });

  it('nobody removes their own last park-admin role, so the park keeps an administrator', async () => {
    const [adminGrant] = (
      (await admin.get(`/api/accounts/${park.accountIds.admin}`)).json() as AccountItem
    ).roles.filter((r) => r.role === 'parkAdmin');
    const own = await admin.delete(`/api/accounts/${park.accountIds.admin}/roles/${adminGrant!.id}`);
    expect(own.statusCode).toBe(422);
    expect(own.json().error.code).toBe('LAST_PARK_ADMIN');

    // A second administrator may take it away from the other, but not from itself.
    const created = await admin.post('/api/accounts', { username: 'admin2', displayName: '第二管理员' });
    const admin2Id = created.json().account.id as string;
    const g = await admin.post(`/api/accounts/${admin2Id}/roles`, {
      role: 'parkAdmin',
      scopeNodeId: park.nodes.park!.id,
    });
    expect(g.statusCode).toBe(201);
    const admin2 = await firstLogin('admin2', created.json().temporaryPassword);
    const self = await admin2.delete(`/api/accounts/${admin2Id}/roles/${g.json().id}`);
    expect(self.json().error.code).toBe('LAST_PARK_ADMIN');
    expect((await admin.delete(`/api/accounts/${admin2Id}/roles/${g.json().id}`)).statusCode).toBe(204);
    expect((await admin2.get('/api/accounts')).statusCode).toBe(403);
    const still = (await admin.get(`/api/accounts/${park.accountIds.admin}`)).json() as AccountItem;
    expect(still.roles.map((r) => r.role)).toContain('parkAdmin');
  });
});
