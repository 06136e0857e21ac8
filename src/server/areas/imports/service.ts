import crypto from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { importJobs, memberships, orgNodes, people } from '../../platform/db/schema/index';
import { queryRows } from '../../platform/db/rows';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { todayInShanghai } from '../../../common/dates';
import { AppError, conflict, forbidden, notFound } from '../../errors';
import type { FieldCipher } from '../../platform/crypto';
import type { Actor } from '../../access/actor';
import {
  canImportPeople,
  canWritePersonAt,
  peopleImportScopes,
  personSubject,
  type PersonKind,
} from '../people/policy';
import { subjectInScope } from '../../access/scope';
import {
  checkPersonFields,
  nameKeys,
  numberLabel,
  sealNumbers,
  type PersonField,
  type PersonFields,
} from '../people/fields';
import { columnFor, IMPORT_COLUMNS, type ImportColumn, type ImportField } from './columns';
import { readSheet, type Cell, type SheetData } from './parse';
import { refreshPeopleStats } from '../people/queries';
import { idNumberCellText, parseDateCell, parseGender, parseYesNo, plainText } from './values';

/**
 * Spreadsheet import of staff and students, in two steps.
 *
 * 1. Upload: every row is parsed and validated (fields, org names, permission, duplicates inside the
 *    file and against the database). Any error → the job is 'invalid' with a per-row report and
 *    nothing can be written. Otherwise 'validated', holding the normalised rows (sensitive numbers
 *    already sealed) and the create / update counts.
 * 2. Commit: one transaction upserts every row keyed by (park, kind, 工号/学号), in multi-row
 *    batches, and writes one audit row for the import. All or nothing.
 *
 * Progress while committing lives in memory of the instance doing it (`progress` below): the
 * writing transaction cannot publish it in the database before it commits, and on PGlite a second
 * connection does not exist. GET /imports/:id merges it in; another instance sees the job's stored
 * progress (0 until the commit ends). On PGlite the single connection is held by the commit, so a
 * poll is answered only once the commit is done.
 */
export type ImportStatus = 'validated' | 'invalid' | 'committing' | 'committed' | 'failed';
export interface ImportError {
  row: number;
  column: string;
  message: string;
}

/** A normalised row ready to write. Never a clear ID or phone number. */
export interface ImportRow {
  row: number;
  number: string;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: string | null;
  birthDate: string | null;
  ethnicity: string | null;
  title: string | null;
  isCadre: boolean;
  hireDate: string | null;
  isLeagueMember: boolean;
  leagueJoinedOn: string | null;
  guardianName: string | null;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  idNumberMasked: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  guardianPhoneEnc: string | null;
  guardianPhoneMasked: string | null;
  schoolId: string;
  unitId: string | null;
  existingId: string | null;
}
interface StoredRows {
  /** The fields the file had columns for: only these are changed on an existing person. */
  fields: ImportField[];
  rows: ImportRow[];
}

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 1000;
const BATCH_SIZE = 500;
const ANALYZE_AFTER_ROWS = 1000;

const progress = new Map<string, { done: number; total: number }>();

type JobRow = typeof importJobs.$inferSelect;

export function presentJob(job: JobRow) {
  const live = job.status === 'committing' ? progress.get(job.id) : undefined;
  return {
    id: job.id,
    kind: job.kind as PersonKind,
    fileName: job.fileName,
    status: job.status as ImportStatus,
    totalRows: job.totalRows,
    toCreate: job.toCreate,
    toUpdate: job.toUpdate,
    errors: job.errors as ImportError[],
    progress: live ?? { done: job.progressDone, total: job.progressTotal },
    createdAt: job.createdAt.toISOString(),
    committedAt: job.committedAt?.toISOString() ?? null,
  };
}
export type ImportJob = ReturnType<typeof presentJob>;

interface OrgIndex {
  schools: Map<string, { id: string; name: string; disabled: boolean }[]>;
  /** key: `${schoolId}|${name}` */
  departments: Map<string, { id: string; disabled: boolean }[]>;
  grades: Map<string, { id: string; disabled: boolean }[]>;
  /** key: `${parentId}|${name}` (grade) and `${schoolId}|${name}` (whole school) */
  classesByGrade: Map<string, { id: string; disabled: boolean }[]>;
  classesBySchool: Map<string, { id: string; disabled: boolean }[]>;
}

async function loadOrgIndex(db: Db, parkId: string): Promise<OrgIndex> {
  const nodes = await db
    .select({
      id: orgNodes.id,
      kind: orgNodes.kind,
      name: orgNodes.name,
      code: orgNodes.code,
      parentId: orgNodes.parentId,
      schoolId: orgNodes.schoolId,
      disabledAt: orgNodes.disabledAt,
    })
    .from(orgNodes)
    .where(
      and(eq(orgNodes.parkId, parkId), inArray(orgNodes.kind, ['school', 'department', 'grade', 'class'])),
    );
  const idx: OrgIndex = {
    schools: new Map(),
    departments: new Map(),
    grades: new Map(),
    classesByGrade: new Map(),
    classesBySchool: new Map(),
  };
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const n of nodes) {
    const v = { id: n.id, disabled: n.disabledAt !== null };
    const name = n.name.trim();
    if (n.kind === 'school') {
      add(idx.schools, name, { ...v, name });
      if (n.code && n.code.trim() !== name) add(idx.schools, n.code.trim(), { ...v, name });
    } else if (n.kind === 'department') add(idx.departments, `${n.schoolId}|${name}`, v);
    else if (n.kind === 'grade') add(idx.grades, `${n.schoolId}|${name}`, v);
    else if (n.kind === 'class') {
      add(idx.classesByGrade, `${n.parentId}|${name}`, v);
      add(idx.classesBySchool, `${n.schoolId}|${name}`, v);
    }
  }
  return idx;
}

/** The only node of that name, or the reason there is none. */
function pick<T extends { disabled: boolean }>(found: T[] | undefined, what: string, name: string) {
  if (!found?.length) return { error: `${what}「${name}」不存在，请与组织架构中的名称一致` };
  const enabled = found.filter((f) => !f.disabled);
  if (!enabled.length) return { error: `${what}「${name}」已停用` };
  if (enabled.length > 1) return { error: `有多个名为「${name}」的${what}` };
  return { node: enabled[0]! };
}

const jsonList = (values: string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** Parses and validates an uploaded file and stores the outcome as an import job. */
export async function uploadImport(
  db: Db,
  cipher: FieldCipher,
  actor: Actor,
  kind: PersonKind,
  file: { fileName: string; buffer: Buffer },
): Promise<ImportJob> {
  if (!canImportPeople(actor)) throw forbidden('没有导入人员的权限');
  const columns = IMPORT_COLUMNS[kind];
  const sheet = await readSheet(file.buffer, file.fileName, (cells) =>
    cells.some((c) => columnFor(kind, c)?.field === 'number'),
  );
  const { errors, stored, toCreate, toUpdate } = await validateSheet(db, cipher, actor, kind, columns, sheet);
  const fileSha256 = crypto.createHash('sha256').update(file.buffer).digest('hex');
  const invalid = errors.length > 0;
  const [job] = await db
    .insert(importJobs)
    .values({
      parkId: actor.parkId,
      kind,
      createdBy: actor.accountId,
      fileName: file.fileName.slice(0, 200),
      fileSha256,
      status: invalid ? 'invalid' : 'validated',
      totalRows: sheet.rows.length,
      toCreate: invalid ? 0 : toCreate,
      toUpdate: invalid ? 0 : toUpdate,
      errors: reportable(errors),
      rows: invalid ? null : stored,
      progressDone: 0,
      progressTotal: sheet.rows.length,
    })
    .returning();
  return presentJob(job!);
}

function reportable(errors: ImportError[]): ImportError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { row: 0, column: '', message: `共 ${errors.length} 处错误，仅列出前 ${MAX_REPORTED_ERRORS} 处` },
  ];
}

async function validateSheet(
  db: Db,
  cipher: FieldCipher,
  actor: Actor,
  kind: PersonKind,
  columns: ImportColumn[],
  sheet: SheetData,
): Promise<{ errors: ImportError[]; stored: StoredRows; toCreate: number; toUpdate: number }> {
  const errors: ImportError[] = [];
  const label = numberLabel(kind);

  // Header: which column holds which field.
  const at = new Map<ImportField, { index: number; header: string }>();
  sheet.header.cells.forEach((cell, index) => {
    const col = columnFor(kind, cell.text);
    if (!col) return;
    if (at.has(col.field))
      errors.push({ row: sheet.header.number, column: cell.text, message: `「${col.header}」列重复` });
    else at.set(col.field, { index, header: cell.text });
  });
  for (const col of columns.filter((c) => c.required && !at.has(c.field))) {
    const other = kind === 'staff' ? '学号' : '工号';
    const hint = sheet.header.cells.some((c) => c.text.replace(/\s|\*/g, '') === other)
      ? `（这似乎是${kind === 'staff' ? '学生' : '教职工'}名单，请在对应的导入入口上传）`
      : '，请使用下载的模板';
    errors.push({ row: sheet.header.number, column: col.header, message: `缺少「${col.header}」列${hint}` });
  }
  const empty: StoredRows = { fields: [...at.keys()], rows: [] };
  if (errors.length) return { errors, stored: empty, toCreate: 0, toUpdate: 0 };
  if (!sheet.rows.length) {
    errors.push({ row: sheet.header.number + 1, column: '', message: '表格中没有数据行' });
    return { errors, stored: empty, toCreate: 0, toUpdate: 0 };
  }

  const org = await loadOrgIndex(db, actor.parkId);
  const importScopes = peopleImportScopes(actor);
  const today = todayInShanghai();
  const header = (f: ImportField) => at.get(f)?.header ?? columns.find((c) => c.field === f)?.header ?? f;
  /** The row's cell for a field's column; a row shorter than the header has blanks at its end. */
  const blank: Cell = { text: '', numeric: false };
  const cellOf = (cells: Cell[], f: ImportField): Cell | undefined => {
    const pos = at.get(f);
    return pos ? (cells[pos.index] ?? blank) : undefined;
  };
  /** Field errors from checkPersonFields land on the column the user can fix. */
  const columnOfField = (f: PersonField): string => {
    if ((f === 'birthDate' || f === 'gender') && !at.has(f)) return header('idNumber');
    return header(f as ImportField);
  };

  const rows: ImportRow[] = [];
  /** Every row's number and ID hash, checked against the database even when the row has other errors. */
  const checks: { row: number; number?: string; idHash?: string }[] = [];
  const firstRowOfNumber = new Map<string, number>();
  const firstRowOfIdHash = new Map<string, number>();
  for (const r of sheet.rows) {
    const rowErrors: ImportError[] = [];
    const err = (f: ImportField, message: string) =>
      rowErrors.push({ row: r.number, column: header(f), message });
    const input: Partial<PersonFields> = {};
    const text = (f: ImportField) => plainText(cellOf(r.cells, f));

    input.number = text('number');
    input.name = text('name');
    if (at.has('ethnicity')) input.ethnicity = text('ethnicity');
    if (at.has('title')) input.title = text('title');
    if (at.has('guardianName')) input.guardianName = text('guardianName');
    if (at.has('phone')) input.phone = text('phone');
    if (at.has('guardianPhone')) input.guardianPhone = text('guardianPhone');
    if (at.has('idNumber')) {
      const id = idNumberCellText(cellOf(r.cells, 'idNumber') ?? { text: '', numeric: false });
      if (id.ok) input.idNumber = id.value;
      else err('idNumber', id.message);
    }
    if (at.has('gender')) {
      const g = parseGender(cellOf(r.cells, 'gender')!);
      if (g.ok) input.gender = g.value;
      else err('gender', g.message);
    }
    for (const f of ['birthDate', 'hireDate', 'leagueJoinedOn'] as const) {
      if (!at.has(f)) continue;
      const d = parseDateCell(cellOf(r.cells, f)!);
      if (d.ok) input[f] = d.value;
      else err(f, d.message);
    }
    for (const f of ['isCadre', 'isLeagueMember'] as const) {
      if (!at.has(f)) continue;
      const b = parseYesNo(cellOf(r.cells, f)!);
      if (b.ok) input[f] = b.value;
      else err(f, b.message);
    }
    const { values, errors: fieldErrors } = checkPersonFields(kind, input, today);
    for (const [f, message] of Object.entries(fieldErrors)) {
      if (!rowErrors.some((e) => e.column === columnOfField(f as PersonField)))
        rowErrors.push({ row: r.number, column: columnOfField(f as PersonField), message });
    }

    // Placement: school → (grade →) class, or school → department.
    let schoolId: string | null = null;
    let schoolName = '';
    let unitId: string | null = null;
    const schoolText = text('school');
    if (!schoolText) err('school', '请填写学校');
    else {
      const s = pick(org.schools.get(schoolText), '学校', schoolText);
      if (s.error) err('school', s.error);
      else ({ id: schoolId, name: schoolName } = s.node!);
    }
    const unitText = text('unit');
    if (schoolId && kind === 'staff' && unitText) {
      const d = pick(org.departments.get(`${schoolId}|${unitText}`), '部门', unitText);
      if (d.error) err('unit', d.error.replace('不存在', `在「${schoolName}」中不存在`));
      else unitId = d.node!.id;
    }
    if (kind === 'student') {
      if (!unitText) err('unit', '请填写班级');
      else if (schoolId) {
        const gradeText = text('grade');
        if (gradeText) {
          const g = pick(org.grades.get(`${schoolId}|${gradeText}`), '年级', gradeText);
          if (g.error) err('grade', g.error.replace('不存在', `在「${schoolName}」中不存在`));
          else {
            const c = pick(org.classesByGrade.get(`${g.node!.id}|${unitText}`), '班级', unitText);
            if (c.error) err('unit', c.error.replace('不存在', `在「${gradeText}」中不存在`));
            else unitId = c.node!.id;
          }
        } else {
          const c = pick(org.classesBySchool.get(`${schoolId}|${unitText}`), '班级', unitText);
          if (c.error) err('unit', c.error.includes('多个') ? `${c.error}，请填写年级` : c.error);
          else unitId = c.node!.id;
        }
      }
    }
    if (schoolId && !canWritePersonAt(actor, 'people.import', { kind, schoolId, unitId }))
      err('school', `没有权限导入到「${schoolName}」`);

    // Duplicates inside the file.
    const number = values.number;
    if (number) {
      const first = firstRowOfNumber.get(number);
      if (first !== undefined) err('number', `与第 ${first} 行的${label}重复`);
      else firstRowOfNumber.set(number, r.number);
    }
    const sealed = sealNumbers(cipher, values);
    if (sealed.idNumberHash) {
      const first = firstRowOfIdHash.get(sealed.idNumberHash);
      if (first !== undefined) err('idNumber', `与第 ${first} 行的身份证号重复`);
      else firstRowOfIdHash.set(sealed.idNumberHash, r.number);
    }

    errors.push(...rowErrors);
    checks.push({ row: r.number, number, idHash: sealed.idNumberHash ?? undefined });
    if (rowErrors.length || !number || !values.name || !schoolId) continue;
    rows.push({
      row: r.number,
      number,
      name: values.name,
      ...nameKeys(values.name),
      gender: values.gender ?? null,
      birthDate: values.birthDate ?? null,
      ethnicity: values.ethnicity ?? null,
      title: values.title ?? null,
      isCadre: values.isCadre ?? false,
      hireDate: values.hireDate ?? null,
      isLeagueMember: values.isLeagueMember ?? false,
      leagueJoinedOn: values.leagueJoinedOn ?? null,
      guardianName: values.guardianName ?? null,
      idNumberEnc: sealed.idNumberEnc ?? null,
      idNumberHash: sealed.idNumberHash ?? null,
      idNumberMasked: sealed.idNumberMasked ?? null,
      phoneEnc: sealed.phoneEnc ?? null,
      phoneHash: sealed.phoneHash ?? null,
      phoneMasked: sealed.phoneMasked ?? null,
      guardianPhoneEnc: sealed.guardianPhoneEnc ?? null,
      guardianPhoneMasked: sealed.guardianPhoneMasked ?? null,
      schoolId,
      unitId,
      existingId: null,
    });
  }

  // Against the database: who exists already (update), and ID numbers held by someone else.
  const existing = await findExisting(db, actor.parkId, kind, [...firstRowOfNumber.keys()]);
  const holders = await findIdHolders(db, actor.parkId, [...firstRowOfIdHash.keys()]);
  const rowErr = (row: number, f: ImportField, message: string) =>
    errors.push({ row, column: header(f), message });
  for (const c of checks) {
    const ex = c.number ? existing.get(c.number) : undefined;
    if (ex) {
      const subject = personSubject({
        parkId: actor.parkId,
        id: ex.id,
        kind,
        schoolId: ex.schoolId,
        unitId: ex.unitId,
        branchId: ex.branchId,
      });
      if (!subjectInScope(importScopes, subject, actor))
        rowErr(c.row, 'number', `该${label}已被本园区其他学校的人员使用，无权修改`);
    }
    const holder = c.idHash ? holders.get(c.idHash) : undefined;
    if (holder && holder.id !== ex?.id) rowErr(c.row, 'idNumber', '该身份证号已登记在其他人员名下');
  }
  for (const r of rows) r.existingId = existing.get(r.number)?.id ?? null;
  errors.sort((a, b) => a.row - b.row);
  const toUpdate = rows.filter((r) => r.existingId).length;
  return { errors, stored: { fields: [...at.keys()], rows }, toCreate: rows.length - toUpdate, toUpdate };
}

async function findExisting(db: Db, parkId: string, kind: PersonKind, numbers: string[]) {
  const out = new Map<
    string,
    { id: string; schoolId: string | null; unitId: string | null; branchId: string | null }
  >();
  if (!numbers.length) return out;
  const rows = await db
    .select({
      id: people.id,
      number: people.number,
      schoolId: people.schoolId,
      unitId: people.unitId,
      branchId: memberships.branchId,
    })
    .from(people)
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .where(
      and(eq(people.parkId, parkId), eq(people.kind, kind), sql`${people.number} in ${jsonList(numbers)}`),
    );
  for (const r of rows) out.set(r.number, r);
  return out;
}

async function findIdHolders(db: Db, parkId: string, hashes: string[]) {
  const out = new Map<string, { id: string; kind: string; number: string }>();
  if (!hashes.length) return out;
  const rows = await db
    .select({ id: people.id, kind: people.kind, number: people.number, hash: people.idNumberHash })
    .from(people)
    .where(and(eq(people.parkId, parkId), sql`${people.idNumberHash} in ${jsonList(hashes)}`));
  for (const r of rows) if (r.hash) out.set(r.hash, r);
  return out;
}

/** A job the actor may see: their own, or any in the park for a park-wide importer. */
async function loadJob(db: Db, actor: Actor, id: string): Promise<JobRow> {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.parkId, actor.parkId)));
  const parkWide = peopleImportScopes(actor).some((s) => s.type === 'park');
  if (!job || (job.createdBy !== actor.accountId && !parkWide)) throw notFound('导入任务不存在');
  return job;
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  if (!canImportPeople(actor)) throw forbidden('没有导入人员的权限');
  return presentJob(await loadJob(db, actor, id));
}

/** Columns changed on an existing person: only those the file had; an empty cell keeps the old value. */
function updateSet(fields: ImportField[]): Record<string, SQL> {
  const keep = (name: string) => sql.raw(`coalesce(excluded.${name}, "people"."${name}")`);
  const set: Record<string, SQL> = {
    name: sql.raw('excluded.name'),
    namePinyin: sql.raw('excluded.name_pinyin'),
    nameInitials: sql.raw('excluded.name_initials'),
    schoolId: sql.raw('excluded.school_id'),
    // A new unit, or none when the person moves school without one; otherwise the current unit.
    unitId: sql.raw(
      'case when excluded.unit_id is not null then excluded.unit_id when excluded.school_id is distinct from "people"."school_id" then null else "people"."unit_id" end',
    ),
    updatedAt: sql`now()`,
  };
  const plain: Partial<Record<ImportField, [string, string][]>> = {
    gender: [['gender', 'gender']],
    birthDate: [['birthDate', 'birth_date']],
    ethnicity: [['ethnicity', 'ethnicity']],
    title: [['title', 'title']],
    hireDate: [['hireDate', 'hire_date']],
    leagueJoinedOn: [['leagueJoinedOn', 'league_joined_on']],
    guardianName: [['guardianName', 'guardian_name']],
    idNumber: [
      ['idNumberEnc', 'id_number_enc'],
      ['idNumberHash', 'id_number_hash'],
      ['idNumberMasked', 'id_number_masked'],
    ],
    phone: [
      ['phoneEnc', 'phone_enc'],
      ['phoneHash', 'phone_hash'],
      ['phoneMasked', 'phone_masked'],
    ],
    guardianPhone: [
      ['guardianPhoneEnc', 'guardian_phone_enc'],
      ['guardianPhoneMasked', 'guardian_phone_masked'],
    ],
  };
  for (const f of fields) {
    for (const [prop, col] of plain[f] ?? []) set[prop] = keep(col);
  }
  // An ID number also fixes birth date and gender (derived when their columns are absent).
  if (fields.includes('idNumber')) {
    set.gender ??= keep('gender');
    set.birthDate ??= keep('birth_date');
  }
  if (fields.includes('isCadre')) set.isCadre = sql.raw('excluded.is_cadre');
  if (fields.includes('isLeagueMember')) {
    set.isLeagueMember = sql.raw('excluded.is_league_member');
    // No longer a League member: no 入团日期 either.
    set.leagueJoinedOn = sql.raw(
      'case when excluded.is_league_member then coalesce(excluded.league_joined_on, "people"."league_joined_on") end',
    );
  }
  return set;
}

/** Writes a validated job in one transaction: all rows or none. */
export async function commitImport(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
): Promise<ImportJob> {
  if (!canImportPeople(actor)) throw forbidden('没有导入人员的权限');
  const job = await loadJob(db, actor, id);
  // Claim the job atomically, so two clicks (or two instances) never write it twice.
  const [claimed] = await db
    .update(importJobs)
    .set({ status: 'committing', updatedAt: new Date() })
    .where(
      and(
        eq(importJobs.id, job.id),
        sql`(${importJobs.status} = 'validated' or (${importJobs.status} = 'committing' and ${importJobs.updatedAt} < now() - interval '15 minutes'))`,
      ),
    )
    .returning();
  if (!claimed) {
    const message =
      job.status === 'invalid'
        ? '该文件有错误，不能导入：请修改后重新上传'
        : job.status === 'committed'
          ? '该文件已经导入过了'
          : job.status === 'committing'
            ? '该文件正在导入中'
            : '该导入任务已失败，请重新上传文件';
    throw conflict('IMPORT_NOT_COMMITTABLE', message);
  }
  const stored = claimed.rows as StoredRows | null;
  const rows = stored?.rows ?? [];
  const kind = claimed.kind as PersonKind;
  progress.set(id, { done: 0, total: rows.length });
  try {
    const committed = await db.transaction(async (tx) => {
      await assertStillValid(tx, actor, kind, rows);
      const set = updateSet(stored?.fields ?? []);
      const created: string[] = [];
      const updated: string[] = [];
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        const batch = rows.slice(i, i + BATCH_SIZE);
        const written = await tx
          .insert(people)
          .values(batch.map(({ row: _row, existingId: _e, ...r }) => ({ ...r, parkId: actor.parkId, kind })))
          .onConflictDoUpdate({ target: [people.parkId, people.kind, people.number], set })
          .returning({ number: people.number, inserted: sql<boolean>`(xmax::text = '0')` });
        for (const w of written) (w.inserted ? created : updated).push(w.number);
        progress.set(id, { done: Math.min(i + BATCH_SIZE, rows.length), total: rows.length });
      }
      const [done] = await tx
        .update(importJobs)
        .set({
          status: 'committed',
          rows: null,
          toCreate: created.length,
          toUpdate: updated.length,
          progressDone: rows.length,
          progressTotal: rows.length,
          committedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(importJobs.id, id))
        .returning();
      await audit(tx, ctx, {
        action: 'imports.job.commit',
        entityType: 'importJob',
        entityId: id,
        after: {
          kind,
          fileName: claimed.fileName,
          fileSha256: claimed.fileSha256,
          uploadedBy: claimed.createdBy,
          totalRows: rows.length,
          created: created.length,
          updated: updated.length,
          createdNumbers: created,
          updatedNumbers: updated,
        },
      });
      return done!;
    });
    if (rows.length >= ANALYZE_AFTER_ROWS) await refreshPeopleStats(db);
    return presentJob(committed);
  } catch (caught) {
    // The transaction rolled back: nothing of the file was written. Say why, and close the job.
    const err = isDataRace(caught)
      ? new AppError(
          409,
          'IMPORT_CONFLICT',
          '上传后组织架构或人员数据已有变化，未导入任何数据，请重新上传文件',
        )
      : caught;
    const message =
      err instanceof AppError ? err.message : '写入数据库时出错，未导入任何数据，请稍后重新上传';
    const errors = err instanceof ImportConflict ? err.errors : [{ row: 0, column: '', message }];
    await db
      .update(importJobs)
      .set({ status: 'failed', rows: null, errors, progressDone: 0, updatedAt: new Date() })
      .where(eq(importJobs.id, id));
    if (err instanceof AppError) throw err;
    throw new AppError(500, 'IMPORT_FAILED', message);
  } finally {
    progress.delete(id);
  }
}

/** A unique or foreign-key violation: the data changed between upload and commit. */
function isDataRace(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === '23505' || e.code === '23503') return true;
  }
  return false;
}

class ImportConflict extends AppError {
  constructor(readonly errors: ImportError[]) {
    super(
      409,
      'IMPORT_CONFLICT',
      '上传后数据已有变化（工号/学号或身份证号被占用），未导入任何数据，请重新上传文件',
    );
  }
}

/** Between upload and commit someone may have taken a 工号/学号 or ID number: check again, in the transaction. */
async function assertStillValid(tx: Db, actor: Actor, kind: PersonKind, rows: ImportRow[]) {
  const label = numberLabel(kind);
  const hashes = rows.map((r) => r.idNumberHash).filter((h): h is string => !!h);
  const errors: ImportError[] = [];
  if (hashes.length) {
    const holders = await queryRows<{ hash: string; kind: string; number: string }>(
      tx,
      sql`select id_number_hash as hash, kind, number from people
          where park_id = ${actor.parkId} and id_number_hash in ${jsonList(hashes)}`,
    );
    const byHash = new Map(holders.map((h) => [h.hash, h]));
    for (const r of rows) {
      const h = r.idNumberHash ? byHash.get(r.idNumberHash) : undefined;
      if (h && (h.kind !== kind || h.number !== r.number))
        errors.push({ row: r.row, column: '身份证号', message: '该身份证号已登记在其他人员名下' });
    }
  }
  const created = rows.filter((r) => !r.existingId).map((r) => r.number);
  if (created.length) {
    const taken = await findExisting(tx, actor.parkId, kind, created);
    const scopes = peopleImportScopes(actor);
    for (const r of rows) {
      const ex = taken.get(r.number);
      const subject = ex
        ? personSubject({
            parkId: actor.parkId,
            id: ex.id,
            kind,
            schoolId: ex.schoolId,
            unitId: ex.unitId,
            branchId: ex.branchId,
          })
        : null;
      if (subject && !subjectInScope(scopes, subject, actor))
        errors.push({ row: r.row, column: label, message: `该${label}已被其他学校的人员使用` });
    }
  }
  if (errors.length) throw new ImportConflict(errors);
}
