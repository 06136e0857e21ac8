/**
 * Mainland resident identity numbers (GB 11643-1999) and mainland mobile numbers. Pure: no IO.
 * Messages are Chinese because they reach users as field errors (forms and import reports).
 */

export const ID_NUMBER_RULE = {
  ruleVersion: 1,
  source: 'GB 11643-1999 公民身份号码（18 位，第 18 位为 ISO 7064 MOD 11-2 校验码）',
  scope: 'national',
} as const;

export const MOBILE_RULE = {
  ruleVersion: 1,
  source: '工业和信息化部电信网码号资源：中国大陆手机号 11 位，以 13–19 开头',
  scope: 'national',
} as const;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** The earliest birth year accepted: nobody alive (or in a school) was born before it. */
const MIN_BIRTH_YEAR = 1900;

export type Gender = 'male' | 'female';

export type IdNumberResult =
  { ok: true; value: string; birthDate: string; gender: Gender } | { ok: false; message: string };

/** The GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= last;
}

/** Trims, drops inner spaces and upper-cases a trailing x. */
export function normalizeIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/**
 * Validates an 18-digit mainland ID number: shape, a real birth date not after `today`
 * ('YYYY-MM-DD', Asia/Shanghai), and the check digit. Returns the normalised number with the
 * birth date and gender it encodes.
 */
export function parseIdNumber(raw: string, today?: string): IdNumberResult {
  const value = normalizeIdNumber(raw);
  if (value.length !== 18) return { ok: false, message: '身份证号应为 18 位' };
  if (!/^\d{17}[\dX]$/.test(value))
    return { ok: false, message: '身份证号格式不正确：前 17 位应为数字，最后一位为数字或 X' };
  if (!/^[1-9]/.test(value)) return { ok: false, message: '身份证号的地区码不正确' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  if (y < MIN_BIRTH_YEAR || !realDate(y, m, d))
    return { ok: false, message: '身份证号中的出生日期不是有效日期' };
  const birthDate = `${y}-${pad2(m)}-${pad2(d)}`;
  if (today && birthDate > today) return { ok: false, message: '身份证号中的出生日期晚于今天' };
  if (idCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, message: '身份证号校验位不正确，请核对' };
  const gender: Gender = Number(value[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value, birthDate, gender };
}

export type MobileResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * Validates a mainland mobile number. Accepts spaces and dashes between digits and a leading
 * +86 / 0086 / 86; returns the bare 11 digits.
 */
export function parseMobile(raw: string): MobileResult {
  let v = raw.replace(/[\s\-()（）]/g, '');
  if (v.startsWith('+86')) v = v.slice(3);
  else if (v.startsWith('0086')) v = v.slice(4);
  else if (v.length === 13 && v.startsWith('86')) v = v.slice(2);
  if (!/^\d+$/.test(v)) return { ok: false, message: '手机号只能包含数字' };
  if (v.length !== 11) return { ok: false, message: '手机号应为 11 位数字' };
  if (!/^1[3-9]\d{9}$/.test(v)) return { ok: false, message: '手机号格式不正确，应以 13–19 开头' };
  return { ok: true, value: v };
}
