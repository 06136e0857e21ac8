import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../../../src/server/platform/db/schema/index';
import { queryRows } from '../../../src/server/platform/db/rows';
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

interface Node {
  id: string;
  parentId: string | null;
  kind: string;
  kindLabel: string;
  name: string;
  code: string | null;
  sortOrder: number;
  schoolId: string | null;
  disabled: boolean;
  peopleCount: number;
  memberCount: number;
}

const id = (key: string) => park.nodes[key]!.id;

async function tree(c: Client = admin, includeDisabled = false): Promise<Node[]> {
  const res = await c.get(`/api/org/tree?includeDisabled=${includeDisabled}`);
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

async function create(c: Client, parentKeyOrId: string, kind: string, name: string) {
  const parentId = park.nodes[parentKeyOrId]?.id ?? parentKeyOrId;
  return c.post('/api/org/nodes', { parentId, kind, name });
}

/** The audit rows written for one node, oldest first. */
const auditOf = (entityId: string) =>
  queryRows<{
    action: string;
    actor_name: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>(
    t.database.db,
    sql`select action, actor_name, before, after from audit_log where entity_type = 'orgNode' and entity_id = ${entityId} order by id`,
  );

async function insertPerson(unitId: string, schoolId: string, number: string) {
  const [p] = await t.database.db
    .insert(people)
    .values({ parkId: park.parkId, kind: 'student', number, name: `学生${number}`, schoolId, unitId })
    .returning({ id: people.id });
  return p!.id;
}

const schoolOfPerson = async (personId: string) =>
  (
    await queryRows<{ school_id: string }>(
      t.database.db,
      sql`select school_id from people where id = ${personId}`,
    )
  )[0]!.school_id;

describe('the tree', () => {
  it('lists the whole park flat, parents before children, with labels and counts', async () => {
    const items = await tree();
    expect(items).toHaveLength(20);
    const seen = new Set<string>();
    for (const n of items) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
    expect(items[0]).toMatchObject({ id: park.parkId, kind: 'park', kindLabel: '园区', parentId: null });
    const classA1 = items.find((n) => n.id === id('classA1'))!;
    expect(classA1).toMatchObject({
      kind: 'class',
      kindLabel: '班级',
      name: '学校A2025级1班',
      schoolId: id('schoolA'),
      parentId: id('gradeA'),
      disabled: false,
      peopleCount: 1,
    });
    expect(items.find((n) => n.id === id('branchA'))).toMatchObject({ kindLabel: '党支部', memberCount: 2 });
    expect(items.find((n) => n.id === id('deptB'))).toMatchObject({ kindLabel: '科室', peopleCount: 2 });
  });

  it('is readable by every console role, not by students', async () => {
    for (const u of ['schoolAdminA', 'secretaryA', 'teacherA', 'leagueA']) {
      const c = await asClient(t.app).login(u, PASSWORD);
      expect((await tree(c)).length).toBe(20);
    }
    const student = await asClient(t.app).login('studentA1', PASSWORD);
    expect((await student.get('/api/org/tree')).statusCode).toBe(403);
    expect((await asClient(t.app).get('/api/org/tree')).statusCode).toBe(401);
  });
});

describe('creating nodes', () => {
  it('creates a node under a fitting parent, audited', async () => {
    const res = await create(admin, 'schoolA', 'department', '学校A德育处');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      parentId: id('schoolA'),
      kind: 'department',
      kindLabel: '科室',
      name: '学校A德育处',
      schoolId: id('schoolA'),
      disabled: false,
    });
    const rows = await auditOf(res.json().id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'org.node.create', actor_name: 'admin', before: null });
    expect(rows[0]!.after).toMatchObject({ name: '学校A德育处', kind: 'department' });
  });

  it('a new school is its own school', async () => {
    const res = await create(admin, 'generalBranch', 'school', '学校C');
    expect(res.statusCode).toBe(201);
    expect(res.json().schoolId).toBe(res.json().id);
  });

  it('refuses a class outside a grade and a party group outside a branch', async () => {
    const classUnderSchool = await create(admin, 'schoolA', 'class', '游离班');
    expect(classUnderSchool.statusCode).toBe(422);
    expect(classUnderSchool.json().error).toMatchObject({
      code: 'INVALID_PARENT',
      message: expect.stringMatching(/班级只能设在年级之下/),
      fields: { parentId: expect.any(String) },
    });
    const groupUnderGrade = await create(admin, 'gradeA', 'partyGroup', '错位党小组');
    expect(groupUnderGrade.statusCode).toBe(422);
    expect(groupUnderGrade.json().error.code).toBe('INVALID_PARENT');
    const groupUnderSchool = await create(admin, 'schoolA', 'partyGroup', '错位党小组');
    expect(groupUnderSchool.json().error.code).toBe('INVALID_PARENT');
    const ok = await create(admin, 'branchA', 'partyGroup', '学校A第二党小组');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().kindLabel).toBe('党小组');
  });

  it('refuses a duplicate name under the same parent, not under another', async () => {
    const dup = await create(admin, 'gradeA', 'class', '学校A2025级1班');
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE_NAME', fields: { name: expect.any(String) } });
    const elsewhere = await create(admin, 'gradeB', 'class', '学校A2025级1班');
    expect(elsewhere.statusCode).toBe(201);
  });

  it('refuses a disabled parent', async () => {
    const grade = await create(admin, 'schoolB', 'grade', '学校B2019级');
    await admin.patch(`/api/org/nodes/${grade.json().id}`, { disabled: true });
    const res = await create(admin, grade.json().id, 'class', '毕业班');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PARENT_DISABLED');
  });

  it('validates the body', async () => {
    const res = await admin.post('/api/org/nodes', { parentId: 'nope', kind: 'castle', name: '' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields)).toEqual(
      expect.arrayContaining(['parentId', 'kind', 'name']),
    );
    const park2 = await create(admin, 'generalBranch', 'park', '第二园区');
    expect(park2.statusCode).toBe(400);
    const missingParent = await create(admin, crypto.randomUUID(), 'grade', '幽灵年级');
    expect(missingParent.statusCode).toBe(404);
  });

  it('keeps a school admin inside its own school, and others out', async () => {
    const other = await create(schoolAdminA, 'schoolB', 'department', '越界处');
    expect(other.statusCode).toBe(403);
    const above = await create(schoolAdminA, 'generalBranch', 'school', '越界学校');
    expect(above.statusCode).toBe(403);
    const own = await create(schoolAdminA, 'gradeA', 'class', '学校A2025级3班');
    expect(own.statusCode).toBe(201);
    const secretary = await asClient(t.app).login('secretaryA', PASSWORD);
    expect((await create(secretary, 'branchA', 'partyGroup', '书记建的组')).statusCode).toBe(403);
    const rows = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from org_nodes where name in ('越界处', '越界学校', '书记建的组')`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('renaming and moving', () => {
  it('renames, audited with before and after; refuses a sibling’s name', async () => {
    const dept = (await create(admin, 'schoolB', 'department', '学校B办公室')).json() as Node;
    const res = await admin.patch(`/api/org/nodes/${dept.id}`, { name: '学校B校长办公室', code: 'XB-01' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '学校B校长办公室', code: 'XB-01' });
    const rows = await auditOf(dept.id);
    expect(rows.map((r) => r.action)).toEqual(['org.node.create', 'org.node.update']);
    expect(rows[1]!.before).toMatchObject({ name: '学校B办公室' });
    expect(rows[1]!.after).toMatchObject({ name: '学校B校长办公室' });
    const dup = await admin.patch(`/api/org/nodes/${dept.id}`, { name: '学校B教务处' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE_NAME');
  });

  it('refuses a move into the node itself or its own subtree', async () => {
    const intoChild = await admin.patch(`/api/org/nodes/${id('gradeA')}`, { parentId: id('classA1') });
    expect(intoChild.statusCode).toBe(422);
    expect(intoChild.json().error).toMatchObject({
      code: 'MOVE_CYCLE',
      fields: { parentId: expect.any(String) },
    });
    const intoSelf = await admin.patch(`/api/org/nodes/${id('branchA')}`, { parentId: id('branchA') });
    expect(intoSelf.json().error.code).toBe('MOVE_CYCLE');
    const deep = await admin.patch(`/api/org/nodes/${id('schoolA')}`, { parentId: id('leagueBranchA1') });
    expect(deep.json().error.code).toBe('MOVE_CYCLE');
  });

  it('refuses a move under an unfitting parent', async () => {
    const res = await admin.patch(`/api/org/nodes/${id('classB2')}`, { parentId: id('schoolB') });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_PARENT');
  });

  it('moving a class to another school’s grade moves its people to that school', async () => {
    const cls = (await create(admin, 'gradeA', 'class', '学校A2025级8班')).json() as Node;
    const leaf = (await create(admin, cls.id, 'class', 'x')).json();
    expect(leaf.error?.code).toBe('INVALID_PARENT');
    const person = await insertPerson(cls.id, id('schoolA'), 'SA8001');
    expect(await schoolOfPerson(person)).toBe(id('schoolA'));

    const res = await admin.patch(`/api/org/nodes/${cls.id}`, { parentId: id('gradeB') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ parentId: id('gradeB'), schoolId: id('schoolB') });
    expect(await schoolOfPerson(person)).toBe(id('schoolB'));
    // People elsewhere stay where they are.
    expect(await schoolOfPerson(park.persons.studentA1!)).toBe(id('schoolA'));
    const moved = (await tree()).find((n) => n.id === cls.id)!;
    expect(moved).toMatchObject({ parentId: id('gradeB'), schoolId: id('schoolB'), peopleCount: 1 });
    const rows = await auditOf(cls.id);
    expect(rows.at(-1)).toMatchObject({ action: 'org.node.update' });
    expect(rows.at(-1)!.before).toMatchObject({ parentId: id('gradeA'), schoolId: id('schoolA') });
    expect(rows.at(-1)!.after).toMatchObject({ parentId: id('gradeB'), schoolId: id('schoolB') });
  });

  it('moving a grade re-roots its whole subtree: classes and their people change school', async () => {
    const grade = (await create(admin, 'schoolA', 'grade', '学校A2024级')).json() as Node;
    const cls = (await create(admin, grade.id, 'class', '学校A2024级1班')).json() as Node;
    const person = await insertPerson(cls.id, id('schoolA'), 'SA7001');
    const res = await admin.patch(`/api/org/nodes/${grade.id}`, { parentId: id('schoolB') });
    expect(res.statusCode).toBe(200);
    const items = await tree();
    expect(items.find((n) => n.id === cls.id)).toMatchObject({ schoolId: id('schoolB'), parentId: grade.id });
    expect(await schoolOfPerson(person)).toBe(id('schoolB'));
    const [paths] = await queryRows<{ grade: string; cls: string }>(
      t.database.db,
      sql`select g.path as grade, c.path as cls from org_nodes g, org_nodes c where g.id = ${grade.id} and c.id = ${cls.id}`,
    );
    expect(paths!.grade.startsWith(park.nodes.schoolB!.path)).toBe(true);
    expect(paths!.cls).toBe(`${paths!.grade}${cls.id}/`);
    // It now lies in school B: school A's admin may no longer touch it.
    expect((await schoolAdminA.patch(`/api/org/nodes/${cls.id}`, { name: '改名' })).statusCode).toBe(403);
  });

  it('a school admin cannot move a node out of its school', async () => {
    const res = await schoolAdminA.patch(`/api/org/nodes/${id('classA2')}`, { parentId: id('gradeB') });
    expect(res.statusCode).toBe(403);
    const items = await tree();
    expect(items.find((n) => n.id === id('classA2'))!.parentId).toBe(id('gradeA'));
  });

  it('the park root cannot be moved or disabled', async () => {
    const res = await admin.patch(`/api/org/nodes/${park.parkId}`, { disabled: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PARK_IMMOVABLE');
  });

  it('answers unknown and malformed ids', async () => {
    expect((await admin.patch(`/api/org/nodes/${crypto.randomUUID()}`, { name: '无' })).statusCode).toBe(404);
    expect((await admin.patch('/api/org/nodes/123', { name: '无' })).statusCode).toBe(400);
  });
});

describe('disabling and deleting', () => {
  it('a node that holds people cannot be deleted, but can be disabled and enabled again', async () => {
    const cls = (await create(admin, 'gradeA', 'class', '学校A2025级6班')).json() as Node;
    await insertPerson(cls.id, id('schoolA'), 'SA6001');
    const del = await admin.delete(`/api/org/nodes/${cls.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({
      code: 'NODE_IN_USE',
      message: expect.stringMatching(/只能停用/),
    });

    const off = await admin.patch(`/api/org/nodes/${cls.id}`, { disabled: true });
    expect(off.statusCode).toBe(200);
    expect(off.json().disabled).toBe(true);
    expect((await tree()).some((n) => n.id === cls.id)).toBe(false);
    expect((await tree(admin, true)).find((n) => n.id === cls.id)).toMatchObject({ disabled: true });
    const on = await admin.patch(`/api/org/nodes/${cls.id}`, { disabled: false });
    expect(on.json().disabled).toBe(false);
    expect((await auditOf(cls.id)).map((r) => r.action)).toEqual([
      'org.node.create',
      'org.node.update',
      'org.node.update',
    ]);
  });

  it('disabling a node hides its whole subtree from the tree, leaving no orphans', async () => {
    const grade = (await create(admin, 'schoolB', 'grade', '学校B2023级')).json() as Node;
    const cls = (await create(admin, grade.id, 'class', '学校B2023级1班')).json() as Node;
    await admin.patch(`/api/org/nodes/${grade.id}`, { disabled: true });
    const items = await tree();
    expect(items.some((n) => n.id === grade.id || n.id === cls.id)).toBe(false);
    const ids = new Set(items.map((n) => n.id));
    expect(items.filter((n) => n.parentId && !ids.has(n.parentId))).toEqual([]);
    const all = await tree(admin, true);
    expect(all.find((n) => n.id === cls.id)).toMatchObject({ parentId: grade.id, disabled: false });
    await admin.patch(`/api/org/nodes/${grade.id}`, { disabled: false });
    expect((await tree()).some((n) => n.id === cls.id)).toBe(true);
  });

  it('nodes with children, members or roles are in use too', async () => {
    for (const key of ['gradeA', 'branchB', 'leagueA']) {
      const res = await admin.delete(`/api/org/nodes/${id(key)}`);
      expect(res.statusCode, key).toBe(409);
    }
    // An empty party group is not in use.
    const empty = (await create(admin, 'branchB', 'partyGroup', '临时小组')).json() as Node;
    expect((await admin.delete(`/api/org/nodes/${empty.id}`)).statusCode).toBe(204);
  });

  it('deletes an empty node, audited with what it was', async () => {
    const dept = (await create(schoolAdminA, 'schoolA', 'department', '学校A临时办')).json() as Node;
    const res = await schoolAdminA.delete(`/api/org/nodes/${dept.id}`);
    expect(res.statusCode).toBe(204);
    expect((await tree(admin, true)).some((n) => n.id === dept.id)).toBe(false);
    const rows = await auditOf(dept.id);
    expect(rows.map((r) => r.action)).toEqual(['org.node.create', 'org.node.delete']);
    expect(rows[1]).toMatchObject({ actor_name: 'schoolAdminA', after: null });
    expect(rows[1]!.before).toMatchObject({ name: '学校A临时办' });
  });

  it('a school admin cannot delete or disable in another school', async () => {
    const dept = (await create(admin, 'schoolB', 'department', '学校B临时办')).json() as Node;
    expect((await schoolAdminA.delete(`/api/org/nodes/${dept.id}`)).statusCode).toBe(403);
    expect((await schoolAdminA.patch(`/api/org/nodes/${dept.id}`, { disabled: true })).statusCode).toBe(403);
    expect((await auditOf(dept.id)).map((r) => r.action)).toEqual(['org.node.create']);
  });
});

describe('a disabled branch of the tree', () => {
  it('closes every node below it to new children', async () => {
    const grade = await admin.post('/api/org/nodes', {
      parentId: id('schoolB'),
      kind: 'grade',
      name: '2030级',
    });
    const cls = await admin.post('/api/org/nodes', {
      parentId: grade.json().id,
      kind: 'class',
      name: '2030级1班',
    });
    expect((await admin.patch(`/api/org/nodes/${grade.json().id}`, { disabled: true })).statusCode).toBe(200);
    // The class itself is enabled, but its grade is not: nothing may be added under it.
    const res = await admin.post('/api/org/nodes', {
      parentId: cls.json().id,
      kind: 'class',
      name: '不该存在',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PARENT_DISABLED');
  });

  it('suspends roles held over nodes below it until it is enabled again', async () => {
    const teacher = await asClient(t.app).login('teacherA', PASSWORD);
    const reads = async () => (await teacher.get(`/api/people/${park.persons.studentA1}`)).statusCode;
    const roles = async () =>
      (await teacher.get('/api/auth/me')).json().roles.map((r: { role: string }) => r.role);
    expect(await roles()).toContain('homeroomTeacher');
    // teacherA is homeroom teacher of classA1; disabling its grade suspends that role.
    await admin.patch(`/api/org/nodes/${id('gradeA')}`, { disabled: true });
    expect(await roles()).not.toContain('homeroomTeacher');
    expect(await reads()).toBe(404);
    await admin.patch(`/api/org/nodes/${id('gradeA')}`, { disabled: false });
    expect(await roles()).toContain('homeroomTeacher');
    expect(await reads()).toBe(200);
  });

  it('a school admin cannot disable the node its own role hangs from', async () => {
    const res = await schoolAdminA.patch(`/api/org/nodes/${id('schoolA')}`, { disabled: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('OWN_SCOPE_NODE');
  });
});
