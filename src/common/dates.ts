/**
 * Calendar rules (../shared/RULES.md §3). Calendar days are 'YYYY-MM-DD' strings; instants are
 * Date objects; "today" and every calendar computation are in Asia/Shanghai. Pure: no IO.
 */

export const DATE_RULES = {
  timeZone: {
    value: 'Asia/Shanghai',
    ruleVersion: 1,
    source: 'RULES.md §3: calendar logic runs in Asia/Shanghai',
    scope: 'national',
  },
  monthArithmetic: {
    value: 'calendar months; a missing day rolls back to the last day of the month',
    ruleVersion: 1,
    source: 'RULES.md §3 (month arithmetic)',
    scope: 'national',
  },
  probation: {
    months: 12,
    ruleVersion: 1,
    source:
      '《中国共产党章程》第七条；《中国共产党发展党员工作细则》第二十六条：预备期为一年，从支部大会通过之日算起',
    scope: 'national',
  },
  fullOn: {
    value: '转正时间 = the day probation (or its extension) ends, even if the meeting is later',
    ruleVersion: 1,
    source: '《中国共产党发展党员工作细则》第三十二条；RULES.md §3',
    scope: 'national',
  },
  partyAge: {
    value: '党龄 counted in whole years from 转正时间; probation does not count',
    ruleVersion: 1,
    source: '《中国共产党章程》第七条：党员的党龄，从预备期满转为正式党员之日算起',
    scope: 'national',
  },
} as const;

export const SHANGHAI = DATE_RULES.timeZone.value;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export interface DateParts {
  y: number;
  m: number;
  d: number;
}

/** Parts of a real calendar day, or null for anything else (2026-02-30, 2026-2-1, ''). */
export function parseIsoDate(s: string): DateParts | null {
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

export const isIsoDate = (s: string): boolean => parseIsoDate(s) !== null;

export const formatIsoDate = ({ y, m, d }: DateParts): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

function mustParse(s: string): DateParts {
  const p = parseIsoDate(s);
  if (!p) throw new RangeError(`not a calendar date: ${s}`);
  return p;
}

/** Calendar months later (or earlier, for n < 0); a day the target month lacks rolls back to its last day. */
export function addMonths(date: string, n: number): string {
  const { y, m, d } = mustParse(date);
  const index = y * 12 + (m - 1) + n;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  return formatIsoDate({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

export const addYears = (date: string, n: number): string => addMonths(date, 12 * n);

/** Probation ends one year after 入党时间, plus any extension months (RULES §1 step 23). */
export function probationEndsOn(joinedOn: string, extensionMonths = 0): string {
  return addMonths(joinedOn, DATE_RULES.probation.months + extensionMonths);
}

/** 转正时间 when none was recorded: the day probation ends. */
export const defaultFullOn = probationEndsOn;

/** Whole years from `from` to `asOf` (anniversaries by the month rule); 0 when asOf is earlier. */
export function wholeYearsBetween(from: string, asOf: string): number {
  const a = mustParse(from);
  mustParse(asOf);
  if (asOf < from) return 0;
  let n = Number(asOf.slice(0, 4)) - a.y;
  if (addYears(from, n) > asOf) n -= 1;
  return Math.max(0, n);
}

/** 党龄 on `asOf`: whole years since 转正时间. A probationary member (no fullOn) has 0. */
export function partyAgeYears(fullOn: string | null | undefined, asOf: string): number {
  return fullOn ? wholeYearsBetween(fullOn, asOf) : 0;
}

/** Whole years since 入党时间 (the political birthday), probation included. */
export const yearsSinceJoining = (joinedOn: string, asOf: string): number =>
  wholeYearsBetween(joinedOn, asOf);

/** Age in whole years (周岁) on a date; a 29 February birthday falls on 28 February in other years. */
export const ageOn = (birthDate: string, asOf: string): number => wholeYearsBetween(birthDate, asOf);

let formatter: Intl.DateTimeFormat | undefined;

/**
 * China has kept UTC+8 without daylight saving since its last DST period ended on 1991-09-15
 * (tz database, Asia/Shanghai); from then on the day is plain arithmetic, which every rendered date
 * on a page (ten search hits, a column's list) uses: Intl's formatToParts costs ~10 µs a call.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 8, 15);
const EIGHT_HOURS = 8 * 3600 * 1000;

/** The calendar day an instant falls on in Asia/Shanghai. */
export function dateInShanghai(instant: Date): string {
  const t = instant.getTime();
  if (t >= FIXED_OFFSET_SINCE) return new Date(t + EIGHT_HOURS).toISOString().slice(0, 10);
  formatter ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: SHANGHAI,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today in Asia/Shanghai. */
export const todayInShanghai = (now: Date = new Date()): string => dateInShanghai(now);
