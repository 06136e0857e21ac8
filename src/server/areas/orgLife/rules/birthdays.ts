/**
 * Political birthday (政治生日) rules: the anniversary of 入党时间 (RULES.md §3), the month's roster,
 * the week-ahead reminder and the per-year checklist (RULES.md §7, the seed's own list), with the
 * park's local choices as versioned data (OrgLifeConfig). Pure: no IO. Calendar days are
 * 'YYYY-MM-DD' strings in Asia/Shanghai (see dates.ts).
 */
import { addYears, parseIsoDate } from '../../../../common/dates';
import { CHECKLIST_ITEM_KINDS, type ChecklistItemKind } from '../../../../common/contracts/orgLife';
import { DEFAULT_MEETING_RULES, type MeetingRule } from './meetings';

const DAY_MS = 86_400_000;

function utcDay(date: string): number {
  const p = parseIsoDate(date);
  if (!p) throw new RangeError(`not a calendar date: ${date}`);
  return Date.UTC(p.y, p.m - 1, p.d);
}

/** A calendar day `n` days later (earlier for n < 0). Not in dates.ts, so kept here. */
export function addDays(date: string, n: number): string {
  return new Date(utcDay(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((utcDay(b) - utcDay(a)) / DAY_MS);

const yearOf = (date: string) => Number(date.slice(0, 4));
const monthOfDate = (date: string) => Number(date.slice(5, 7));

/**
 * The political birthday in `year`: the same month and day as 入党时间; a 29 February joiner's
 * birthday falls on 28 February in a common year (month arithmetic rolls back to the last day).
 * Null before the first anniversary.
 */
export function birthdayIn(joinedOn: string, year: number): string | null {
  const n = year - yearOf(joinedOn);
  return n >= 1 ? addYears(joinedOn, n) : null;
}

/** Which political birthday the one in `year` is (years since joining then). */
export const birthdayNumber = (joinedOn: string, year: number): number => year - yearOf(joinedOn);

/**
 * Is the member on the roster for (year, month)? Those who joined in that month of an earlier year:
 * the anniversary month is the joining month, whatever the day (a 29 February joiner stays in
 * February).
 */
export const inRoster = (joinedOn: string, year: number, month: number): boolean =>
  monthOfDate(joinedOn) === month && yearOf(joinedOn) < year;

/**
 * The next political birthday on or after `today`, if it is at most `daysAhead` days away:
 * the reminder window "a week ahead".
 */
export function upcomingBirthday(
  joinedOn: string,
  today: string,
  daysAhead: number,
): { on: string; years: number; inDays: number } | null {
  for (const year of [yearOf(today), yearOf(today) + 1]) {
    const on = birthdayIn(joinedOn, year);
    if (!on || on < today) continue;
    const inDays = daysBetween(today, on);
    return inDays <= daysAhead ? { on, years: birthdayNumber(joinedOn, year), inDays } : null;
  }
  return null;
}

/** The (year, month) pairs a reminder window [today, today + daysAhead] touches. */
export function monthsInWindow(today: string, daysAhead: number): { year: number; month: number }[] {
  const out: { year: number; month: number }[] = [];
  for (let d = 0; d <= daysAhead; d++) {
    const day = addDays(today, d);
    const ym = { year: yearOf(day), month: monthOfDate(day) };
    if (!out.some((o) => o.year === ym.year && o.month === ym.month)) out.push(ym);
  }
  return out;
}

// ——— checklist ———

/**
 * What fulfils a checklist item: ticked by the secretary (`manual`, optionally with a detail such
 * as which red book), or derived from the member's own records.
 */
export { CHECKLIST_ITEM_KINDS, type ChecklistItemKind };

export interface ChecklistItemDef {
  /** Stable identifier, [a-zA-Z][a-zA-Z0-9]*. */
  key: string;
  label: string;
  kind: ChecklistItemKind;
  /** For manual items: ask for a detail (e.g. '书名'); null = a plain tick. */
  detailLabel?: string | null;
}

export interface OrgLifeConfig {
  birthday: {
    checklist: ChecklistItemDef[];
    /** Days before the political birthday that the reminder goes out. */
    reminderDaysAhead: number;
    /** Printed on the card when the host has not written its own message. */
    defaultCardMessage: string;
  };
  meetings: { rules: MeetingRule[] };
}

/** The seed's own list (RULES.md §7): symposium, card, red book, oath, report, goals, one proposal. */
export const DEFAULT_CHECKLIST: ChecklistItemDef[] = [
  { key: 'symposium', label: '参加政治生日座谈会', kind: 'symposium' },
  { key: 'card', label: '赠送政治生日贺卡', kind: 'manual' },
  { key: 'redBook', label: '赠送红色书籍', kind: 'manual', detailLabel: '书名' },
  { key: 'oath', label: '重温入党誓词', kind: 'manual' },
  { key: 'thoughtReport', label: '汇报一年的思想认识', kind: 'thoughtReport' },
  { key: 'goals', label: '确定下一年的工作目标', kind: 'goals' },
  { key: 'proposal', label: '提出一条合理化建议', kind: 'proposal' },
];

export const DEFAULT_ORGLIFE_CONFIG: OrgLifeConfig = {
  birthday: {
    checklist: DEFAULT_CHECKLIST,
    reminderDaysAhead: 7,
    defaultCardMessage: '不忘入党初心，牢记党员身份。祝您政治生日快乐，在岗位上继续发挥先锋模范作用！',
  },
  meetings: { rules: DEFAULT_MEETING_RULES },
};

/** What the member's own records say, for the derived items. */
export interface ChecklistFacts {
  thoughtReport: boolean;
  goals: boolean;
  proposal: boolean;
  symposium: boolean;
}

export interface ChecklistItemResult {
  key: string;
  label: string;
  kind: ChecklistItemKind;
  detailLabel: string | null;
  done: boolean;
  detail: string | null;
  /** 'manual' items are ticked by the secretary; the others follow the records. */
  source: 'manual' | 'derived';
}

export interface ChecklistResult {
  items: ChecklistItemResult[];
  done: number;
  total: number;
  complete: boolean;
}

export function evaluateChecklist(
  defs: readonly ChecklistItemDef[],
  manual: Readonly<Record<string, { done: boolean; detail?: string | null }>>,
  facts: ChecklistFacts,
): ChecklistResult {
  const items = defs.map((d): ChecklistItemResult => {
    const state = manual[d.key];
    const done = d.kind === 'manual' ? Boolean(state?.done) : facts[d.kind];
    return {
      key: d.key,
      label: d.label,
      kind: d.kind,
      detailLabel: d.detailLabel ?? null,
      done,
      detail: d.kind === 'manual' ? (state?.detail ?? null) : null,
      source: d.kind === 'manual' ? 'manual' : 'derived',
    };
  });
  const done = items.filter((i) => i.done).length;
  return { items, done, total: items.length, complete: items.length > 0 && done === items.length };
}

/** Completion rate in per cent with one decimal (0 when nobody is due). */
export const ratePercent = (complete: number, total: number): number =>
  total === 0 ? 0 : Math.round((complete * 1000) / total) / 10;
