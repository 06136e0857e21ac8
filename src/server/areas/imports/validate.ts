import type { Db } from '../../platform/db/client';
import { todayInShanghai } from '../../../common/dates';
import type { ImportError } from '../../../common/contracts/imports';
import type { FieldCipher } from '../../platform/crypto';
import type { Actor } from '../../access/actor';
import { subjectInScope } from '../../access/scope';
import { canWritePersonAt, peopleImportScopes, personSubject, type PersonKind } from '../people/policy';
import {
  checkPersonFields,
  nameKeys,
  numberLabel,
  sealNumbers,
  type PersonField,
  type PersonFields,
} from '../people/fields';
import { columnFor, type ImportColumn, type ImportField } from './columns';
import type { Cell, SheetData } from './parse';
import { findExisting, findIdHolders, loadOrgIndex } from './queries';
import { idNumberCellText, parseDateCell, parseGender, parseYesNo, plainText } from './values';

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
export interface StoredRows {
  /** The fields the file had columns for: only these are changed on an existing person. */
  fields: ImportField[];
  rows: ImportRow[];
}

/** The only node of that name, or the reason there is none. */
function pick<T extends { disabled: boolean }>(found: T[] | undefined, what: string, name: string) {
  if (!found?.length) return { error: `${what}「${name}」不存在，请与组织架构中的名称一致` };
  const enabled = found.filter((f) => !f.disabled);
  if (!enabled.length) return { error: `${what}「${name}」已停用` };
  if (enabled.length > 1) return { error: `有多个名为「${name}」的${what}` };
  return { node: enabled[0]! };
}

/**
 * Every row of a sheet checked: fields, org names, permission, duplicates inside the file and
 * against the database. Rows with no error come back normalised (numbers sealed) for the commit.
 */
export async function validateSheet(
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
