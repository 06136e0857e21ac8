/**
 * Working days in mainland China (RULES.md §3: "working days need a holiday calendar including
 * swapped working days (调休); keep it as data"). The public holidays below are the State
 * Council's published arrangements; they are marked *check* (verify each year's notice when it is
 * published, and add the next year here). Swapped working days (调休上班的周末) are listed but on
 * purpose NOT counted as working days when a period must last "at least N working days" (公示):
 * a period counted that way can only be longer than the legal minimum, never shorter. Pure: no IO.
 */

export const WORKING_DAY_RULES = {
  ruleVersion: 1,
  source: '国务院办公厅关于部分节假日安排的通知（2025 年、2026 年）',
  status: 'check',
} as const;

/** Public holidays by year ('YYYY-MM-DD'). */
export const HOLIDAYS: Record<number, readonly string[]> = {
  2025: [
    '2025-01-01',
    ...range('2025-01-28', '2025-02-04'),
    ...range('2025-04-04', '2025-04-06'),
    ...range('2025-05-01', '2025-05-05'),
    ...range('2025-05-31', '2025-06-02'),
    ...range('2025-10-01', '2025-10-08'),
  ],
  2026: [
    ...range('2026-01-01', '2026-01-03'),
    ...range('2026-02-15', '2026-02-23'),
    ...range('2026-04-04', '2026-04-06'),
    ...range('2026-05-01', '2026-05-05'),
    ...range('2026-06-19', '2026-06-21'),
    ...range('2026-09-25', '2026-09-27'),
    ...range('2026-10-01', '2026-10-07'),
  ],
};

/** Weekend days worked in exchange (调休上班), kept for display; see the module comment. */
export const SWAPPED_WORKING_DAYS: Record<number, readonly string[]> = {
  2025: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  2026: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

function range(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDay(d, 1)) out.push(d);
  return out;
}

function addDay(day: string, n: number): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return new Date(t + n * 86_400_000).toISOString().slice(0, 10);
}

const holidaySet = new Set(Object.values(HOLIDAYS).flat());

/** Is the day a working day: Monday–Friday and not a public holiday. */
export function isWorkingDay(day: string): boolean {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidaySet.has(day);
}

/** The day on which a period starting on `from` has lasted `n` working days (from counts if it is one). */
export function endOfWorkingDays(from: string, n: number): string {
  let d = from;
  let counted = 0;
  for (;;) {
    if (isWorkingDay(d)) counted++;
    if (counted >= n) return d;
    d = addDay(d, 1);
  }
}

/** Working days from `from` through `to`, both included. */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = from; d <= to; d = addDay(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** Whether the calendar knows the year's holidays (else only weekends are known). */
export const calendarKnows = (year: number) => year in HOLIDAYS;
