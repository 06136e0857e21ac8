/**
 * Party dues (../shared/RULES.md §4, 中组发〔2008〕3号). Pure: no IO. Money is integer fen
 * throughout; yuan appear only as strings at the edges (parseYuan / formatFen), never as floats.
 *
 * Rounding: the monthly amount is base × rate rounded half up to the fen, in integer arithmetic:
 * floor((baseFen × rateBp + 5000) / 10000), with the rate in basis points (0.5% = 50).
 */

import { formatFen } from '../../../common/money';
import { DUES_GROUPS, MONTH_KEY, type DuesGroup } from '../../../common/contracts/dues';

// The group list and the month format are part of the API contract; the rules are built on them.
export { DUES_GROUPS, MONTH_KEY, type DuesGroup };

export const DUES_GROUP_LABELS: Record<DuesGroup, string> = {
  working: '在职党员',
  retired: '离退休党员',
  student: '学生党员',
  unemployed: '下岗失业党员',
  relief: '领取最低生活保障金党员',
};

interface Bracket {
  /** Inclusive upper bound of the base in fen; null = no bound. */
  upToFen: number | null;
  rateBp: number;
}

/** The national rule as data. A new rule gets a new id; every computed month stores the id it used. */
export const DUES_RULES = {
  id: 'zzb-2008-3',
  ruleVersion: 1,
  source: '中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》',
  scope: 'national',
  /** One rate on the whole base (not progressive); the bracket is found by the whole base. */
  brackets: {
    working: [
      { upToFen: 300_000, rateBp: 50 },
      { upToFen: 500_000, rateBp: 100 },
      { upToFen: 1_000_000, rateBp: 150 },
      { upToFen: null, rateBp: 200 },
    ] as Bracket[],
    retired: [
      { upToFen: 500_000, rateBp: 50 },
      { upToFen: null, rateBp: 100 },
    ] as Bracket[],
  },
  /** Students, the unemployed and those on relief pay a fixed 0.2 yuan a month. */
  fixedFen: 20,
  /** Six consecutive unpaid months without cause: flagged for 自行脱党 handling. */
  lapseMonths: 6,
  /** Back-payment is normally for at most six months. */
  backPayMonths: 6,
  rounding: 'half up to the fen',
} as const;

export type DuesComputation =
  | {
      ok: true;
      group: DuesGroup;
      baseFen: number | null;
      rateBp: number | null;
      amountFen: number;
      rule: string;
      explanation: string;
    }
  | { ok: false; reason: 'NO_BASE' | 'BAD_BASE' | 'BAD_GROUP'; message: string };

/** Round half up of n / d for non-negative integers, without floating point. */
export function divRoundHalfUp(n: number, d: number): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || n < 0 || d <= 0) {
    throw new RangeError('divRoundHalfUp needs non-negative safe integers');
  }
  return Math.floor((2 * n + d) / (2 * d));
}

export const isDuesGroup = (g: string): g is DuesGroup => (DUES_GROUPS as readonly string[]).includes(g);

export function rateFor(group: 'working' | 'retired', baseFen: number): number {
  const brackets = DUES_RULES.brackets[group];
  for (const b of brackets) if (b.upToFen === null || baseFen <= b.upToFen) return b.rateBp;
  throw new Error('unreachable: the last bracket is open');
}

const pct = (bp: number) => `${bp / 100}%`;

/** The monthly dues for a member of `group` with monthly base `baseFen` (RULES §4). */
export function computeMonthlyDues(group: string, baseFen: number | null | undefined): DuesComputation {
  if (!isDuesGroup(group)) return { ok: false, reason: 'BAD_GROUP', message: `未知的党费类别「${group}」` };
  if (group === 'working' || group === 'retired') {
    if (baseFen == null) {
      return { ok: false, reason: 'NO_BASE', message: '尚未登记党费基数' };
    }
    if (!Number.isSafeInteger(baseFen) || baseFen < 0) {
      return { ok: false, reason: 'BAD_BASE', message: '党费基数不正确' };
    }
    const rateBp = rateFor(group, baseFen);
    const amountFen = divRoundHalfUp(baseFen * rateBp, 10_000);
    const brackets = DUES_RULES.brackets[group];
    const idx = brackets.findIndex((b) => b.rateBp === rateBp);
    const lo = idx > 0 ? brackets[idx - 1]!.upToFen : null;
    const hi = brackets[idx]!.upToFen;
    const range =
      lo === null
        ? `≤ ${formatFen(hi!)} 元`
        : hi === null
          ? `> ${formatFen(lo)} 元`
          : `${formatFen(lo)} 元 < 基数 ≤ ${formatFen(hi)} 元`;
    return {
      ok: true,
      group,
      baseFen,
      rateBp,
      amountFen,
      rule: DUES_RULES.id,
      explanation: `${DUES_GROUP_LABELS[group]}，月基数 ${formatFen(baseFen)} 元（${range}），全额按 ${pct(rateBp)} 交纳：${formatFen(amountFen)} 元`,
    };
  }
  return {
    ok: true,
    group,
    baseFen: null,
    rateBp: null,
    amountFen: DUES_RULES.fixedFen,
    rule: DUES_RULES.id,
    explanation: `${DUES_GROUP_LABELS[group]}每月交纳 ${formatFen(DUES_RULES.fixedFen)} 元`,
  };
}

/** What a member owes for a month once an approved reduction applies (never more than the standard amount). */
export function applyReduction(
  standardFen: number,
  reduction: { kind: 'reduce' | 'exempt'; amountFen: number | null } | null,
): number {
  if (!reduction) return standardFen;
  if (reduction.kind === 'exempt') return 0;
  return Math.min(standardFen, reduction.amountFen ?? standardFen);
}

// ——— money at the edges: domain/money.ts (parseYuan, formatFen) ———

// ——— months ———

export const isMonthKey = (s: string) => MONTH_KEY.test(s);
/** 'YYYY-MM' → 'YYYY-MM-01' (how the database stores a month). */
export const monthStart = (key: string) => `${key}-01`;
/** 'YYYY-MM-DD' → 'YYYY-MM'. */
export const monthOf = (date: string) => date.slice(0, 7);

/** 'YYYY-MM' → its last day 'YYYY-MM-DD' (who had joined by then owes the month). */
export function lastDayOf(key: string): string {
  const y = Number(key.slice(0, 4));
  const m = Number(key.slice(5, 7));
  return `${key}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export function addMonthKey(key: string, n: number): string {
  const y = Number(key.slice(0, 4));
  const m = Number(key.slice(5, 7));
  const idx = y * 12 + (m - 1) + n;
  const ty = Math.floor(idx / 12);
  return `${String(ty).padStart(4, '0')}-${String(idx - ty * 12 + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included ('YYYY-MM'); empty when to < from. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let k = from; k <= to && out.length < 1200; k = addMonthKey(k, 1)) out.push(k);
  return out;
}

// ——— arrears ———

export interface DuesMonthState {
  month: string; // 'YYYY-MM'
  dueFen: number;
  paidFen: number;
}

export interface ArrearsResult {
  /** Past months (before `currentMonth`) with less paid than due, oldest first. */
  unpaidMonths: string[];
  outstandingFen: number;
  /** The longest run of consecutive unpaid past months. */
  longestRun: number;
  /** The run of unpaid months that ends with the last past month (0 if that one is paid). */
  currentRun: number;
  /** RULES §4: six consecutive unpaid months → flagged for handling. */
  flagged: boolean;
}

/**
 * Arrears of one member. A month counts as unpaid when it is over (before `currentMonth`) and less
 * was paid than was due; a month owing nothing (exempt) counts as paid, and a month with no dues
 * computed breaks a run.
 */
export function arrears(months: readonly DuesMonthState[], currentMonth: string): ArrearsResult {
  const sorted = [...months]
    .filter((m) => m.month < currentMonth)
    .sort((a, b) => a.month.localeCompare(b.month));
  const unpaidMonths: string[] = [];
  let outstandingFen = 0;
  let run = 0;
  let longestRun = 0;
  let prev: string | null = null;
  for (const m of sorted) {
    const unpaid = m.paidFen < m.dueFen;
    const adjacent = prev !== null && addMonthKey(prev, 1) === m.month;
    if (unpaid) {
      unpaidMonths.push(m.month);
      outstandingFen += m.dueFen - m.paidFen;
      run = adjacent && run > 0 ? run + 1 : 1;
      longestRun = Math.max(longestRun, run);
    } else {
      run = 0;
    }
    prev = m.month;
  }
  const last = sorted[sorted.length - 1];
  const currentRun = last && last.month === addMonthKey(currentMonth, -1) ? run : 0;
  return {
    unpaidMonths,
    outstandingFen,
    longestRun,
    currentRun,
    flagged: longestRun >= DUES_RULES.lapseMonths,
  };
}
