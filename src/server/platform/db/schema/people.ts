import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, parkId, updatedAt } from './_columns';
import { orgNodes } from './org';

/**
 * Staff and students in one table (kind-specific columns are null for the other kind), so that one
 * indexed query serves every people list. ID and phone numbers are stored three ways: AES-GCM
 * ciphertext (`*_enc`), a keyed hash for exact lookup and uniqueness (`*_hash`), and the masked
 * form shown in lists (`*_masked`). The clear value never touches the database.
 */
export const people = pgTable(
  'people',
  {
    id: id(),
    parkId: parkId(),
    kind: text('kind').notNull(), // 'staff' | 'student'
    number: text('number').notNull(), // 工号 / 学号
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull().default(''),
    nameInitials: text('name_initials').notNull().default(''),
    gender: text('gender'), // 'male' | 'female'
    birthDate: date('birth_date'),
    ethnicity: text('ethnicity'),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    schoolId: uuid('school_id').references(() => orgNodes.id),
    /** staff: department; student: class */
    unitId: uuid('unit_id').references(() => orgNodes.id),
    // staff
    title: text('title'),
    isCadre: boolean('is_cadre').notNull().default(false),
    hireDate: date('hire_date'),
    // students
    isLeagueMember: boolean('is_league_member').notNull().default(false),
    leagueJoinedOn: date('league_joined_on'),
    guardianName: text('guardian_name'),
    guardianPhoneEnc: text('guardian_phone_enc'),
    guardianPhoneMasked: text('guardian_phone_masked'),
    status: text('status').notNull().default('active'), // 'active' | 'left'
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_number_uq').on(t.parkId, t.kind, t.number),
    uniqueIndex('people_id_number_uq').on(t.parkId, t.idNumberHash),
    index('people_school_idx').on(t.parkId, t.schoolId, t.kind),
    index('people_unit_idx').on(t.unitId),
    index('people_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
    index('people_number_pattern').using('btree', sql`${t.number} text_pattern_ops`),
    index('people_initials_pattern').using('btree', sql`${t.nameInitials} text_pattern_ops`),
    // The default list order (pinyin) read straight from an index; and name search by the name's
    // characters (people_name_chars() is defined in migration 0007), which serves the one- and
    // two-character Chinese terms a trigram index cannot.
    index('people_park_name_idx').on(t.parkId, t.namePinyin, t.name, t.id),
    // The list sorted by creation date (newest first) reads a page, not every row of the park.
    index('people_park_created_idx').on(t.parkId, t.createdAt, t.id),
    // fastupdate off: PGlite runs no autovacuum to flush a GIN pending list, which every search would scan.
    index('people_name_chars_idx')
      .using('gin', sql`people_name_chars(${t.name})`)
      .with({ fastupdate: false }),
  ],
);

/** Party membership of a person (RULES.md §3): 入党时间 is joinedOn, 转正时间 is fullOn. */
export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    parkId: parkId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    status: text('status').notNull(), // 'probationary' | 'full'
    branchId: uuid('branch_id')
      .notNull()
      .references(() => orgNodes.id),
    partyGroupId: uuid('party_group_id').references(() => orgNodes.id),
    joinedOn: date('joined_on').notNull(),
    /** Months the probation was extended (RULES §1 step 23), 0 when not extended. */
    probationExtensionMonths: integer('probation_extension_months').notNull().default(0),
    fullOn: date('full_on'),
    /** Monthly dues base in fen (integer), RULES §4. */
    duesBaseFen: integer('dues_base_fen'),
    duesGroup: text('dues_group').notNull().default('working'), // 'working' | 'retired' | 'student'
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('memberships_person_uq').on(t.personId),
    index('memberships_branch_idx').on(t.parkId, t.branchId),
    index('memberships_joined_month_idx').on(t.parkId, sql`extract(month from ${t.joinedOn})`),
  ],
);
