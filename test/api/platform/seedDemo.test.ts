import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdmin } from '../../../src/server/areas/auth/bootstrap';
import { queryRows } from '../../../src/server/platform/db/rows';
import { parseIdNumber, parseMobile } from '../../../src/common/idNumber';
import { DEMO_PASSWORD, SeedRefusedError, seedDemo, type SeedSummary } from '../../../scripts/lib/seedDemo';
import { asClient, createTestApp, type TestApp } from '../../support/app';

// The demo park of `npm run seed:demo`, at a small scale, on the test database (PGlite and PostgreSQL).
describe('seed:demo', () => {
  let t: TestApp;
  let summary: SeedSummary;
  beforeAll(async () => {
    t = await createTestApp();
    summary = await seedDemo(t.database.db, t.cipher, { scale: 0.05 });
  });
  afterAll(() => t.close());

  it('builds three schools with their branches, classes and people', () => {
    expect(summary.schools.map((s) => s.name)).toEqual([
      '青溪职业技术学校',
      '青溪中等专业学校',
      '青溪职业高级中学',
    ]);
    expect(summary.counts).toMatchObject({
      classes: 9,
      staff: 60,
      probationary: 3,
      accounts: 10,
    });
    // At least the three schools' share; the first school's office branch takes in more staff at
    // this scale so that the demo secretary has a political birthday in every month.
    expect(summary.counts.members).toBeGreaterThan(24);
    expect(summary.counts.students).toBeGreaterThan(9 * 38);
    expect(summary.schools[0]!.classes[0]!.name).toMatch(/^\d{4}级数控1班$/);
  });

  it('stores valid, encrypted ID and mobile numbers that match birth date and gender', async () => {
    const rows = await queryRows<{
      birth_date: string;
      gender: string;
      id_number_enc: string;
      id_number_hash: string;
      id_number_masked: string;
      phone_enc: string | null;
      guardian_phone_enc: string | null;
    }>(
      t.database.db,
      sql`select birth_date::text, gender, id_number_enc, id_number_hash, id_number_masked, phone_enc, guardian_phone_enc from people`,
    );
    expect(rows.length).toBe(summary.counts.staff + summary.counts.students);
    for (const r of rows) {
      const id = t.cipher.decrypt(r.id_number_enc);
      expect(parseIdNumber(id)).toMatchObject({ ok: true, birthDate: r.birth_date, gender: r.gender });
      expect(r.id_number_hash).toBe(t.cipher.blindIndex(id));
      expect(r.id_number_masked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
      for (const enc of [r.phone_enc, r.guardian_phone_enc]) {
        if (enc) expect(parseMobile(t.cipher.decrypt(enc)).ok).toBe(true);
      }
    }
  });

  it('spreads political birthdays over every month; full members became full a year after joining', async () => {
    const rows = await queryRows<{ status: string; joined_on: string; full_on: string | null }>(
      t.database.db,
      sql`select status, joined_on::text, full_on::text from memberships`,
    );
    const months = new Set(rows.map((r) => Number(r.joined_on.slice(5, 7))));
    expect([...months].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const r of rows) {
      if (r.status === 'probationary') expect(r.full_on).toBeNull();
      else expect(r.full_on!.slice(0, 4)).toBe(String(Number(r.joined_on.slice(0, 4)) + 1));
    }
  });

  it('gives every demo account its role, and the park admin sees every student', async () => {
    expect(summary.accounts.map((a) => a.role)).toEqual([
      'parkAdmin',
      'schoolAdmin',
      'branchSecretary',
      'portalEditor',
      'portalReviewer',
      'leagueCommittee',
      'homeroomTeacher',
      'mentor',
      'member',
      'student',
    ]);
    for (const a of summary.accounts) {
      const client = await asClient(t.app).login(a.username, DEMO_PASSWORD);
      const me = (await client.get('/api/auth/me')).json();
      expect(me.roles.map((r: { role: string }) => r.role)).toContain(a.role);
      expect(me.mustChangePassword).toBe(false);
    }
    // The member account is in the secretary's branch.
    const scopeOf = async (username: string, role: string) => {
      const me = (await (await asClient(t.app).login(username, DEMO_PASSWORD)).get('/api/auth/me')).json();
      return me.roles.find((r: { role: string }) => r.role === role).scopeNodeId as string;
    };
    expect(await scopeOf('member', 'member')).toBe(await scopeOf('secretary', 'branchSecretary'));
    const admin = await asClient(t.app).login('parkadmin', DEMO_PASSWORD);
    const list = await admin.get('/api/people?kind=student&pageSize=5');
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(summary.counts.students);
  });

  it('refuses a database that already holds data, and changes nothing', async () => {
    await expect(seedDemo(t.database.db, t.cipher, { scale: 0.05 })).rejects.toThrow(SeedRefusedError);
    await expect(seedDemo(t.database.db, t.cipher, { scale: 0.05 })).rejects.toThrow(
      /演示数据只能写入空数据库/,
    );
    const [row] = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from people`);
    expect(row!.n).toBe(summary.counts.staff + summary.counts.students);
  });
});

describe('seed:demo after a first start with ADMIN_USERNAME', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reuses the park of the first administrator and keeps that account', async () => {
    const first = await createFirstAdmin(t.database.db, {
      parkName: '某某园区',
      username: 'boss',
      password: 'Lead2026pw',
    });
    const summary = await seedDemo(t.database.db, t.cipher, { scale: 0.05 });
    expect(summary.parkId).toBe(first.parkId);
    expect(summary.parkName).toBe('某某园区');
    expect(summary.counts.accounts).toBe(11);
    await asClient(t.app).login('boss', 'Lead2026pw');
  });
});
