import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { breakCheckDigit, makeIdNumber, readXlsx } from '../../support/people';

let t: TestApp;
let park: Park;
let admin: Client;
const ids = {
  zhang: makeIdNumber('2009-03-15', 123), // male (odd 17th digit)
  li: makeIdNumber('2009-07-01', 224), // female
  teacherB: makeIdNumber('1980-05-20', 331),
};
let zhangId: string;
let liId: string;

const login = (u: string) => asClient(t.app).login(u, PASSWORD);
const list = async (c: Client, query = '') => {
  const res = await c.get(`/api/people${query ? '?' + query : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; schoolId: string; unitId: string; kind: string; name: string; number: string }[];
    total: number;
  };
};

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await login('admin');
  const zhang = await admin.post('/api/people', {
    kind: 'student',
    number: 'SA1002',
    name: '张三丰',
    idNumber: ids.zhang,
    phone: '13812345678',
    unitId: park.nodes.classA1!.id,
    isLeagueMember: true,
    leagueJoinedOn: '2023-05-04',
    guardianName: '张父',
    guardianPhone: '13900001111',
  });
  expect(zhang.statusCode, zhang.body).toBe(201);
  zhangId = zhang.json().id;
  const li = await admin.post('/api/people', {
    kind: 'staff',
    number: 'TA003',
    name: '李四',
    idNumber: ids.li,
    unitId: park.nodes.deptA!.id,
    title: '中学一级教师',
    isCadre: true,
    hireDate: '2015-08-25',
  });
  expect(li.statusCode, li.body).toBe(201);
  liId = li.json().id;
});
afterAll(() => t.close());

describe('API surface', () => {
  it('documents the people, members and import endpoints in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/people',
      '/api/people/export',
      '/api/people/{id}',
      '/api/people/{id}/reveal',
      '/api/people/{id}/membership',
      '/api/members',
      '/api/imports/templates/{kind}',
      '/api/imports/{kind}',
      '/api/imports/{id}',
      '/api/imports/{id}/commit',
    ])
      expect(doc.paths[path], path).toBeDefined();
  });

  it('answers 401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/people' });
    expect(res.statusCode).toBe(401);
  });
});

describe('create', () => {
  it('stores a student with the school derived from the class, numbers masked, gender and birth date from the ID', async () => {
    const res = await admin.get(`/api/people/${zhangId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'student',
      number: 'SA1002',
      schoolId: park.nodes.schoolA!.id,
      schoolName: '学校A',
      unitId: park.nodes.classA1!.id,
      unitName: '学校A2025级1班',
      gender: 'male',
      birthDate: '2009-03-15',
      idNumberMasked: ids.zhang.slice(0, 4) + '**********' + ids.zhang.slice(-4),
      phoneMasked: '138****5678',
      guardianPhoneMasked: '139****1111',
      isLeagueMember: true,
      leagueJoinedOn: '2023-05-04',
      membership: null,
      account: null,
      canReveal: true,
      canEdit: true,
    });
    expect(res.body).not.toContain(ids.zhang);
    expect(res.body).not.toContain('13812345678');
  });

  it('refuses a wrong check digit and a bad phone with Chinese field messages', async () => {
    const res = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA9001',
      name: '王五',
      idNumber: breakCheckDigit(makeIdNumber('2009-01-01', 11)),
      phone: '1234',
      unitId: park.nodes.classA1!.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { idNumber: '身份证号校验位不正确，请核对', phone: '手机号应为 11 位数字' },
    });
  });

  it('refuses a gender that contradicts the ID number, and a missing name', async () => {
    const res = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA9002',
      name: '  ',
      gender: 'female',
      idNumber: makeIdNumber('2009-01-01', 13),
      unitId: park.nodes.classA1!.id,
    });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['name']));
    const res2 = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA9002',
      name: '王五',
      gender: 'female',
      idNumber: makeIdNumber('2009-01-01', 13),
      unitId: park.nodes.classA1!.id,
    });
    expect(res2.json().error.fields).toEqual({ gender: '性别与身份证号不一致' });
  });

  it('requires a class for a student, and refuses a department as one', async () => {
    const none = await admin.post('/api/people', { kind: 'student', number: 'SA9003', name: '王五' });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields).toEqual({ unitId: '请选择班级' });
    const dept = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA9003',
      name: '王五',
      unitId: park.nodes.deptA!.id,
    });
    expect(dept.statusCode).toBe(422);
    expect(dept.json().error.code).toBe('INVALID_UNIT');
  });

  it('refuses staff-only fields on a student', async () => {
    const res = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA9004',
      name: '王五',
      title: '教师',
      unitId: park.nodes.classA1!.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ title: '学生不填写此项' });
  });

  it('answers 409 for a duplicate number and a duplicate ID number', async () => {
    const number = await admin.post('/api/people', {
      kind: 'student',
      number: 'SA1002',
      name: '重复',
      unitId: park.nodes.classA2!.id,
    });
    expect(number.statusCode).toBe(409);
    expect(number.json().error).toMatchObject({
      code: 'DUPLICATE_NUMBER',
      fields: { number: '该学号已存在' },
    });
    const id = await admin.post('/api/people', {
      kind: 'staff',
      number: 'TA9001',
      name: '重复',
      idNumber: ids.zhang.toLowerCase(),
      unitId: park.nodes.deptA!.id,
    });
    expect(id.statusCode).toBe(409);
    expect(id.json().error).toMatchObject({
      code: 'DUPLICATE_ID_NUMBER',
      fields: { idNumber: '该身份证号已被登记' },
    });
  });

  it('keeps a school admin out of another school (403) and readers out of writing', async () => {
    const a = await login('schoolAdminA');
    const res = await a.post('/api/people', {
      kind: 'student',
      number: 'SB9001',
      name: '越界',
      unitId: park.nodes.classB1!.id,
    });
    expect(res.statusCode).toBe(403);
    const teacher = await login('teacherA');
    const res2 = await teacher.post('/api/people', {
      kind: 'student',
      number: 'SA9005',
      name: '越权',
      unitId: park.nodes.classA1!.id,
    });
    expect(res2.statusCode).toBe(403);
  });

  it('validates the body shape (unknown fields, bad uuid)', async () => {
    const res = await admin.post('/api/people', { kind: 'alien', number: 'X', name: 'Y', unitId: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.json().error.fields)).toEqual(expect.arrayContaining(['kind', 'unitId']));
  });

  it('refuses a day that is not on the calendar (2025-02-31), before anything is written', async () => {
    const res = await admin.post('/api/people', {
      kind: 'staff',
      number: 'TD0231',
      name: '二月',
      unitId: park.nodes.deptA!.id,
      hireDate: '2025-02-31',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { hireDate: '入职日期应为有效日期（YYYY-MM-DD）' },
    });
    const patch = await admin.patch(`/api/people/${liId}`, { hireDate: '2023-02-29' });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.fields).toEqual({ hireDate: '入职日期应为有效日期（YYYY-MM-DD）' });
    expect((await list(admin, 'q=TD0231')).total).toBe(0);
  });
});

describe('encryption at rest', () => {
  it('stores no clear ID or phone number in the people row or the audit trail', async () => {
    const [row] = await queryRows<Record<string, unknown>>(
      t.database.db,
      sql`select * from people where id = ${zhangId}`,
    );
    const raw = JSON.stringify(row);
    expect(raw).not.toContain(ids.zhang);
    expect(raw).not.toContain('13812345678');
    expect(raw).not.toContain('13900001111');
    expect(String(row!.id_number_enc)).toMatch(/^v1:/);
    expect(row!.id_number_hash).toBe(t.cipher.blindIndex(ids.zhang));
    expect(t.cipher.decrypt(String(row!.id_number_enc))).toBe(ids.zhang);
    const audit = await queryRows<{ after: unknown }>(
      t.database.db,
      sql`select after from audit_log where entity_id = ${zhangId}`,
    );
    expect(audit.length).toBeGreaterThan(0);
    const trail = JSON.stringify(audit);
    expect(trail).not.toContain(ids.zhang);
    expect(trail).not.toContain('13812345678');
    expect(trail).not.toContain(String(row!.id_number_enc));
  });

  it('fills pinyin and initials for search', async () => {
    const [row] = await queryRows<{ name_pinyin: string; name_initials: string }>(
      t.database.db,
      sql`select name_pinyin, name_initials from people where id = ${zhangId}`,
    );
    expect(row).toEqual({ name_pinyin: 'zhangsanfeng', name_initials: 'zsf' });
  });
});

describe('list scoping', () => {
  it('shows the park admin both schools', async () => {
    const r = await list(admin, 'pageSize=100');
    const schools = new Set(r.items.map((i) => i.schoolId));
    expect(schools).toEqual(new Set([park.nodes.schoolA!.id, park.nodes.schoolB!.id]));
    expect(r.total).toBe(10);
  });

  it('shows a school admin of A no school B person', async () => {
    const r = await list(await login('schoolAdminA'), 'pageSize=100');
    expect(r.total).toBe(6);
    expect(r.items.every((i) => i.schoolId === park.nodes.schoolA!.id)).toBe(true);
  });

  it('shows a homeroom teacher the students of their class only', async () => {
    const r = await list(await login('teacherA'), 'kind=student&pageSize=100');
    expect(r.items.map((i) => i.number).sort()).toEqual(['SA1001', 'SA1002']);
    expect(r.items.every((i) => i.unitId === park.nodes.classA1!.id)).toBe(true);
  });

  it('shows a student only themselves', async () => {
    const r = await list(await login('studentA1'));
    expect(r.total).toBe(1);
    expect(r.items[0]!.id).toBe(park.persons.studentA1);
  });

  it('shows the League committee its school’s students only', async () => {
    const r = await list(await login('leagueA'), 'pageSize=100');
    expect(r.items.length).toBe(3);
    expect(r.items.every((i) => i.kind === 'student' && i.schoolId === park.nodes.schoolA!.id)).toBe(true);
  });

  it('shows a branch secretary their school, not school B', async () => {
    const r = await list(await login('secretaryA'), 'pageSize=100');
    expect(r.items.every((i) => i.schoolId === park.nodes.schoolA!.id)).toBe(true);
    expect(r.total).toBe(6);
  });

  it('answers 404 for a person outside the scope', async () => {
    const a = await login('schoolAdminA');
    expect((await a.get(`/api/people/${park.persons.studentB1}`)).statusCode).toBe(404);
    const secretary = await login('secretaryA');
    expect((await secretary.get(`/api/people/${park.persons.studentB1}`)).statusCode).toBe(404);
    const teacher = await login('teacherA');
    expect((await teacher.get(`/api/people/${park.persons.studentA2}`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/people/${park.persons.studentA1}`)).statusCode).toBe(200);
    expect((await admin.get(`/api/people/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await admin.get('/api/people/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('search, filters, sort, pagination', () => {
  it('finds by name substring, number prefix (any case) and pinyin initials', async () => {
    expect((await list(admin, `q=${encodeURIComponent('三丰')}`)).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, 'q=SA100')).items.map((i) => i.number).sort()).toEqual(['SA1001', 'SA1002']);
    expect((await list(admin, 'q=sa1002')).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, 'q=zsf')).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, 'q=zs')).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, `q=${encodeURIComponent('%')}`)).total).toBe(0);
  });

  it('does not widen the scope through search', async () => {
    const r = await list(await login('schoolAdminA'), 'q=SB');
    expect(r.total).toBe(0);
  });

  it('filters by kind, school, class, grade, membership, cadre, League and status', async () => {
    expect((await list(admin, 'kind=staff&pageSize=100')).total).toBe(5);
    expect((await list(admin, `schoolId=${park.nodes.schoolB!.id}`)).total).toBe(4);
    expect((await list(admin, `unitId=${park.nodes.classA1!.id}`)).total).toBe(2);
    expect((await list(admin, `gradeId=${park.nodes.gradeA!.id}`)).total).toBe(3);
    expect((await list(admin, 'memberStatus=full')).total).toBe(4);
    expect((await list(admin, 'memberStatus=none&kind=staff')).items.map((i) => i.id)).toEqual([liId]);
    expect((await list(admin, `branchId=${park.nodes.branchA!.id}`)).total).toBe(2);
    expect((await list(admin, 'isCadre=true')).items.map((i) => i.id)).toEqual([liId]);
    expect((await list(admin, 'isLeagueMember=true')).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, 'status=left')).total).toBe(0);
  });

  it('sorts and paginates without overlap', async () => {
    const p1 = await list(admin, 'sort=number&order=desc&pageSize=4&page=1');
    const p2 = await list(admin, 'sort=number&order=desc&pageSize=4&page=2');
    const p3 = await list(admin, 'sort=number&order=desc&pageSize=4&page=3');
    expect(p1.total).toBe(10);
    const all = [...p1.items, ...p2.items, ...p3.items].map((i) => i.number);
    expect(all).toHaveLength(10);
    expect(new Set(all).size).toBe(10);
    expect(all).toEqual([...all].sort().reverse());
    const res = await admin.get('/api/people?pageSize=101');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.pageSize).toBeDefined();
  });
});

describe('edit', () => {
  it('updates pinyin with the name and moves a student to another class', async () => {
    const res = await admin.patch(`/api/people/${zhangId}`, { name: '张三', unitId: park.nodes.classA2!.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: '张三',
      unitId: park.nodes.classA2!.id,
      schoolId: park.nodes.schoolA!.id,
    });
    expect((await list(admin, 'q=zs')).items.map((i) => i.id)).toEqual([zhangId]);
    expect((await list(admin, 'q=zsf')).total).toBe(0);
    await admin.patch(`/api/people/${zhangId}`, { name: '张三丰', unitId: park.nodes.classA1!.id });
  });

  it('checks a new birth date against the stored ID number', async () => {
    const res = await admin.patch(`/api/people/${zhangId}`, { birthDate: '2001-01-01' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual({ birthDate: '出生日期与身份证号不一致' });
  });

  it('lets a school admin not move someone into another school', async () => {
    const a = await login('schoolAdminA');
    const res = await a.patch(`/api/people/${zhangId}`, { unitId: park.nodes.classB1!.id });
    expect(res.statusCode).toBe(403);
  });

  it('refuses edits by a reader (homeroom teacher) and out of scope (404)', async () => {
    const teacher = await login('teacherA');
    expect((await teacher.patch(`/api/people/${zhangId}`, { name: '改名' })).statusCode).toBe(403);
    const a = await login('schoolAdminA');
    expect((await a.patch(`/api/people/${park.persons.studentB1}`, { name: '改名' })).statusCode).toBe(404);
  });

  it('audits the change with masked numbers only', async () => {
    const res = await admin.patch(`/api/people/${park.persons.teacherB}`, {
      idNumber: ids.teacherB,
      phone: '13700001234',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ gender: 'male', birthDate: '1980-05-20' });
    const rows = await queryRows<{ action: string; before: unknown; after: { idNumberMasked?: string } }>(
      t.database.db,
      sql`select action, before, after from audit_log where entity_id = ${park.persons.teacherB} and action = 'people.person.update'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after.idNumberMasked).toBe(
      ids.teacherB.slice(0, 4) + '**********' + ids.teacherB.slice(-4),
    );
    expect(JSON.stringify(rows)).not.toContain(ids.teacherB);
  });
});

describe('reveal', () => {
  it('reveals to an admin and audits which fields, never the values', async () => {
    const res = await admin.post(`/api/people/${zhangId}/reveal`, { fields: ['idNumber', 'guardianPhone'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: ids.zhang, guardianPhone: '13900001111' });
    const rows = await queryRows<{ after: { fields: string[] }; actor_name: string }>(
      t.database.db,
      sql`select after, actor_name from audit_log where action = 'people.person.reveal' and entity_id = ${zhangId}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.after.fields).toEqual(['idNumber', 'guardianPhone']);
    expect(rows[0]!.actor_name).toBe('admin');
    expect(JSON.stringify(rows)).not.toContain(ids.zhang);
  });

  it('refuses a homeroom teacher (403) and a member someone else’s number (404), allows one’s own', async () => {
    const teacher = await login('teacherA');
    expect((await teacher.post(`/api/people/${zhangId}/reveal`, { fields: ['idNumber'] })).statusCode).toBe(
      403,
    );
    const member = await login('teacherB');
    expect(
      (await member.post(`/api/people/${park.persons.teacherA}/reveal`, { fields: ['idNumber'] })).statusCode,
    ).toBe(404);
    const own = await member.post(`/api/people/${park.persons.teacherB}/reveal`, {
      fields: ['idNumber', 'phone'],
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual({ idNumber: ids.teacherB, phone: '13700001234' });
    const detail = await member.get(`/api/people/${park.persons.teacherB}`);
    expect(detail.json()).toMatchObject({ canReveal: true, canEdit: false });
  });

  it('validates the fields asked for', async () => {
    const res = await admin.post(`/api/people/${zhangId}/reveal`, { fields: ['password'] });
    expect(res.statusCode).toBe(400);
    expect((await admin.post(`/api/people/${zhangId}/reveal`, { fields: [] })).statusCode).toBe(400);
  });
});

describe('export', () => {
  it('exports the filtered list masked by default, and audits it', async () => {
    const res = await admin.get('/api/people/export?kind=student&schoolId=' + park.nodes.schoolA!.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    // Named by the day in China (between 00:00 and 08:00 there, UTC's day is the day before).
    const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      `人员名单-${chinaDay}.xlsx`,
    );
    const book = await readXlsx(res.rawPayload);
    const sheet = book['学生']!;
    expect(sheet[0]!.slice(0, 7)).toEqual(['学号', '姓名', '性别', '出生日期', '身份证号', '手机号', '学校']);
    expect(sheet).toHaveLength(4);
    const zhang = sheet.find((r) => r[0] === 'SA1002')!;
    expect(zhang[4]).toBe(ids.zhang.slice(0, 4) + '**********' + ids.zhang.slice(-4));
    expect(res.rawPayload.toString('latin1')).not.toContain(ids.zhang);
    const [row] = await queryRows<{ after: { count: number; revealed: boolean } }>(
      t.database.db,
      sql`select after from audit_log where action = 'people.person.export' order by id desc limit 1`,
    );
    expect(row!.after).toMatchObject({ count: 3, revealed: false });
  });

  it('reveals when asked by someone who may, and audits that', async () => {
    const res = await admin.get('/api/people/export?kind=student&reveal=true&q=SA1002');
    const sheet = (await readXlsx(res.rawPayload))['学生']!;
    expect(sheet[1]![4]).toBe(ids.zhang);
    expect(sheet[1]![5]).toBe('13812345678');
    const [row] = await queryRows<{ after: { count: number; revealed: boolean } }>(
      t.database.db,
      sql`select after from audit_log where action = 'people.person.export' order by id desc limit 1`,
    );
    expect(row!.after).toMatchObject({ count: 1, revealed: true });
  });

  it('keeps a school admin’s export inside their school and refuses non-exporters', async () => {
    const a = await login('schoolAdminA');
    const book = await readXlsx((await a.get('/api/people/export')).rawPayload);
    expect(Object.keys(book)).toEqual(['教职工', '学生']);
    const schools = [...book['教职工']!.slice(1), ...book['学生']!.slice(1)].map(
      (r) => r[6] === '学校A' || r[7] === '学校A',
    );
    expect(schools.every(Boolean)).toBe(true);
    expect(book['教职工']!.length - 1 + book['学生']!.length - 1).toBe(6);
    expect((await (await login('secretaryA')).get('/api/people/export')).statusCode).toBe(403);
  });
});

describe('the total of a long list', () => {
  // 1,100 students of school B, inserted in one statement (the API would take a minute for them):
  // past the 1,000 matches the list counts exactly, the total is an estimate and says so.
  const COUNT = 1100;
  beforeAll(async () => {
    await queryRows(
      t.database.db,
      sql`insert into people (park_id, kind, number, name, name_pinyin, name_initials, school_id, unit_id)
          select ${park.parkId}, 'student', 'BK' || (1000 + i), '长名单' || i, 'changmingdan', 'cmd',
                 ${park.nodes.schoolB!.id}, ${park.nodes.classB1!.id}
            from generate_series(0, ${COUNT - 1}) i`,
    );
  });
  afterAll(async () => {
    await queryRows(t.database.db, sql`delete from people where number like 'BK%'`);
  });
  type Page = { items: { number: string }[]; total: number; totalExact: boolean };
  const page = async (query: string) => {
    const res = await admin.get(`/api/people?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  it('counts exactly up to 1,000 matches', async () => {
    // BK1000 … BK1099: 100 of them.
    expect(await page('q=BK10&pageSize=20')).toMatchObject({ total: 100, totalExact: true });
    expect((await page('kind=staff&pageSize=20')).totalExact).toBe(true);
  });

  it('answers an estimate past 1,000, marked as one, and pages on to the last row', async () => {
    const first = await page('q=BK&pageSize=20');
    expect(first.items).toHaveLength(20);
    expect(first.totalExact).toBe(false);
    expect(first.total).toBeGreaterThan(1000);
    // The last page is reachable and full: the total never falls below the rows shown so far.
    const last = await page(`q=BK&pageSize=20&page=${COUNT / 20}&sort=number`);
    expect(last.items.map((i) => i.number).at(-1)).toBe(`BK${1000 + COUNT - 1}`);
    expect(last.total).toBeGreaterThanOrEqual(COUNT);
    // Past the end: no rows, and still a total (counted on its own).
    const past = await page(`q=BK&pageSize=20&page=${COUNT / 20 + 1}`);
    expect(past.items).toEqual([]);
    expect(past).toMatchObject({ totalExact: false });
    expect(past.total).toBeGreaterThan(1000);
  });

  it('counts a short page past the end of a small list exactly', async () => {
    expect(await page('kind=staff&page=9&pageSize=20')).toMatchObject({
      items: [],
      total: 5,
      totalExact: true,
    });
  });
});
