import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/server/platform/db/rows';
import { people } from '../../../src/server/platform/db/schema/index';
import { asClient, createTestApp, type Client, type TestApp } from '../../support/app';
import { DONATION_HEADER, multipartFile, xlsxOf } from '../../support/donations';
import { buildPark, PASSWORD, type Park } from '../../support/fixtures';

/**
 * The public thank-you list and minors: students masked unless a guardian consented (recorded per
 * gift, in the form and the import, changeable afterwards and audited), anonymity per gift for
 * anyone, hiding the name and the group entirely.
 */

let t: TestApp;
let park: Park;
let admin: Client;
let schoolAdminA: Client;
let studentA1: Client;
let driveId: string;
let baiId: string; // a student: 白某嘉
let ouyangId: string; // a student: 欧阳嘉懿
let baiJiaId: string; // a student with a two-character name: 白嘉

beforeAll(async () => {
  t = await createTestApp();
  park = await buildPark(t.database.db);
  const [bai, ouyang, baiJia] = await t.database.db
    .insert(people)
    .values([
      {
        parkId: park.parkId,
        kind: 'student',
        number: 'SA1003',
        name: '白某嘉',
        schoolId: park.nodes.schoolA!.id,
        unitId: park.nodes.classA1!.id,
      },
      {
        parkId: park.parkId,
        kind: 'student',
        number: 'SA1004',
        name: '欧阳嘉懿',
        schoolId: park.nodes.schoolA!.id,
        unitId: park.nodes.classA1!.id,
      },
      {
        parkId: park.parkId,
        kind: 'student',
        number: 'SA2002',
        name: '白嘉',
        schoolId: park.nodes.schoolA!.id,
        unitId: park.nodes.classA2!.id,
      },
    ])
    .returning({ id: people.id });
  baiId = bai!.id;
  ouyangId = ouyang!.id;
  baiJiaId = baiJia!.id;
  const login = (u: string) => asClient(t.app).login(u, PASSWORD);
  admin = await login('admin');
  schoolAdminA = await login('schoolAdminA');
  studentA1 = await login('studentA1');
  const drive = await admin.post('/api/donations/drives', {
    type: 'donation',
    title: '助学爱心捐款',
    startsOn: '2026-05-12',
    organiserId: park.nodes.generalBranch!.id,
    eligible: ['staff', 'student', 'member', 'class'],
    publicThanks: true,
    publicAmounts: true,
  });
  expect(drive.statusCode, drive.body).toBe(201);
  driveId = drive.json().id;
});
afterAll(() => t.close());

const give = (c: Client, body: Record<string, unknown>) =>
  c.post(`/api/donations/drives/${driveId}/entries`, { method: 'cash', donorType: 'person', ...body });
const thanksJson = async () => {
  const res = await t.app.inject({ method: 'GET', url: `/api/donations/public/drives/${driveId}/thanks` });
  expect(res.statusCode).toBe(200);
  return { body: res.body, list: res.json() as { donors: { name: string; group: string | null }[] } };
};
const thanksPage = async () => {
  const res = await t.app.inject({ method: 'GET', url: `/thanks/${driveId}` });
  expect(res.statusCode).toBe(200);
  return res.body;
};

describe('students on the public thank-you list', () => {
  let baiEntry: string;

  it('are masked, with their class kept, when no guardian consented', async () => {
    const res = await give(admin, { personId: baiId, amount: '20' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ donorName: '白某嘉', guardianConsent: false, anonymous: false });
    baiEntry = res.json().id;
    // A two-character student name keeps only its first character.
    expect((await give(admin, { personId: baiJiaId, amount: '5' })).statusCode).toBe(201);

    const { body, list } = await thanksJson();
    expect(list.donors).toContainEqual(expect.objectContaining({ name: '白*嘉', group: '学校A2025级1班' }));
    expect(list.donors).toContainEqual(expect.objectContaining({ name: '白*', group: '学校A2025级2班' }));
    expect(body).not.toContain('白某嘉');
    expect(body).not.toContain('白嘉');
    const page = await thanksPage();
    expect(page).toContain('白*嘉');
    expect(page).not.toContain('白某嘉');
  });

  it('are shown in full once consent is recorded, and masked again when it is withdrawn; each change audited', async () => {
    expect(
      (await studentA1.put(`/api/donations/entries/${baiEntry}/guardian-consent`, { guardianConsent: true }))
        .statusCode,
    ).toBe(403);
    const given = await schoolAdminA.put(`/api/donations/entries/${baiEntry}/guardian-consent`, {
      guardianConsent: true,
    });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json()).toMatchObject({ id: baiEntry, guardianConsent: true, amountFen: 2000 });
    expect((await thanksJson()).list.donors).toContainEqual(expect.objectContaining({ name: '白某嘉' }));
    expect(await thanksPage()).toContain('白某嘉');

    const withdrawn = await admin.put(`/api/donations/entries/${baiEntry}/guardian-consent`, {
      guardianConsent: false,
    });
    expect(withdrawn.json().guardianConsent).toBe(false);
    const { body } = await thanksJson();
    expect(body).not.toContain('白某嘉');
    expect(body).toContain('白*嘉');

    const audits = await queryRows<{
      before: { guardianConsent: boolean };
      after: { guardianConsent: boolean };
    }>(
      t.database.db,
      sql`select before, after from audit_log where action = 'donations.entry.consent' and entity_id = ${baiEntry} order by id`,
    );
    expect(audits.map((a) => [a.before.guardianConsent, a.after.guardianConsent])).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it('a later gift without consent keeps the whole line masked', async () => {
    const ok = await give(admin, { personId: ouyangId, amount: '8', guardianConsent: true });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().guardianConsent).toBe(true);
    expect((await thanksJson()).list.donors).toContainEqual(expect.objectContaining({ name: '欧阳嘉懿' }));
    expect((await give(admin, { personId: ouyangId, amount: '2' })).statusCode).toBe(201);
    const { body, list } = await thanksJson();
    expect(list.donors).toContainEqual(expect.objectContaining({ name: '欧**懿' }));
    expect(body).not.toContain('欧阳嘉懿');
  });

  it('consent belongs to a student’s own gift only: refused for staff, classes and reversals', async () => {
    const staff = await give(admin, { personId: park.persons.teacherA!, amount: '1', guardianConsent: true });
    expect(staff.statusCode).toBe(400);
    expect(staff.json().error.fields.guardianConsent).toContain('仅学生');
    const teacherGift = await give(admin, { personId: park.persons.teacherA!, amount: '1' });
    expect(
      (
        await admin.put(`/api/donations/entries/${teacherGift.json().id}/guardian-consent`, {
          guardianConsent: true,
        })
      ).json().error.code,
    ).toBe('CONSENT_NOT_APPLICABLE');
    const reversal = await admin.post(`/api/donations/entries/${baiEntry}/reverse`, { reason: '登记有误' });
    expect(reversal.statusCode, reversal.body).toBe(201);
    const refused = await admin.put(`/api/donations/entries/${reversal.json().id}/guardian-consent`, {
      guardianConsent: true,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('CONSENT_NOT_APPLICABLE');
  });
});

describe('anonymity per gift', () => {
  it('hides the name and the group entirely; the same donor’s other gifts stay named', async () => {
    expect(
      (await give(admin, { personId: park.persons.teacherB!, amount: '50', anonymous: true })).statusCode,
    ).toBe(201);
    const { body, list } = await thanksJson();
    expect(list.donors).toContainEqual(expect.objectContaining({ name: '爱心人士', group: null }));
    expect(body).not.toContain('教师B');
    // Staff are shown by name when they do not ask for anonymity.
    expect(list.donors).toContainEqual(expect.objectContaining({ name: '教师A' }));
    // Anonymity hides a student even with consent.
    const anon = await give(admin, {
      personId: ouyangId,
      amount: '3',
      anonymous: true,
      guardianConsent: true,
    });
    expect(anon.statusCode).toBe(201);
    expect((await thanksJson()).list.donors.filter((d) => d.name === '爱心人士')).toHaveLength(2);
  });
});

describe('the import', () => {
  it('has the consent column in its template and takes it per row, students only', async () => {
    const tpl = await admin.get(`/api/donations/drives/${driveId}/import-template`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('匿名');
    expect(header).toContain('监护人同意公开姓名');

    const HEADER = [...DONATION_HEADER, '监护人同意公开姓名'];
    const bad = await admin.request({
      method: 'POST',
      url: `/api/donations/drives/${driveId}/import`,
      ...multipartFile(
        'x.xlsx',
        await xlsxOf([
          HEADER,
          ['个人', 'TA002', '书记A', '', '5', '', '', '', '', '是'],
          ['个人', 'SA2001', '', '', '5', '', '', '', '', '也许'],
        ]),
      ),
    });
    expect(bad.json().status).toBe('invalid');
    expect(bad.json().errors).toEqual([
      { row: 2, column: '监护人同意公开姓名', message: '仅学生需要监护人同意，教职工与班级请留空' },
      { row: 3, column: '监护人同意公开姓名', message: '应填“是”或“否”' },
    ]);

    // A new drive, so the lines below are the import's alone.
    const d = await admin.post('/api/donations/drives', {
      type: 'donation',
      title: '图书角捐款',
      startsOn: '2026-05-12',
      organiserId: park.nodes.generalBranch!.id,
      eligible: ['staff', 'student'],
      publicThanks: true,
    });
    const res = await admin.request({
      method: 'POST',
      url: `/api/donations/drives/${d.json().id}/import`,
      ...multipartFile(
        'ok.xlsx',
        await xlsxOf([
          HEADER,
          ['个人', 'SA1003', '白某嘉', '', '5', '', '', '', '否', '是'],
          ['个人', 'SA1004', '', '', '5', '', '', '', '', ''],
          ['个人', 'TA002', '', '', '5', '', '', '', '是', ''],
        ]),
      ),
    });
    expect(res.json().status, res.body).toBe('committed');
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/donations/public/drives/${d.json().id}/thanks`,
    });
    expect(list.json().donors.map((x: { name: string }) => x.name)).toEqual(['白某嘉', '欧**懿', '爱心人士']);
    const [audit] = await queryRows<{
      after: { entries: { guardianConsent: boolean; anonymous: boolean }[] };
    }>(
      t.database.db,
      sql`select after from audit_log where action = 'donations.entry.import' and entity_id = ${d.json().id}`,
    );
    expect(audit!.after.entries.map((e) => [e.guardianConsent, e.anonymous])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });
});

describe('the ledger in the database', () => {
  it('lets guardian_consent change and nothing else, and still refuses deletes', async () => {
    const [entry] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from donation_entries where drive_id = ${driveId} and person_id = ${ouyangId} order by seq limit 1`,
    );
    await t.database.db.execute(
      sql`update donation_entries set guardian_consent = false where id = ${entry!.id}`,
    );
    await expect(
      t.database.db.execute(sql`update donation_entries set amount_fen = 1 where id = ${entry!.id}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(
        sql`update donation_entries set guardian_consent = true, donor_name = 'x' where id = ${entry!.id}`,
      ),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(sql`delete from donation_entries where id = ${entry!.id}`),
    ).rejects.toThrow();
    const [row] = await queryRows<{ amount_fen: number; guardian_consent: boolean; donor_name: string }>(
      t.database.db,
      sql`select amount_fen, guardian_consent, donor_name from donation_entries where id = ${entry!.id}`,
    );
    expect(row).toEqual({ amount_fen: 800, guardian_consent: false, donor_name: '欧阳嘉懿' });
  });
});
