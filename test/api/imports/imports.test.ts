import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';
import {
  breakCheckDigit,
  buildCsv,
  buildXlsx,
  makeIdNumber,
  multipart,
  readXlsx,
} from '../../support/people';

let t: TestApp;
let park: Park;
let admin: Client;

const login = (u: string) => asClient(t.app).login(u, PASSWORD);
const upload = (c: Client, kind: string, fileName: string, content: Buffer, type?: string) =>
  c.request({ method: 'POST', url: `/api/imports/${kind}`, ...multipart(fileName, content, type) });
const countWhere = async (cond: ReturnType<typeof sql>) =>
  (
    await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from people where ${cond}`)
  )[0]!.n;

const STAFF_HEADER = [
  '工号',
  '姓名',
  '性别',
  '出生日期',
  '民族',
  '身份证号',
  '手机号',
  '学校',
  '部门',
  '职称',
  '中层以上干部(是/否)',
  '入职日期',
];
const staffIds = [
  makeIdNumber('1985-06-01', 101),
  makeIdNumber('1990-02-28', 202),
  makeIdNumber('1979-12-31', 302),
];
const staffRows = (bad: boolean, title = '中学一级教师') => [
  STAFF_HEADER,
  [
    'IMP001',
    '赵一',
    '男',
    '1985-06-01',
    '汉族',
    staffIds[0]!,
    '13800000001',
    '学校A',
    '学校A教务处',
    title,
    '是',
    '2010-08-25',
  ],
  [
    'IMP002',
    '钱二',
    '',
    '',
    '回族',
    bad ? breakCheckDigit(staffIds[1]!) : staffIds[1]!,
    '13800000002',
    '学校A',
    '',
    title,
    '否',
    '',
  ],
  ['IMP003', '孙三', '女', '', '汉族', staffIds[2]!, '', '学校A', '学校A教务处', '', '', '2001/9/1'],
];

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  admin = await login('admin');
});
afterAll(() => t.close());

describe('templates', () => {
  it('serves an .xlsx template with Chinese headers and a help sheet', async () => {
    const res = await admin.get('/api/imports/templates/student?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('学生导入模板.xlsx'));
    const book = await readXlsx(res.rawPayload);
    expect(Object.keys(book)).toEqual(['学生名单', '填写说明']);
    expect(book['学生名单']![0]).toEqual([
      '学号',
      '姓名',
      '性别',
      '出生日期',
      '身份证号',
      '手机号',
      '学校',
      '年级',
      '班级',
      '是否团员(是/否)',
      '入团日期',
      '监护人',
      '监护人电话',
    ]);
  });

  it('serves a UTF-8 CSV template with a BOM', async () => {
    const res = await admin.get('/api/imports/templates/staff?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.rawPayload.toString('utf8').slice(1).trim()).toBe(STAFF_HEADER.join(','));
  });

  it('needs people.import', async () => {
    expect((await (await login('teacherA')).get('/api/imports/templates/staff')).statusCode).toBe(403);
  });
});

describe('staff import from .xlsx', () => {
  let jobId: string;

  it('reports a bad row (row, column, reason) and writes nothing', async () => {
    const res = await upload(admin, 'staff', '教职工.xlsx', await buildXlsx(staffRows(true)));
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({
      kind: 'staff',
      fileName: '教职工.xlsx',
      status: 'invalid',
      totalRows: 3,
      toCreate: 0,
    });
    expect(job.errors).toEqual([{ row: 3, column: '身份证号', message: '身份证号校验位不正确，请核对' }]);
    expect(await countWhere(sql`number like 'IMP%'`)).toBe(0);
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error.code).toBe('IMPORT_NOT_COMMITTABLE');
    expect(await countWhere(sql`number like 'IMP%'`)).toBe(0);
  });

  it('validates the fixed file, then commits it in one go', async () => {
    const res = await upload(admin, 'staff', '教职工.xlsx', await buildXlsx(staffRows(false)));
    const job = res.json();
    expect(job).toMatchObject({ status: 'validated', totalRows: 3, toCreate: 3, toUpdate: 0, errors: [] });
    jobId = job.id;
    // Validated rows are kept for the commit, sealed: no clear ID or phone number at rest.
    const [stored] = await queryRows<{ rows: unknown }>(
      t.database.db,
      sql`select rows from import_jobs where id = ${jobId}`,
    );
    const raw = JSON.stringify(stored);
    for (const id of staffIds) expect(raw).not.toContain(id);
    expect(raw).not.toContain('13800000001');

    const commit = await admin.post(`/api/imports/${jobId}/commit`);
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({
      status: 'committed',
      toCreate: 3,
      toUpdate: 0,
      progress: { done: 3, total: 3 },
    });
    expect(await countWhere(sql`number like 'IMP%'`)).toBe(3);

    const list = await admin.get('/api/people?q=IMP&sort=number');
    const items = list.json().items;
    expect(items.map((i: { name: string }) => i.name)).toEqual(['赵一', '钱二', '孙三']);
    expect(items[0]).toMatchObject({
      unitName: '学校A教务处',
      isCadre: true,
      title: '中学一级教师',
      phoneMasked: '138****0001',
    });
    expect(items[1]).toMatchObject({ unitId: null, schoolId: park.nodes.schoolA!.id, gender: 'female' });
    const detail = (await admin.get(`/api/people/${items[2].id}`)).json();
    expect(detail).toMatchObject({ hireDate: '2001-09-01', birthDate: '1979-12-31', gender: 'female' });
    expect((await admin.get('/api/people?q=zy')).json().items[0].number).toBe('IMP001');

    const [raw2] = await queryRows<Record<string, unknown>>(
      t.database.db,
      sql`select * from people where number = 'IMP001'`,
    );
    expect(JSON.stringify(raw2)).not.toContain(staffIds[0]);
    const [after] = await queryRows<{ rows: unknown }>(
      t.database.db,
      sql`select rows from import_jobs where id = ${jobId}`,
    );
    expect(after!.rows).toBeNull();
  });

  it('audits the import once, with counts and the numbers written', async () => {
    const rows = await queryRows<{ entity_id: string; after: Record<string, unknown> }>(
      t.database.db,
      sql`select entity_id, after from audit_log where action = 'imports.job.commit'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.entity_id).toBe(jobId);
    expect(rows[0]!.after).toMatchObject({
      kind: 'staff',
      fileName: '教职工.xlsx',
      created: 3,
      updated: 0,
      createdNumbers: ['IMP001', 'IMP002', 'IMP003'],
    });
    expect(JSON.stringify(rows)).not.toContain(staffIds[0]);
  });

  it('shows the finished job and refuses a second commit', async () => {
    const res = await admin.get(`/api/imports/${jobId}`);
    expect(res.json()).toMatchObject({ status: 'committed', progress: { done: 3, total: 3 } });
    expect((await admin.post(`/api/imports/${jobId}/commit`)).statusCode).toBe(409);
  });

  it('updates instead of duplicating when the same file comes again', async () => {
    const res = await upload(
      admin,
      'staff',
      '教职工.xlsx',
      await buildXlsx(staffRows(false, '中学高级教师')),
    );
    const job = res.json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 0, toUpdate: 3 });
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.json()).toMatchObject({ status: 'committed', toCreate: 0, toUpdate: 3 });
    expect(await countWhere(sql`number like 'IMP%'`)).toBe(3);
    const titles = await queryRows<{ title: string; phone_masked: string | null }>(
      t.database.db,
      sql`select title, phone_masked from people where number like 'IMP%' order by number`,
    );
    // Empty cells keep what was there (IMP003 had no title in the first file either).
    expect(titles).toEqual([
      { title: '中学高级教师', phone_masked: '138****0001' },
      { title: '中学高级教师', phone_masked: '138****0002' },
      { title: null, phone_masked: null },
    ]);
  });
});

describe('student import from .csv', () => {
  const header = [
    '学号',
    '姓名',
    '性别',
    '出生日期',
    '身份证号',
    '手机号',
    '学校',
    '年级',
    '班级',
    '是否团员(是/否)',
    '入团日期',
    '监护人',
    '监护人电话',
  ];
  const id1 = makeIdNumber('2009-09-09', 411);

  it('reports duplicates inside the file, unknown classes, bad values and taken ID numbers, row by row', async () => {
    await admin.patch(`/api/people/${park.persons.studentB1}`, { idNumber: makeIdNumber('2009-01-01', 501) });
    const csv = buildCsv(
      [
        header,
        [
          'CSV001',
          '周一',
          '',
          '',
          id1,
          '',
          '学校A',
          '学校A2025级',
          '学校A2025级1班',
          '是',
          '2024-05-04',
          '周父',
          '13911112222',
        ],
        ['CSV001', '周二', '', '', '', '', '学校A', '学校A2025级', '学校A2025级2班', '否', '', '', ''],
        ['CSV003', '周三', '未知', '', id1, '', '学校A', '学校A2025级', '学校A2025级9班', '', '', '', ''],
        [
          'CSV004',
          '周四',
          '',
          '2009-13-01',
          makeIdNumber('2009-01-01', 501),
          '',
          '学校C',
          '',
          '1班',
          '也许',
          '',
          '',
          '12',
        ],
      ],
      { bom: true },
    );
    const res = await upload(admin, 'student', 'students.csv', csv, 'text/csv');
    const job = res.json();
    expect(job.status).toBe('invalid');
    expect(job.errors).toEqual([
      { row: 3, column: '学号', message: '与第 2 行的学号重复' },
      { row: 4, column: '性别', message: '性别只能填“男”或“女”' },
      {
        row: 4,
        column: '班级',
        message: '班级「学校A2025级9班」在「学校A2025级」中不存在，请与组织架构中的名称一致',
      },
      { row: 4, column: '身份证号', message: '与第 2 行的身份证号重复' },
      { row: 5, column: '出生日期', message: '日期格式不正确，应如 2008-03-15' },
      { row: 5, column: '是否团员(是/否)', message: '只能填“是”或“否”' },
      { row: 5, column: '监护人电话', message: '监护人电话应为 11 位数字' },
      { row: 5, column: '学校', message: '学校「学校C」不存在，请与组织架构中的名称一致' },
      { row: 5, column: '身份证号', message: '该身份证号已登记在其他人员名下' },
    ]);
    expect(await countWhere(sql`number like 'CSV%'`)).toBe(0);
  });

  it('imports a clean CSV, finding the class by name within the school when no grade is given', async () => {
    const csv = buildCsv([
      header,
      [
        'CSV001',
        '周一',
        '',
        '',
        id1,
        '',
        '学校A',
        '',
        '学校A2025级1班',
        '是',
        '2024-05-04',
        '周父',
        '13911112222',
      ],
      [
        'CSV002',
        '周二',
        '女',
        '2009-10-10',
        '',
        '',
        '学校A',
        '学校A2025级',
        '学校A2025级2班',
        '',
        '',
        '',
        '',
      ],
    ]);
    const job = (await upload(admin, 'student', 'students.csv', csv)).json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 2 });
    const commit = (await admin.post(`/api/imports/${job.id}/commit`)).json();
    expect(commit.status).toBe('committed');
    const list = (await admin.get('/api/people?q=CSV&sort=number')).json();
    expect(list.items).toMatchObject([
      { number: 'CSV001', unitId: park.nodes.classA1!.id, isLeagueMember: true, gender: 'male' },
      { number: 'CSV002', unitId: park.nodes.classA2!.id, isLeagueMember: false, gender: 'female' },
    ]);
    const reveal = await admin.post(`/api/people/${list.items[0].id}/reveal`, {
      fields: ['idNumber', 'guardianPhone'],
    });
    expect(reveal.json()).toEqual({ idNumber: id1, guardianPhone: '13911112222' });
  });

  it('treats missing trailing cells as blanks', async () => {
    const csv = Buffer.from(
      `${header.join(',')}\r\nCSV006,郑六,男,,,,学校A,学校A2025级,学校A2025级1班\r\n`,
      'utf8',
    );
    const job = (await upload(admin, 'student', 'short.csv', csv)).json();
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'validated', toCreate: 1 });
  });

  it('reads a GB18030 CSV as saved by Excel on Chinese Windows', async () => {
    const text = [
      header.join(','),
      'CSV005,吴五,男,2009-01-02,,,学校A,学校A2025级,学校A2025级1班,否,,,',
    ].join('\r\n');
    // GB18030 bytes for the text, built with the platform decoder's inverse: encode each char.
    const gbk = encodeGb18030(text);
    const job = (await upload(admin, 'student', 'gbk.csv', gbk)).json();
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'validated', toCreate: 1 });
  });
});

describe('scope and permission', () => {
  it('refuses a school admin rows for another school, row by row', async () => {
    const a = await login('schoolAdminA');
    const rows = [
      ['学号', '姓名', '学校', '年级', '班级'],
      ['SCO001', '甲', '学校A', '学校A2025级', '学校A2025级1班'],
      ['SCO002', '乙', '学校B', '学校B2025级', '学校B2025级1班'],
      ['SB1001', '丙', '学校A', '学校A2025级', '学校A2025级1班'],
    ];
    const job = (await upload(a, 'student', 's.xlsx', await buildXlsx(rows))).json();
    expect(job.status).toBe('invalid');
    expect(job.errors).toEqual([
      { row: 3, column: '学校', message: '没有权限导入到「学校B」' },
      { row: 4, column: '学号', message: '该学号已被本园区其他学校的人员使用，无权修改' },
    ]);
  });

  it('refuses accounts without people.import, and hides other people’s jobs', async () => {
    const teacher = await login('teacherA');
    const res = await upload(teacher, 'staff', 'a.xlsx', await buildXlsx(staffRows(false)));
    expect(res.statusCode).toBe(403);
    const job = (await upload(admin, 'staff', 'a.xlsx', await buildXlsx(staffRows(false)))).json();
    const a = await login('schoolAdminA');
    expect((await a.get(`/api/imports/${job.id}`)).statusCode).toBe(404);
    expect((await a.post(`/api/imports/${job.id}/commit`)).statusCode).toBe(404);
  });

  it('explains a missing column and a file for the other kind', async () => {
    const job = (await upload(admin, 'student', 'staff.xlsx', await buildXlsx(staffRows(false)))).json();
    expect(job.status).toBe('invalid');
    expect(job.errors[0]).toMatchObject({ row: 1, column: '学号' });
    expect(job.errors[0].message).toContain('教职工名单');
  });
});

describe('bad files', () => {
  it('refuses content that does not match the extension (415)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const res = await upload(admin, 'staff', 'photo.xlsx', png);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect((await upload(admin, 'staff', 'photo.png', png)).statusCode).toBe(415);
    const xlsx = await buildXlsx(staffRows(false));
    expect((await upload(admin, 'staff', 'names.csv', xlsx)).statusCode).toBe(415);
    const ole = Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(100), 'hex');
    const xls = await upload(admin, 'staff', 'old.xls', ole);
    expect(xls.statusCode).toBe(415);
    expect(xls.json().error.message).toContain('.xls');
  });

  it('answers 422 for a corrupt workbook, an empty file and an unterminated quote', async () => {
    const corrupt = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)]);
    const res = await upload(admin, 'staff', 'broken.xlsx', corrupt);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('INVALID_FILE');
    expect((await upload(admin, 'staff', 'empty.csv', Buffer.alloc(0))).statusCode).toBe(422);
    const quote = Buffer.from('工号,姓名,学校\r\n"T1,张,学校A\r\n', 'utf8');
    expect((await upload(admin, 'staff', 'q.csv', quote)).statusCode).toBe(422);
  });

  it('answers 413 for an over-size file and 415 for a non-multipart body, never 500', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 0x41);
    const res = await upload(admin, 'staff', 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('MB');
    const json = await admin.post('/api/imports/staff', { file: 'x' });
    expect(json.statusCode).toBe(415);
    const noFile = await admin.request({
      method: 'POST',
      url: '/api/imports/staff',
      payload: '--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--b--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
    });
    expect(noFile.statusCode).toBe(400);
    const garbage = await admin.request({
      method: 'POST',
      url: '/api/imports/staff',
      payload: 'not multipart at all',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(garbage.statusCode).toBeGreaterThanOrEqual(400);
    expect(garbage.statusCode).toBeLessThan(500);
  });

  it('explains an ID number that Excel turned into a number', async () => {
    const rows: (string | number)[][] = [
      ['工号', '姓名', '学校', '身份证号'],
      ['NUM001', '冯六', '学校A', 110105194912310020],
    ];
    const job = (await upload(admin, 'staff', 'n.xlsx', await buildXlsx(rows))).json();
    expect(job.errors).toEqual([
      {
        row: 2,
        column: '身份证号',
        message: '身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”后重新填写',
      },
    ]);
  });
});

describe('a larger file', () => {
  it('writes 1,200 students in several batches, all or nothing', async () => {
    const rows: string[][] = [['学号', '姓名', '学校', '年级', '班级', '身份证号']];
    for (let i = 0; i < 1200; i++) {
      rows.push([
        `BIG${String(i).padStart(5, '0')}`,
        `学生${i}`,
        '学校B',
        '学校B2025级',
        '学校B2025级2班',
        makeIdNumber('2010-01-01', i % 1000, i < 1000 ? '320101' : '320102'),
      ]);
    }
    const job = (await upload(admin, 'student', 'big.xlsx', await buildXlsx(rows))).json();
    expect(job, JSON.stringify(job.errors?.slice(0, 3))).toMatchObject({
      status: 'validated',
      toCreate: 1200,
    });
    const commit = (await admin.post(`/api/imports/${job.id}/commit`)).json();
    expect(commit).toMatchObject({
      status: 'committed',
      toCreate: 1200,
      progress: { done: 1200, total: 1200 },
    });
    expect(await countWhere(sql`number like 'BIG%'`)).toBe(1200);
    // Every batch wrote whole rows: the class, the school, the sealed ID number and its derived
    // birth date. (How fast this goes is measured by `npm run bench:api`, not asserted here.)
    const [written] = await queryRows<{ placed: number; sealed: number; born: number }>(
      t.database.db,
      sql`select
            count(*) filter (where p.school_id = ${park.nodes.schoolB!.id} and c.name = '学校B2025级2班')::int as placed,
            count(*) filter (where p.id_number_enc is not null and p.id_number_hash is not null
              and p.id_number_masked is not null)::int as sealed,
            count(*) filter (where p.birth_date = '2010-01-01')::int as born
          from people p join org_nodes c on c.id = p.unit_id
          where p.number like 'BIG%'`,
    );
    expect(written).toEqual({ placed: 1200, sealed: 1200, born: 1200 });
    const [audited] = await queryRows<{ created: number }>(
      t.database.db,
      sql`select jsonb_array_length(after->'createdNumbers')::int as created from audit_log
          where action = 'imports.job.commit' and entity_id = ${job.id}`,
    );
    expect(audited).toEqual({ created: 1200 });
  });
});

describe('all or nothing at commit', () => {
  it('writes nothing when a later batch fails (the class was deleted after upload)', async () => {
    const created = await admin.post('/api/org/nodes', {
      parentId: park.nodes.gradeB!.id,
      kind: 'class',
      name: '临时班',
    });
    expect(created.statusCode, created.body).toBe(201);
    const rows: string[][] = [['学号', '姓名', '学校', '年级', '班级']];
    for (let i = 0; i < 620; i++)
      rows.push([
        `ROL${String(i).padStart(4, '0')}`,
        `回滚${i}`,
        '学校B',
        '学校B2025级',
        i < 600 ? '学校B2025级1班' : '临时班',
      ]);
    const job = (await upload(admin, 'student', 'rollback.xlsx', await buildXlsx(rows))).json();
    expect(job).toMatchObject({ status: 'validated', toCreate: 620 });
    expect((await admin.delete(`/api/org/nodes/${created.json().id}`)).statusCode).toBe(204);
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(409);
    expect(commit.json().error.code).toBe('IMPORT_CONFLICT');
    expect(await countWhere(sql`number like 'ROL%'`)).toBe(0);
    expect((await admin.get(`/api/imports/${job.id}`)).json()).toMatchObject({ status: 'failed' });
    const audits = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from audit_log where action = 'imports.job.commit' and entity_id = ${job.id}`,
    );
    expect(audits[0]!.n).toBe(0);
  });

  it('re-checks ID numbers taken between upload and commit', async () => {
    const id = makeIdNumber('2010-10-10', 777);
    const rows = [
      ['学号', '姓名', '学校', '班级', '身份证号'],
      ['RACE01', '竞争', '学校A', '学校A2025级1班', id],
    ];
    const job = (await upload(admin, 'student', 'race.xlsx', await buildXlsx(rows))).json();
    expect(job.status).toBe('validated');
    await admin.patch(`/api/people/${park.persons.studentA2}`, { idNumber: id });
    const commit = await admin.post(`/api/imports/${job.id}/commit`);
    expect(commit.statusCode).toBe(409);
    const after = (await admin.get(`/api/imports/${job.id}`)).json();
    expect(after).toMatchObject({
      status: 'failed',
      errors: [{ row: 2, column: '身份证号', message: '该身份证号已登记在其他人员名下' }],
    });
    expect(await countWhere(sql`number = 'RACE01'`)).toBe(0);
  });
});

/** Encodes text as GB18030 using the reverse of TextDecoder (test helper; CJK + ASCII only). */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    let bytes = table.get(ch);
    if (!bytes) {
      search: for (let hi = 0x81; hi <= 0xfe; hi++) {
        for (let lo = 0x40; lo <= 0xfe; lo++) {
          if (lo === 0x7f) continue;
          if (decoder.decode(Uint8Array.from([hi, lo])) === ch) {
            bytes = [hi, lo];
            break search;
          }
        }
      }
      if (!bytes) throw new Error(`cannot encode ${ch}`);
      table.set(ch, bytes);
    }
    out.push(...bytes);
  }
  return Buffer.from(out);
}
