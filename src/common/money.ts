/**
 * Money. Every amount is an integer number of fen (分, 1 yuan = 100 fen); yuan strings are parsed
 * and formatted as text, never through floating-point arithmetic. Pure: no IO.
 *
 *   parseYuan('12.5')      → { ok: true, fen: 1250 }
 *   parseYuan('-1')        → { ok: false, code: 'NEGATIVE', message: '金额不能为负数' }
 *   formatFen(1250)        → '12.50'
 *   yuanSchema()           → zod schema: string | number (yuan) → integer fen, Chinese messages
 */
import { z } from 'zod';

/** The largest amount accepted by default: 10,000,000 yuan, which also fits a PostgreSQL integer. */
export const MAX_FEN_DEFAULT = 1_000_000_000;

export type MoneyErrorCode =
  'EMPTY' | 'NOT_A_NUMBER' | 'NEGATIVE' | 'TOO_MANY_DECIMALS' | 'ZERO' | 'TOO_LARGE';

export type ParseYuanResult =
  { ok: true; fen: number } | { ok: false; code: MoneyErrorCode; message: string };

export interface ParseYuanOptions {
  /** Accept 0 (default false: an amount must be positive). */
  allowZero?: boolean;
  /** Upper bound in fen, inclusive (default MAX_FEN_DEFAULT). */
  maxFen?: number;
  /** What the amount is, for the messages (default 金额): e.g. 党费基数 → 「党费基数不能为负数」. */
  label?: string;
}

const MESSAGES: Record<MoneyErrorCode, string> = {
  EMPTY: '请填写金额',
  NOT_A_NUMBER: '金额必须是数字（单位：元，最多两位小数）',
  NEGATIVE: '金额不能为负数',
  TOO_MANY_DECIMALS: '金额最多两位小数（精确到分）',
  ZERO: '金额必须大于零',
  TOO_LARGE: '金额过大',
};

export function parseYuan(input: unknown, options: ParseYuanOptions = {}): ParseYuanResult {
  const label = options.label ?? '金额';
  const fail = (code: MoneyErrorCode): ParseYuanResult => ({
    ok: false,
    code,
    message:
      code === 'TOO_LARGE'
        ? `${label}过大（不能超过 ${formatFen(maxFen, { grouping: true })} 元）`
        : MESSAGES[code].replace('金额', label),
  });
  const maxFen = options.maxFen ?? MAX_FEN_DEFAULT;
  return parseDecimalYuan(input, options, maxFen, fail);
}

/** Plain decimal (digits, optional fraction); thousands separators only in correct groups of three. */
const DECIMAL = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Parses an amount in yuan ("12", "12.5", "12.50", "1,234.56", "¥12", "12元", full-width digits,
 * or a finite JS number as a spreadsheet cell gives it) into integer fen, exactly.
 * Refuses negatives, non-numbers, more than two decimals, zero (unless allowed) and absurd sizes.
 */
function parseDecimalYuan(
  input: unknown,
  options: ParseYuanOptions,
  maxFen: number,
  fail: (code: MoneyErrorCode) => ParseYuanResult,
): ParseYuanResult {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('NOT_A_NUMBER');
    // String(n) gives the shortest exact decimal for the double; exponent forms are refused below.
    text = Object.is(input, -0) ? '0' : String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else if (input === null || input === undefined) {
    return fail('EMPTY');
  } else {
    return fail('NOT_A_NUMBER');
  }

  text = text
    .normalize('NFKC')
    .trim()
    .replace(/^[¥]\s*/, '')
    .replace(/\s*元$/, '')
    .trim();
  if (text === '') return fail('EMPTY');

  let negative = false;
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = true;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) {
    text = text.slice(1).trim();
  }

  const match = DECIMAL.exec(text);
  if (!match) return fail('NOT_A_NUMBER');
  const whole = match[1]!.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  const fraction = match[2] ?? '';
  if (negative && /[1-9]/.test(whole + fraction)) return fail('NEGATIVE');
  if (fraction.length > 2) return fail('TOO_MANY_DECIMALS');

  // Size check on the digit string before any numeric conversion, so nothing can overflow.
  const maxWholeDigits = String(Math.floor(maxFen / 100)).length;
  if (whole.length > maxWholeDigits + 1) return fail('TOO_LARGE');

  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (fen === 0 && !options.allowZero) return fail('ZERO');
  if (fen > maxFen) return fail('TOO_LARGE');
  return { ok: true, fen };
}

/** parseYuan that throws a plain Error carrying the Chinese message (for callers that map it). */
export function yuanToFen(input: unknown, options?: ParseYuanOptions): number {
  const result = parseYuan(input, options);
  if (!result.ok) throw new Error(result.message);
  return result.fen;
}

export interface FormatFenOptions {
  /** Group thousands with commas ("1,234.50"). Default false. */
  grouping?: boolean;
}

/** Formats integer fen as yuan with exactly two decimals: 1250 → "12.50", -5 → "-0.05". */
export function formatFen(fen: number, options: FormatFenOptions = {}): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an integer amount of fen: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  let whole = String(Math.floor(abs / 100));
  const cents = String(abs % 100).padStart(2, '0');
  if (options.grouping) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${whole}.${cents}`;
}

/** Adds amounts in fen, refusing anything that is not a safe integer. */
export function sumFen(amounts: Iterable<number>): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new RangeError(`not an integer amount of fen: ${a}`);
    total += a;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('total out of range');
  return total;
}

/**
 * zod schema for an amount given in yuan (string or number) that outputs integer fen, with the
 * Chinese message of the first failed rule. Use in routes: `amount: yuanSchema()`.
 */
export function yuanSchema(options: ParseYuanOptions = {}) {
  return z.union([z.string(), z.number()]).transform((value, ctx) => {
    const result = parseYuan(value, options);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.fen;
  });
}
