import type * as PinyinPro from 'pinyin-pro';
import { isIsoDate } from '../../../common/dates';
import { parseIdNumber, parseMobile, type Gender } from '../../../common/idNumber';
import { maskIdNumber, maskPhone, type FieldCipher } from '../../platform/crypto';
import type { PersonKind } from './policy';
import { lazyRequire } from '../../platform/lazy';

/**
 * Field rules for a person, shared by the create/edit API and the spreadsheet import: one place
 * decides what a valid 工号, ID number, date … is, and how sensitive numbers are sealed.
 */
export interface PersonFields {
  number: string;
  name: string;
  gender: Gender | null;
  birthDate: string | null;
  ethnicity: string | null;
  idNumber: string | null;
  phone: string | null;
  title: string | null;
  isCadre: boolean;
  hireDate: string | null;
  isLeagueMember: boolean;
  leagueJoinedOn: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
}
export type PersonField = keyof PersonFields;
export type FieldErrors = Partial<Record<PersonField, string>>;

export const numberLabel = (kind: PersonKind) => (kind === 'staff' ? '工号' : '学号');

const STAFF_ONLY: readonly PersonField[] = ['title', 'isCadre', 'hireDate'];
const STUDENT_ONLY: readonly PersonField[] = [
  'isLeagueMember',
  'leagueJoinedOn',
  'guardianName',
  'guardianPhone',
];
const EARLIEST = '1900-01-01';

/**
 * Checks and normalises the fields present in `input` (absent keys are left alone, so a partial
 * update checks only what it changes). A valid ID number is authoritative for birth date and
 * gender: they are derived from it when not given, and a given one that disagrees is an error.
 * `known` holds the person's current values for cross-field checks on a partial update.
 */
export function checkPersonFields(
  kind: PersonKind,
  input: Partial<PersonFields>,
  today: string,
  known: Partial<PersonFields> = {},
): { values: Partial<PersonFields>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const values: Partial<PersonFields> = {};
  const has = (k: PersonField) => input[k] !== undefined;
  const text = (k: 'name' | 'ethnicity' | 'title' | 'guardianName', max: number, label: string) => {
    if (!has(k)) return;
    const v = (input[k] ?? '').trim();
    if (v.length > max) errors[k] = `${label}不能超过 ${max} 个字`;
    else (values as Record<string, unknown>)[k] = v === '' ? null : v;
  };
  const date = (k: 'birthDate' | 'hireDate' | 'leagueJoinedOn', label: string, notAfterToday: boolean) => {
    if (!has(k)) return;
    const v = input[k];
    if (v === null || v === '') return void (values[k] = null);
    if (!isIsoDate(v!)) errors[k] = `${label}不是有效日期`;
    else if (v! < EARLIEST) errors[k] = `${label}不能早于 1900 年`;
    else if (notAfterToday && v! > today) errors[k] = `${label}不能晚于今天`;
    else values[k] = v!;
  };

  for (const k of kind === 'staff' ? STUDENT_ONLY : STAFF_ONLY) {
    const v = input[k];
    if (v !== undefined && v !== null && v !== false && v !== '') {
      errors[k] = kind === 'staff' ? '教职工不填写此项' : '学生不填写此项';
    }
  }

  if (has('number')) {
    const v = (input.number ?? '').trim();
    const label = numberLabel(kind);
    if (!v) errors.number = `请填写${label}`;
    else if (v.length > 32) errors.number = `${label}不能超过 32 个字符`;
    else if (!/^[A-Za-z0-9_-]+$/.test(v)) errors.number = `${label}只能包含字母、数字、下划线和连字符`;
    else values.number = v;
  }
  if (has('name')) {
    text('name', 50, '姓名');
    if (!errors.name && !values.name) errors.name = '请填写姓名';
  }
  text('ethnicity', 20, '民族');
  if (kind === 'staff') text('title', 50, '职称');
  if (kind === 'student') text('guardianName', 50, '监护人姓名');
  date('birthDate', '出生日期', true);
  if (kind === 'staff') date('hireDate', '入职日期', false);
  if (kind === 'student') date('leagueJoinedOn', '入团日期', true);
  if (has('gender')) {
    const g = input.gender;
    if (g === null) values.gender = null;
    else if (g === 'male' || g === 'female') values.gender = g;
    else errors.gender = '性别只能是男或女';
  }
  if (kind === 'staff' && has('isCadre')) values.isCadre = input.isCadre === true;
  if (kind === 'student' && has('isLeagueMember')) values.isLeagueMember = input.isLeagueMember === true;

  if (has('idNumber')) {
    const raw = (input.idNumber ?? '').trim();
    if (!raw) values.idNumber = null;
    else {
      const r = parseIdNumber(raw, today);
      if (!r.ok) errors.idNumber = r.message;
      else {
        values.idNumber = r.value;
        // The ID number is authoritative for birth date and gender.
        if (values.birthDate && values.birthDate !== r.birthDate)
          errors.birthDate = '出生日期与身份证号不一致';
        else if (!has('birthDate') || values.birthDate === null) values.birthDate = r.birthDate;
        if (values.gender && values.gender !== r.gender) errors.gender = '性别与身份证号不一致';
        else if (!has('gender') || values.gender === null) values.gender = r.gender;
      }
    }
  } else if (known.idNumber) {
    const r = parseIdNumber(known.idNumber);
    if (r.ok) {
      if (values.birthDate && values.birthDate !== r.birthDate) errors.birthDate = '出生日期与身份证号不一致';
      if (values.gender && values.gender !== r.gender) errors.gender = '性别与身份证号不一致';
    }
  }
  for (const k of ['phone', 'guardianPhone'] as const) {
    if (!has(k) || (k === 'guardianPhone' && kind !== 'student')) continue;
    const raw = (input[k] ?? '').trim();
    if (!raw) values[k] = null;
    else {
      const r = parseMobile(raw);
      if (r.ok) values[k] = r.value;
      else errors[k] = k === 'phone' ? r.message : r.message.replace('手机号', '监护人电话');
    }
  }

  if (kind === 'student' && !errors.leagueJoinedOn) {
    const isMember = values.isLeagueMember ?? known.isLeagueMember ?? false;
    const joined = has('leagueJoinedOn') ? values.leagueJoinedOn : known.leagueJoinedOn;
    const birth = values.birthDate !== undefined ? values.birthDate : known.birthDate;
    if (joined && !isMember) errors.leagueJoinedOn = '不是团员，不能填写入团日期';
    else if (joined && birth && joined <= birth) errors.leagueJoinedOn = '入团日期应晚于出生日期';
  }
  return { values, errors };
}

/** pinyin-pro (its dictionary) is required on the first name to index, not at start; it ships a CommonJS build. */
const pinyinPro = lazyRequire<typeof PinyinPro>('pinyin-pro');

/** Lower-case full pinyin and initials for search ('张三' → 'zhangsan', 'zs'). */
export function nameKeys(name: string): { namePinyin: string; nameInitials: string } {
  const syllables = pinyinPro()
    .pinyin(name, {
      toneType: 'none',
      type: 'array',
      v: true,
      surname: 'head',
      nonZh: 'consecutive',
    })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { namePinyin: syllables.join(''), nameInitials: syllables.map((s) => s[0]).join('') };
}

/** The stored forms of the sensitive numbers (never the clear value). */
export interface SealedNumbers {
  idNumberEnc?: string | null;
  idNumberHash?: string | null;
  idNumberMasked?: string | null;
  phoneEnc?: string | null;
  phoneHash?: string | null;
  phoneMasked?: string | null;
  guardianPhoneEnc?: string | null;
  guardianPhoneMasked?: string | null;
}

/** Encrypts, indexes and masks the sensitive numbers present in `values`. */
export function sealNumbers(cipher: FieldCipher, values: Partial<PersonFields>): SealedNumbers {
  const out: SealedNumbers = {};
  if (values.idNumber !== undefined) {
    const v = values.idNumber;
    out.idNumberEnc = v ? cipher.encrypt(v) : null;
    out.idNumberHash = v ? cipher.blindIndex(v) : null;
    out.idNumberMasked = v ? maskIdNumber(v) : null;
  }
  if (values.phone !== undefined) {
    const v = values.phone;
    out.phoneEnc = v ? cipher.encrypt(v) : null;
    out.phoneHash = v ? cipher.blindIndex(v) : null;
    out.phoneMasked = v ? maskPhone(v) : null;
  }
  if (values.guardianPhone !== undefined) {
    const v = values.guardianPhone;
    out.guardianPhoneEnc = v ? cipher.encrypt(v) : null;
    out.guardianPhoneMasked = v ? maskPhone(v) : null;
  }
  return out;
}
