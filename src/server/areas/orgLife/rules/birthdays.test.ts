import { describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../../../common/dates';
import {
  DEFAULT_CHECKLIST,
  addDays,
  birthdayIn,
  birthdayNumber,
  daysBetween,
  evaluateChecklist,
  inRoster,
  monthsInWindow,
  ratePercent,
  upcomingBirthday,
} from './birthdays';

describe('political birthday dates (RULES §3)', () => {
  it('falls on the same day each year from the first anniversary on', () => {
    expect(birthdayIn('2010-03-15', 2025)).toBe('2025-03-15');
    expect(birthdayNumber('2010-03-15', 2025)).toBe(15);
    expect(birthdayIn('2010-03-15', 2010)).toBeNull();
    expect(birthdayIn('2010-03-15', 2009)).toBeNull();
  });

  it('puts a 29 February joiner on 28 February in a common year, and on 29 February in a leap year', () => {
    expect(birthdayIn('2004-02-29', 2025)).toBe('2025-02-28');
    expect(birthdayIn('2004-02-29', 2028)).toBe('2028-02-29');
    expect(inRoster('2004-02-29', 2025, 2)).toBe(true);
    expect(inRoster('2004-02-29', 2025, 3)).toBe(false);
  });

  it('rosters by joining month at month boundaries, never in the joining year', () => {
    expect(inRoster('2010-03-31', 2025, 3)).toBe(true);
    expect(inRoster('2010-04-01', 2025, 3)).toBe(false);
    expect(inRoster('2010-02-28', 2025, 3)).toBe(false);
    expect(inRoster('2025-03-01', 2025, 3)).toBe(false);
    expect(inRoster('2024-12-31', 2025, 12)).toBe(true);
  });

  it('reminds a week ahead, across month and year ends', () => {
    expect(upcomingBirthday('2010-03-15', '2025-03-08', 7)).toEqual({
      on: '2025-03-15',
      years: 15,
      inDays: 7,
    });
    expect(upcomingBirthday('2010-03-15', '2025-03-07', 7)).toBeNull();
    expect(upcomingBirthday('2010-03-15', '2025-03-15', 7)).toEqual({
      on: '2025-03-15',
      years: 15,
      inDays: 0,
    });
    expect(upcomingBirthday('2010-03-15', '2025-03-16', 7)).toBeNull();
    expect(upcomingBirthday('2010-01-03', '2025-12-28', 7)).toEqual({
      on: '2026-01-03',
      years: 16,
      inDays: 6,
    });
    expect(upcomingBirthday('2004-02-29', '2025-02-21', 7)).toEqual({
      on: '2025-02-28',
      years: 21,
      inDays: 7,
    });
    expect(upcomingBirthday('2025-03-10', '2025-03-05', 7)).toBeNull(); // joined this year: no birthday yet
  });

  it('lists the months a reminder window touches', () => {
    expect(monthsInWindow('2025-12-28', 7)).toEqual([
      { year: 2025, month: 12 },
      { year: 2026, month: 1 },
    ]);
    expect(monthsInWindow('2025-03-01', 7)).toEqual([{ year: 2025, month: 3 }]);
  });

  it('counts days across leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
  });

  it('takes "today" in Asia/Shanghai, not UTC', () => {
    // 2025-02-28 16:30 UTC is already 1 March 00:30 in Shanghai
    expect(todayInShanghai(new Date('2025-02-28T16:30:00Z'))).toBe('2025-03-01');
    expect(todayInShanghai(new Date('2025-02-28T15:59:59Z'))).toBe('2025-02-28');
  });
});

describe('the checklist', () => {
  const none = { thoughtReport: false, goals: false, proposal: false, symposium: false };

  it('has the seed’s items by default', () => {
    expect(DEFAULT_CHECKLIST.map((i) => i.key)).toEqual([
      'symposium',
      'card',
      'redBook',
      'oath',
      'thoughtReport',
      'goals',
      'proposal',
    ]);
  });

  it('mixes manual ticks with items derived from the member’s records', () => {
    const r = evaluateChecklist(
      DEFAULT_CHECKLIST,
      { card: { done: true }, redBook: { done: true, detail: '《红岩》' }, goals: { done: true } },
      { ...none, thoughtReport: true },
    );
    expect(r.done).toBe(3); // card, redBook, thoughtReport — a manual tick on a derived item does not count
    expect(r.total).toBe(7);
    expect(r.complete).toBe(false);
    expect(r.items.find((i) => i.key === 'redBook')).toMatchObject({
      done: true,
      detail: '《红岩》',
      source: 'manual',
    });
    expect(r.items.find((i) => i.key === 'goals')).toMatchObject({ done: false, source: 'derived' });
  });

  it('is complete when every item is done', () => {
    const manual = { card: { done: true }, redBook: { done: true }, oath: { done: true } };
    expect(
      evaluateChecklist(DEFAULT_CHECKLIST, manual, {
        thoughtReport: true,
        goals: true,
        proposal: true,
        symposium: true,
      }).complete,
    ).toBe(true);
  });

  it('computes rates', () => {
    expect(ratePercent(1, 3)).toBe(33.3);
    expect(ratePercent(0, 0)).toBe(0);
    expect(ratePercent(2, 2)).toBe(100);
  });
});
