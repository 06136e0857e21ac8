import { describe, expect, it } from 'vitest';
import { calendarKnows, endOfWorkingDays, isWorkingDay, workingDaysBetween } from './workingDays';

describe('working days', () => {
  it('skips weekends and public holidays', () => {
    expect(isWorkingDay('2026-12-04')).toBe(true); // Friday
    expect(isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05')).toBe(false); // 国庆
    expect(isWorkingDay('2026-10-08')).toBe(true);
  });

  it('does not count swapped Saturdays, so a minimum period is never shortened', () => {
    expect(isWorkingDay('2026-10-10')).toBe(false);
  });

  it('ends a five-working-day 公示 on the fifth working day', () => {
    // Fri 2026-12-04 → Fri, Mon, Tue, Wed, Thu = 2026-12-10
    expect(endOfWorkingDays('2026-12-04', 5)).toBe('2026-12-10');
    // starting on a Saturday: Mon 12-07 … Fri 12-11
    expect(endOfWorkingDays('2026-12-05', 5)).toBe('2026-12-11');
    // over 国庆: Tue 09-29, Wed 09-30, then 10-08 Thu, 10-09 Fri, 10-12 Mon
    expect(endOfWorkingDays('2026-09-29', 5)).toBe('2026-10-12');
    expect(workingDaysBetween('2026-09-29', '2026-10-12')).toBe(5);
  });

  it('knows which years it holds', () => {
    expect(calendarKnows(2026)).toBe(true);
    expect(calendarKnows(2031)).toBe(false);
  });
});
