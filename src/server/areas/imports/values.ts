import { isIsoDate } from '../../../common/dates';
import type { Gender } from '../../../common/idNumber';
import type { Cell } from './parse';

/** Spreadsheet cell text → typed values, with the Chinese reason when it cannot be read. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** Excel's day serial (1900 date system) → 'YYYY-MM-DD'. */
function fromSerial(serial: number): string {
  const ms = Date.UTC(1899, 11, 30) + Math.round(serial) * 86_400_000;
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Accepts 2008-03-15, 2008/3/15, 2008.3.15, 2008年3月15日, 20080315 and Excel date cells. */
export function parseDateCell(cell: Cell): Parsed<string | null> {
  const t = cell.text.trim();
  if (!t) return { ok: true, value: null };
  if (cell.numeric && /^\d{1,5}(\.\d+)?$/.test(t) && Number(t) > 0 && Number(t) < 2958466)
    return { ok: true, value: fromSerial(Number(t)) };
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?$/.exec(t);
  m ??= /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const v = `${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`;
    if (isIsoDate(v)) return { ok: true, value: v };
  }
  return { ok: false, message: '日期格式不正确，应如 2008-03-15' };
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', 't']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', 'f', '']);

export function parseYesNo(cell: Cell): Parsed<boolean> {
  const t = cell.text.trim().toLowerCase();
  if (YES.has(t)) return { ok: true, value: true };
  if (NO.has(t)) return { ok: true, value: false };
  return { ok: false, message: '只能填“是”或“否”' };
}

export function parseGender(cell: Cell): Parsed<Gender | null> {
  const t = cell.text.trim().toLowerCase();
  if (!t) return { ok: true, value: null };
  if (['男', 'm', 'male', '男性'].includes(t)) return { ok: true, value: 'male' };
  if (['女', 'f', 'female', '女性'].includes(t)) return { ok: true, value: 'female' };
  return { ok: false, message: '性别只能填“男”或“女”' };
}

/**
 * An ID-number cell as text. Excel keeps 15 significant digits of a number, so an ID number typed
 * into a number cell (or shown as 1.10105E+17 in a CSV) has already lost its last digits.
 */
export function idNumberCellText(cell: Cell): Parsed<string> {
  const t = cell.text.trim();
  if (/^\d(\.\d+)?E\+?\d+$/i.test(t))
    return {
      ok: false,
      message: '身份证号被 Excel 显示成了科学计数法，后几位已丢失：请把该列设为“文本”后重新填写',
    };
  if (cell.numeric && t.length >= 16)
    return { ok: false, message: '身份证号被 Excel 存成了数字，后几位已丢失：请把该列设为“文本”后重新填写' };
  return { ok: true, value: t };
}

/** Phone and number cells may arrive as numbers; they are short enough to be exact. */
export const plainText = (cell: Cell | undefined) => (cell?.text ?? '').trim();
