import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import { buildCsv, buildXlsx, multipart, readXlsx } from '../../support/people';

// The organisation tree from a spreadsheet: template, upload → report and preview, commit.
// The fixture park (test/support/fixtures.ts) is 测试园区 → 测试园区党总支 → 学校A, 学校B, each with
// a branch, a department 学校X教务处, a grade 学校X2025级 with classes and a League committee 学校X团委.

let t: TestApp;
let park: Park;
let admin: Client;

const HEADER = ['名称', '类型', '上级', '编码', '排序'];
type Row = (string | number | null)[];

const login = (u: string) => asClient(t.app).login(u, PASSWORD);
const uploadOrg = async (c: Client, rows: Row[], fileName = '组织架构.xlsx') =>
  c.request({
    method: 'POST',
    url: '/api/imports/org',
    ...multipart(fileName, await buildXlsx([HEADER, ...rows])),
  });
const nodeCount = async () =>
  (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from org_nodes`))[0]!.n;

interface TreeNode {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  code: string | null;
  sortOrder: number;
  schoolId: string | null;
}
const tree = async (c: Client = admin): Promise<TreeNode[]> => (await c.get('/api/org/tree')).json().items;
/** Each node of the tree API's answer as 名称 → [类型, 上级名称]. */
const parentsOf = (items: TreeNode[]) => {
  const byId = new Map(items.map((n) => [n.id, n]));
  return new Map(items.map((n) => [n.name, [n.kind, n.parentId ? byId.get(n.parentId)!.name : null]]));
};

/** Uploads rows that must be refused: the report, and nothing written. */
async function refused(rows: Row[], c: Client = admin) {
  const before = await nodeCount();
  const res = await uploadOrg(c, rows);
  expect(res.statusCode, res.body).toBe(200);
  const job = res.json();
  expect(job.status).toBe('invalid');
  expect(job.preview).toBeUndefined();
  expect(await nodeCount()).toBe(before);
  return job.errors as { row: number; column: string; message: string; code: string }[];
}

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await login('admin');
});
afterAll(() => t.close());

describe('org template', () => {
  it('serves an .xlsx template: a sheet with the Chinese headers, and an instructions sheet with an example', async () => {
    const res = await admin.get('/api/imports/templates/org');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('组织架构导入模板.xlsx'));
    const book = await readXlsx(res.rawPayload);
    expect(Object.keys(book)).toEqual(['组织架构', '填写说明']);
    expect(book['组织架构']).toEqual([HEADER]);
    const help = book['填写说明']!;
    expect(help[0]).toEqual(['列', '说明', '']);
    expect(help.map((r) => r[0])).toEqual(expect.arrayContaining(['名称（必填）', '类型（必填）', '上级']));
    expect(help).toContainEqual(['2025级数控1班', '班级', '青溪职业技术学校/2025级']);
  });

  it('serves a CSV template with a BOM', async () => {
    const res = await admin.get('/api/imports/templates/org?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.rawPayload.toString('utf8').slice(1).trim()).toBe('名称,类型,上级,编码,排序');
  });

  it('needs org.write', async () => {
    const teacher = await login('teacherA');
    expect((await teacher.get('/api/imports/templates/org')).statusCode).toBe(403);
    const res = await uploadOrg(teacher, [['某学校', '学校', '']]);
    expect(res.statusCode).toBe(403);
  });
});

const QINGXI: Row[] = [
  ['青溪职业技术学校', '学校', '', 'QX', 3],
  ['青溪职业技术学校第一党支部', '党支部', '青溪职业技术学校', null, null],
  ['第一党小组', '党小组', '青溪职业技术学校/青溪职业技术学校第一党支部', null, null],
  ['教务处', '科室', '青溪职业技术学校', null, 1],
  ['2025级', '年级', '青溪职业技术学校', null, null],
  ['2025级数控1班', '班级', '青溪职业技术学校/2025级', null, null],
  ['校团委', '校团委', '青溪职业技术学校', null, null],
  ['2025级数控1班团支部', '团支部', '校团委', null, null],
  ['园区机关党支部', '党支部', '测试园区党总支', null, null],
];

describe('a valid file', () => {
  it('previews every row, writes nothing until confirmed, then creates the whole subtree', async () => {
    const before = await nodeCount();
    const res = await uploadOrg(admin, QINGXI);
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({
      kind: 'org',
      status: 'validated',
      totalRows: 9,
      toCreate: 9,
      toUpdate: 0,
      unchanged: 0,
      errors: [],
    });
    expect(job.preview).toEqual([
      {
        row: 2,
        name: '青溪职业技术学校',
        kind: 'school',
        kindLabel: '学校',
        parentPath: '测试园区党总支',
        action: 'create',
      },
      {
        row: 3,
        name: '青溪职业技术学校第一党支部',
        kind: 'branch',
        kindLabel: '党支部',
        parentPath: '测试园区党总支 / 青溪职业技术学校',
        action: 'create',
      },
      {
        row: 4,
        name: '第一党小组',
        kind: 'partyGroup',
        kindLabel: '党小组',
        parentPath: '测试园区党总支 / 青溪职业技术学校 / 青溪职业技术学校第一党支部',
        action: 'create',
      },
      {
        row: 5,
        name: '教务处',
        kind: 'department',
        kindLabel: '科室',
        parentPath: '测试园区党总支 / 青溪职业技术学校',
        action: 'create',
      },
      {
        row: 6,
        name: '2025级',
        kind: 'grade',
        kindLabel: '年级',
        parentPath: '测试园区党总支 / 青溪职业技术学校',
        action: 'create',
      },
      {
        row: 7,
        name: '2025级数控1班',
        kind: 'class',
        kindLabel: '班级',
        parentPath: '测试园区党总支 / 青溪职业技术学校 / 2025级',
        action: 'create',
      },
      {
        row: 8,
        name: '校团委',
        kind: 'leagueCommittee',
        kindLabel: '校团委',
        parentPath: '测试园区党总支 / 青溪职业技术学校',
        action: 'create',
      },
      {
        row: 9,
        name: '2025级数控1班团支部',
        kind: 'leagueBranch',
        kindLabel: '团支部',
        parentPath: '测试园区党总支 / 青溪职业技术学校 / 校团委',
        action: 'create',
      },
      {
        row: 10,
        name: '园区机关党支部',
        kind: 'branch',
        kindLabel: '党支部',
        parentPath: '测试园区党总支',
        action: 'create',
      },
    ]);
    expect(await nodeCount()).toBe(before);
    expect((await admin.get(`/api/imports/${job.id}`)).json()).toMatchObject({
      status: 'validated',
      toCreate: 9,
    });

    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ status: 'committed', toCreate: 9, unchanged: 0 });
    expect(commit.json().preview).toBeUndefined();
    expect(await nodeCount()).toBe(before + 9);

    const items = await tree();
    const parents = parentsOf(items);
    expect(parents.get('青溪职业技术学校')).toEqual(['school', '测试园区党总支']);
    expect(parents.get('青溪职业技术学校第一党支部')).toEqual(['branch', '青溪职业技术学校']);
    expect(parents.get('第一党小组')).toEqual(['partyGroup', '青溪职业技术学校第一党支部']);
    expect(parents.get('教务处')).toEqual(['department', '青溪职业技术学校']);
    expect(parents.get('2025级')).toEqual(['grade', '青溪职业技术学校']);
    expect(parents.get('2025级数控1班')).toEqual(['class', '2025级']);
    expect(parents.get('校团委')).toEqual(['leagueCommittee', '青溪职业技术学校']);
    expect(parents.get('2025级数控1班团支部')).toEqual(['leagueBranch', '校团委']);
    expect(parents.get('园区机关党支部')).toEqual(['branch', '测试园区党总支']);
    const school = items.find((n) => n.name === '青溪职业技术学校')!;
    expect(school).toMatchObject({ code: 'QX', sortOrder: 3, schoolId: school.id });
    expect(items.find((n) => n.name === '教务处')).toMatchObject({ sortOrder: 1, code: null });
    const inSchool = items.filter((n) => QINGXI.slice(1, 8).some((r) => r[0] === n.name));
    expect(inSchool).toHaveLength(7);
    for (const n of inSchool) expect(n.schoolId).toBe(school.id);
    expect(items.find((n) => n.name === '园区机关党支部')!.schoolId).toBeNull();
  });

  it('stores each path as the parent path plus the node id, as the org area does', async () => {
    const rows = await queryRows<{ name: string; ok: boolean }>(
      t.database.db,
      sql`select c.name, c.path = p.path || c.id || '/' as ok
          from org_nodes c join org_nodes p on p.id = c.parent_id
          where c.name in ('青溪职业技术学校', '第一党小组', '2025级数控1班', '2025级数控1班团支部')`,
    );
    expect(rows.map((r) => [r.name, r.ok]).sort()).toEqual([
      ['2025级数控1班', true],
      ['2025级数控1班团支部', true],
      ['第一党小组', true],
      ['青溪职业技术学校', true],
    ]);
  });

  it('audits every node it creates', async () => {
    const rows = await queryRows<{ name: string; actor_name: string }>(
      t.database.db,
      sql`select after->>'name' as name, actor_name from audit_log where action = 'org.node.import'`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(QINGXI.map((r) => r[0] as string).sort());
    expect(new Set(rows.map((r) => r.actor_name))).toEqual(new Set(['admin']));
  });

  it('re-importing the same file changes nothing: every row is unchanged', async () => {
    const before = await nodeCount();
    const job = (await uploadOrg(admin, QINGXI)).json();
    expect(job).toMatchObject({ status: 'validated', totalRows: 9, toCreate: 0, unchanged: 9, errors: [] });
    expect(job.preview.map((p: { action: string }) => p.action)).toEqual(Array(9).fill('unchanged'));
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.json()).toMatchObject({ status: 'committed', toCreate: 0, unchanged: 9 });
    expect(await nodeCount()).toBe(before);
  });

  it('adds only what is new when the file grows: a class under an existing grade', async () => {
    const before = await nodeCount();
    const rows = [...QINGXI, ['2025级数控2班', '班级', '青溪职业技术学校/2025级', null, null]];
    const job = (await uploadOrg(admin, rows)).json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 1, unchanged: 9 });
    expect(job.preview.find((p: { name: string }) => p.name === '2025级数控2班')).toMatchObject({
      action: 'create',
      parentPath: '测试园区党总支 / 青溪职业技术学校 / 2025级',
    });
    expect((await admin.post(`/api/imports/${job.id}/commit`)).statusCode).toBe(200);
    expect(await nodeCount()).toBe(before + 1);
    expect(parentsOf(await tree()).get('2025级数控2班')).toEqual(['class', '2025级']);
  });

  it('does not depend on the order of the rows: children before their parents', async () => {
    const rows: Row[] = [
      ['滨河中学2026级1班团支部', '团支部', '滨河中学/滨河中学团委'],
      ['2026级1班', '班级', '滨河中学/2026级'],
      ['滨河中学团委', '校团委', '滨河中学'],
      ['2026级', '年级', '滨河中学'],
      ['滨河中学第一党小组', '党小组', '滨河中学党支部'],
      ['滨河中学党支部', '党支部', '滨河中学'],
      ['滨河中学', '学校', ''],
    ];
    const job = (await uploadOrg(admin, rows)).json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 7, errors: [] });
    expect((await admin.post(`/api/imports/${job.id}/commit`)).statusCode).toBe(200);
    const parents = parentsOf(await tree());
    expect(parents.get('滨河中学')).toEqual(['school', '测试园区党总支']);
    expect(parents.get('2026级')).toEqual(['grade', '滨河中学']);
    expect(parents.get('2026级1班')).toEqual(['class', '2026级']);
    expect(parents.get('滨河中学团委')).toEqual(['leagueCommittee', '滨河中学']);
    expect(parents.get('滨河中学2026级1班团支部')).toEqual(['leagueBranch', '滨河中学团委']);
    expect(parents.get('滨河中学党支部')).toEqual(['branch', '滨河中学']);
    expect(parents.get('滨河中学第一党小组')).toEqual(['partyGroup', '滨河中学党支部']);
  });

  it('reads a CSV file the same way', async () => {
    const csv = buildCsv([
      HEADER,
      ['学校A2026级', '年级', '学校A', '', ''],
      ['学校A2026级1班', '班级', '学校A/学校A2026级', '', ''],
    ]);
    const res = await admin.request({
      method: 'POST',
      url: '/api/imports/org',
      ...multipart('组织架构.csv', csv),
    });
    const job = res.json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 2 });
    expect((await admin.post(`/api/imports/${job.id}/commit`)).statusCode).toBe(200);
    expect(parentsOf(await tree()).get('学校A2026级1班')).toEqual(['class', '学校A2026级']);
  });
});

describe('errors: each one reported on its row and column, nothing written', () => {
  it('required name and kind, an unknown kind, the kinds setup creates', async () => {
    expect(
      await refused([
        ['', '学校', ''],
        ['某中学', '', ''],
        ['某中学二', '支队', ''],
        ['另一个党总支', '党总支', ''],
      ]),
    ).toEqual([
      { row: 2, column: '名称', code: 'NAME_REQUIRED', message: '请填写名称' },
      { row: 3, column: '类型', code: 'KIND_REQUIRED', message: '请填写类型' },
      {
        row: 4,
        column: '类型',
        code: 'KIND_UNKNOWN',
        message:
          '类型「支队」不正确，只能填写：学校 / 党支部 / 党小组 / 科室 / 年级 / 班级 / 校团委 / 团支部',
      },
      {
        row: 5,
        column: '类型',
        code: 'KIND_NOT_IMPORTABLE',
        message: '党总支由系统建立，不能导入；请把它留作上级',
      },
    ]);
  });

  it('a name with the path separator, a name too long, a bad sort order', async () => {
    expect(
      await refused([
        ['教务处/学工处', '科室', '学校A', null, null],
        ['长'.repeat(101), '科室', '学校A', null, null],
        ['学校A总务处', '科室', '学校A', null, '第一'],
      ]),
    ).toEqual([
      {
        row: 2,
        column: '名称',
        code: 'NAME_HAS_SLASH',
        message: '名称中不能含有“/”（“/”用来分隔上级的路径）',
      },
      { row: 3, column: '名称', code: 'NAME_TOO_LONG', message: '名称不能超过 100 个字' },
      { row: 4, column: '排序', code: 'SORT_ORDER_INVALID', message: '排序须为 0 到 100000 之间的整数' },
    ]);
  });

  it('a parent that exists nowhere, and a grade with no parent', async () => {
    expect(
      await refused([
        ['某班', '班级', '不存在的年级'],
        ['某年级', '年级', ''],
      ]),
    ).toEqual([
      {
        row: 2,
        column: '上级',
        code: 'PARENT_NOT_FOUND',
        message: '上级「不存在的年级」不存在：请填写组织架构中已有的节点或本表中的节点',
      },
      { row: 3, column: '上级', code: 'PARENT_REQUIRED', message: '请填写上级：年级只能设在学校之下' },
    ]);
  });

  it('a parent named by a name two nodes share asks for the path; the path resolves it', async () => {
    const rows: Row[] = [
      ['秋季级', '年级', '学校A'],
      ['秋季级', '年级', '学校B'],
      ['秋季1班', '班级', '秋季级'],
    ];
    expect(await refused(rows)).toEqual([
      {
        row: 4,
        column: '上级',
        code: 'PARENT_AMBIGUOUS',
        message: '有 2 个节点与上级「秋季级」相符，请写出完整路径，如「学校A/秋季级」',
      },
    ]);
    const fixed = (await uploadOrg(admin, [...rows.slice(0, 2), ['秋季1班', '班级', '学校B/秋季级']])).json();
    expect(fixed).toMatchObject({ status: 'validated', toCreate: 3 });
    expect(fixed.preview[2]).toMatchObject({
      name: '秋季1班',
      parentPath: '测试园区党总支 / 学校B / 秋季级',
    });
  });

  it('a kind its parent may not hold', async () => {
    expect(
      await refused([
        ['某班', '班级', '学校A'],
        ['某党小组', '党小组', '学校A团委'],
      ]),
    ).toEqual([
      {
        row: 2,
        column: '上级',
        code: 'PARENT_KIND_NOT_ALLOWED',
        message: '班级只能设在年级之下，不能设在学校「学校A」之下',
      },
      {
        row: 3,
        column: '上级',
        code: 'PARENT_KIND_NOT_ALLOWED',
        message: '党小组只能设在党支部之下，不能设在校团委「学校A团委」之下',
      },
    ]);
  });

  it('two rows of one name under one parent; a name the parent holds with another kind', async () => {
    expect(
      await refused([
        ['学校A总务处', '科室', '学校A'],
        ['学校A总务处', '科室', '学校A'],
        ['学校A教务处', '年级', '学校A'],
      ]),
    ).toEqual([
      {
        row: 3,
        column: '名称',
        code: 'DUPLICATE_SIBLING',
        message: '与第 2 行重复：「学校A」下已有名为「学校A总务处」的一行',
      },
      {
        row: 4,
        column: '名称',
        code: 'NAME_TAKEN',
        message: '「学校A」下已有名为「学校A教务处」的科室，与本行的类型不同',
      },
    ]);
  });

  it('rows that are each other’s parent', async () => {
    expect(
      await refused([
        ['甲支部', '党支部', '乙小组'],
        ['乙小组', '党小组', '甲支部'],
      ]),
    ).toEqual([
      {
        row: 2,
        column: '上级',
        code: 'PARENT_CYCLE',
        message: '上级关系形成循环，无法确定上级「乙小组」（见第 3 行）',
      },
      {
        row: 3,
        column: '上级',
        code: 'PARENT_CYCLE',
        message: '上级关系形成循环，无法确定上级「甲支部」（见第 2 行）',
      },
    ]);
  });

  it('a parent that is disabled', async () => {
    const disable = await admin.patch(`/api/org/nodes/${park.nodes.leagueB!.id}`, { disabled: true });
    expect(disable.statusCode, disable.body).toBe(200);
    try {
      expect(await refused([['学校B新团支部', '团支部', '学校B/学校B团委']])).toEqual([
        { row: 2, column: '上级', code: 'PARENT_DISABLED', message: '上级节点「学校B团委」已停用' },
      ]);
    } finally {
      await admin.patch(`/api/org/nodes/${park.nodes.leagueB!.id}`, { disabled: false });
    }
  });

  it('a file without the 类型 column, a file without rows', async () => {
    const before = await nodeCount();
    const noKind = await admin.request({
      method: 'POST',
      url: '/api/imports/org',
      ...multipart(
        '组织架构.xlsx',
        await buildXlsx([
          ['名称', '上级'],
          ['某学校', ''],
        ]),
      ),
    });
    expect(noKind.json().errors).toEqual([
      { row: 1, column: '类型', code: 'MISSING_COLUMN', message: '缺少「类型」列，请使用下载的模板' },
    ]);
    expect(await refused([])).toEqual([{ row: 2, column: '', code: 'NO_ROWS', message: '表格中没有数据行' }]);
    expect(await nodeCount()).toBe(before);
  });

  it('more rows than an org file may hold', async () => {
    const before = await nodeCount();
    const rows: Row[] = Array.from({ length: 2001 }, (_, i) => [`科室${i}`, '科室', '学校A']);
    const res = await uploadOrg(admin, rows);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toEqual({
      code: 'TOO_MANY_ROWS',
      message: '组织架构一次最多导入 2000 行，请把文件拆分后分批导入',
    });
    expect(await nodeCount()).toBe(before);
  });

  it('an invalid job cannot be committed', async () => {
    const res = await uploadOrg(admin, [['某班', '班级', '学校A']]);
    const commit = await admin.post(`/api/imports/${res.json().id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error.code).toBe('IMPORT_NOT_COMMITTABLE');
  });

  it('a tree changed between upload and commit: the commit writes nothing and says which row', async () => {
    const job = (
      await uploadOrg(admin, [
        ['学校A2027级', '年级', '学校A'],
        ['学校A2027级1班', '班级', '学校A/学校A2027级'],
      ])
    ).json();
    expect(job.status).toBe('validated');
    // Meanwhile someone adds a department of the grade's name to the school.
    const made = await admin.post('/api/org/nodes', {
      parentId: park.nodes.schoolA!.id,
      kind: 'department',
      name: '学校A2027级',
    });
    expect(made.statusCode, made.body).toBe(201);
    const before = await nodeCount();
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error).toEqual({
      code: 'IMPORT_CONFLICT',
      message: '上传后组织架构已有变化，未导入任何数据，请重新上传文件',
    });
    expect(await nodeCount()).toBe(before);
    const failed = (await admin.get(`/api/imports/${job.id}`)).json();
    expect(failed.status).toBe('failed');
    expect(failed.errors).toEqual([
      {
        row: 2,
        column: '名称',
        code: 'NAME_TAKEN',
        message: '「学校A」下已有名为「学校A2027级」的科室，与本行的类型不同',
      },
      {
        row: 3,
        column: '上级',
        code: 'PARENT_KIND_NOT_ALLOWED',
        message: '班级只能设在年级之下，不能设在科室「学校A2027级」之下',
      },
    ]);
  });
});

describe('a school administrator', () => {
  let schoolAdmin: Client;
  beforeAll(async () => {
    schoolAdmin = await login('schoolAdminA');
  });

  it('cannot import outside their school: a new school, a node in another school', async () => {
    expect(
      await refused(
        [
          ['学校A德育处', '科室', '学校A'],
          ['新学校', '学校', ''],
          ['学校B德育处', '科室', '学校B'],
        ],
        schoolAdmin,
      ),
    ).toEqual([
      { row: 3, column: '上级', code: 'FORBIDDEN', message: '没有权限在「测试园区党总支」下添加节点' },
      { row: 4, column: '上级', code: 'FORBIDDEN', message: '没有权限在「学校B」下添加节点' },
    ]);
  });

  it('imports inside their school, naming the school itself as an unchanged row', async () => {
    const job = (
      await uploadOrg(schoolAdmin, [
        ['学校A', '学校', ''],
        ['学校A德育处', '科室', '学校A'],
      ])
    ).json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 1, unchanged: 1, errors: [] });
    const commit = await schoolAdmin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(parentsOf(await tree(schoolAdmin)).get('学校A德育处')).toEqual(['department', '学校A']);
  });
});
