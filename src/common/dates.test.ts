import { describe, expect, it } from 'vitest';
import {
  DATE_RULES,
  addMonths,
  ageOn,
  dateInShanghai,
  defaultFullOn,
  isIsoDate,
  partyAgeYears,
  probationEndsOn,
  todayInShanghai,
  yearsSinceJoining,
} from './dates';

describe('rule metadata', () => {
  it('carries a version and a source for every rule', () => {
    for (const rule of Object.values(DATE_RULES)) {
      expect(rule.ruleVersion).toBeGreaterThan(0);
      expect(rule.source.length).toBeGreaterThan(0);
    }
    expect(DATE_RULES.probation.months).toBe(12);
  });
});

describe('isIsoDate', () => {
  it('accepts real days only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-4-1')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});

describe('addMonths', () => {
  it('adds calendar months across a year end', () => {
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2026-02-15', -3)).toBe('2025-11-15');
  });
  it('rolls a missing day back to the last day of the month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-03-31', 1)).toBe('2025-04-30');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
  });
  it('keeps the 31st when the target month has it', () => {
    expect(addMonths('2025-01-31', 2)).toBe('2025-03-31');
  });
  it('refuses a string that is not a calendar day', () => {
    expect(() => addMonths('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('probation end and 转正时间', () => {
  it('is one year after 入党时间', () => {
    expect(probationEndsOn('2025-07-01')).toBe('2026-07-01');
    expect(defaultFullOn('2025-07-01')).toBe('2026-07-01');
  });
  it('adds extension months', () => {
    expect(probationEndsOn('2025-07-01', 6)).toBe('2027-01-01');
    expect(probationEndsOn('2025-08-31', 6)).toBe('2027-02-28');
  });
  it('rolls a 29 February joiner back to 28 February in a non-leap target year', () => {
    expect(probationEndsOn('2024-02-29')).toBe('2025-02-28');
  });
  it('keeps 29 February when the target year is a leap year', () => {
    // joined 2023-02-28 → 2024-02-28 (no roll forward); a 29 Feb joiner with 48 months lands on 29 Feb.
    expect(probationEndsOn('2023-02-28')).toBe('2024-02-28');
    expect(probationEndsOn('2024-02-29', 36)).toBe('2028-02-29');
  });
  it('handles a month-end joiner', () => {
    expect(probationEndsOn('2025-01-31', 1)).toBe('2026-02-28');
  });
});

describe('党龄', () => {
  it('counts whole years from 转正时间', () => {
    expect(partyAgeYears('2011-03-15', '2026-03-14')).toBe(14);
    expect(partyAgeYears('2011-03-15', '2026-03-15')).toBe(15);
  });
  it('does not count probation', () => {
    expect(partyAgeYears(null, '2030-01-01')).toBe(0);
    expect(partyAgeYears('2026-07-01', '2026-06-30')).toBe(0);
  });
  it('gives a 29 February 转正 its anniversary on 28 February in other years', () => {
    expect(partyAgeYears('2024-02-29', '2025-02-27')).toBe(0);
    expect(partyAgeYears('2024-02-29', '2025-02-28')).toBe(1);
    expect(partyAgeYears('2024-02-29', '2028-02-28')).toBe(3);
    expect(partyAgeYears('2024-02-29', '2028-02-29')).toBe(4);
  });
  it('counts years since joining, probation included', () => {
    expect(yearsSinceJoining('2010-03-15', '2026-03-15')).toBe(16);
  });
});

describe('ageOn', () => {
  it('counts whole years of age', () => {
    expect(ageOn('2008-05-20', '2026-05-19')).toBe(17);
    expect(ageOn('2008-05-20', '2026-05-20')).toBe(18);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(18);
  });
});

describe('Asia/Shanghai', () => {
  it('places an instant on the Shanghai calendar day', () => {
    expect(dateInShanghai(new Date('2026-01-31T17:00:00Z'))).toBe('2026-02-01');
    expect(dateInShanghai(new Date('2026-01-31T15:59:59Z'))).toBe('2026-01-31');
    expect(dateInShanghai(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
  });
  it('agrees with the tz database from 1985 to 2040, daylight saving years included', () => {
    const tz = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
    // 7 h 13 min steps cross every hour of the day over the years.
    for (let t = Date.UTC(1985, 0, 1); t < Date.UTC(2040, 0, 1); t += 7 * 3600_000 + 13 * 60_000) {
      expect(dateInShanghai(new Date(t))).toBe(tz.format(t));
    }
    // In 1990's summer time (UTC+9) 15:30 UTC was already the next day.
    expect(dateInShanghai(new Date('1990-07-01T15:30:00Z'))).toBe('1990-07-02');
    expect(dateInShanghai(new Date('1992-07-01T15:30:00Z'))).toBe('1992-07-01');
  });
  it("gives today's date in Shanghai", () => {
    expect(todayInShanghai(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(todayInShanghai()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
