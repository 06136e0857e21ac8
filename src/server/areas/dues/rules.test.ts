import { describe, expect, it } from 'vitest';
import {
  addMonthKey,
  applyReduction,
  arrears,
  computeMonthlyDues,
  divRoundHalfUp,
  lastDayOf,
  monthRange,
} from './rules';
import { formatFen, parseYuan } from '../../../common/money';

const due = (group: string, baseFen: number | null) => {
  const r = computeMonthlyDues(group, baseFen);
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('monthly dues (RULES §4: one rate on the whole base)', () => {
  it.each([
    // [base fen, rate bp, amount fen]
    [300_000 - 1, 50, 1500], // 2999.99 × 0.5% = 14.99995 → 15.00 (half up)
    [300_000, 50, 1500], // 3000.00 exactly: still 0.5%
    [300_001, 100, 3000], // 3000.01 × 1% = 30.0001 → 30.00: the whole base at 1%, not progressive
    [500_000 - 1, 100, 5000], // 4999.99 × 1% = 49.9999 → 50.00
    [500_000, 100, 5000], // 5000.00 exactly: 1%
    [500_001, 150, 7500], // 5000.01 × 1.5% = 75.00015 → 75.00
    [1_000_000 - 1, 150, 15000], // 9999.99 × 1.5% = 149.99985 → 150.00
    [1_000_000, 150, 15000], // 10000.00 exactly: 1.5%
    [1_000_001, 200, 20000], // 10000.01 × 2% = 200.0002 → 200.00
  ])('working, base %i fen → %i bp, %i fen', (baseFen, rateBp, amountFen) => {
    const r = due('working', baseFen);
    expect(r.rateBp).toBe(rateBp);
    expect(r.amountFen).toBe(amountFen);
  });

  it('is not progressive: 10000.01 pays 2% of the whole base', () => {
    // progressive would be 3000×0.5% + 2000×1% + 5000×1.5% + 0.01×2% = 110.00
    expect(due('working', 1_000_001).amountFen).toBe(20000);
  });

  it('rounds half up to the fen', () => {
    // 1234.50 × 0.5% = 6.1725 → 6.17; 1235.00 × 0.5% = 6.175 → 6.18
    expect(due('working', 123_450).amountFen).toBe(617);
    expect(due('working', 123_500).amountFen).toBe(618);
    expect(divRoundHalfUp(5, 10)).toBe(1);
    expect(divRoundHalfUp(4, 10)).toBe(0);
  });

  it.each([
    [500_000, 50, 2500],
    [500_001, 100, 5000],
    [300_000, 50, 1500],
  ])('retired, pension %i fen → %i bp, %i fen', (baseFen, rateBp, amountFen) => {
    const r = due('retired', baseFen);
    expect(r.rateBp).toBe(rateBp);
    expect(r.amountFen).toBe(amountFen);
  });

  it('students, the unemployed and those on relief pay 0.2 yuan whatever the base', () => {
    for (const g of ['student', 'unemployed', 'relief']) {
      expect(due(g, null).amountFen).toBe(20);
      expect(due(g, 9_999_999).amountFen).toBe(20);
    }
  });

  it('explains the amount in Chinese', () => {
    expect(due('working', 500_000).explanation).toBe(
      '在职党员，月基数 5000.00 元（3000.00 元 < 基数 ≤ 5000.00 元），全额按 1% 交纳：50.00 元',
    );
  });

  it('refuses a missing base for working and retired members', () => {
    expect(computeMonthlyDues('working', null)).toMatchObject({ ok: false, reason: 'NO_BASE' });
    expect(computeMonthlyDues('retired', -1)).toMatchObject({ ok: false, reason: 'BAD_BASE' });
    expect(computeMonthlyDues('pirate', 1)).toMatchObject({ ok: false, reason: 'BAD_GROUP' });
  });

  it('applies an approved reduction, never raising the amount', () => {
    expect(applyReduction(5000, null)).toBe(5000);
    expect(applyReduction(5000, { kind: 'exempt', amountFen: null })).toBe(0);
    expect(applyReduction(5000, { kind: 'reduce', amountFen: 1000 })).toBe(1000);
    expect(applyReduction(500, { kind: 'reduce', amountFen: 1000 })).toBe(500);
  });
});

describe('yuan strings ↔ fen, exactly', () => {
  it.each([
    ['12.50', 1250],
    ['12.5', 1250],
    ['12', 1200],
    ['0.01', 1],
    ['0.1', 10],
    ['007.05', 705],
    [' 3000 ', 300000],
    ['+1.00', 100],
    [12.5, 1250],
    [0.29, 29], // 0.29 * 100 = 28.999999999999996 in floating point; parsed through its text instead
  ])('%s → %i fen', (input, fen) => {
    expect(parseYuan(input, { allowZero: true })).toEqual({ ok: true, fen });
  });

  it.each([
    ['-1', 'NEGATIVE'],
    ['-0.01', 'NEGATIVE'],
    ['abc', 'NOT_A_NUMBER'],
    ['1e3', 'NOT_A_NUMBER'],
    ['12.345', 'TOO_MANY_DECIMALS'],
    ['', 'EMPTY'],
    [null, 'EMPTY'],
    [0.1 + 0.2, 'TOO_MANY_DECIMALS'],
    ['99999999999', 'TOO_LARGE'],
    [true, 'NOT_A_NUMBER'],
  ])('%s is refused: %s', (input, code) => {
    const r = parseYuan(input, { allowZero: true, label: '党费基数' });
    expect(r).toMatchObject({ ok: false, code });
    expect(!r.ok && r.message).toMatch(/党费基数/);
  });

  it('formats fen as yuan', () => {
    expect(formatFen(1250)).toBe('12.50');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(-1250)).toBe('-12.50');
  });
});

describe('months', () => {
  it('adds months across years', () => {
    expect(addMonthKey('2025-12', 1)).toBe('2026-01');
    expect(addMonthKey('2025-01', -1)).toBe('2024-12');
    expect(monthRange('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthRange('2025-02', '2025-01')).toEqual([]);
  });
});

describe('arrears and the six-month flag', () => {
  const m = (month: string, dueFen: number, paidFen: number) => ({ month, dueFen, paidFen });

  it('flags six consecutive unpaid months', () => {
    const months = monthRange('2025-01', '2025-06').map((k) => m(k, 1500, 0));
    const r = arrears(months, '2025-07');
    expect(r).toMatchObject({ longestRun: 6, currentRun: 6, flagged: true, outstandingFen: 9000 });
  });

  it('does not flag five, nor six broken by a paid month', () => {
    expect(
      arrears(
        monthRange('2025-01', '2025-05').map((k) => m(k, 1500, 0)),
        '2025-06',
      ).flagged,
    ).toBe(false);
    const broken = monthRange('2025-01', '2025-07').map((k) => m(k, 1500, k === '2025-04' ? 1500 : 0));
    const r = arrears(broken, '2025-08');
    expect(r).toMatchObject({
      longestRun: 3,
      flagged: false,
      unpaidMonths: ['2025-01', '2025-02', '2025-03', '2025-05', '2025-06', '2025-07'],
    });
  });

  it('does not count the current month, exempt months or partial payments as paid', () => {
    const months = [m('2025-05', 1500, 1000), m('2025-06', 0, 0), m('2025-07', 1500, 0)];
    const r = arrears(months, '2025-07');
    expect(r.unpaidMonths).toEqual(['2025-05']);
    expect(r.outstandingFen).toBe(500);
    expect(r.currentRun).toBe(0);
  });

  it('a month with no dues computed breaks a run', () => {
    const months = [...monthRange('2025-01', '2025-03'), ...monthRange('2025-05', '2025-07')].map((k) =>
      m(k, 10, 0),
    );
    expect(arrears(months, '2025-08')).toMatchObject({ longestRun: 3, flagged: false });
  });
});

describe('lastDayOf', () => {
  it('knows month lengths and leap years', () => {
    expect(lastDayOf('2025-01')).toBe('2025-01-31');
    expect(lastDayOf('2025-02')).toBe('2025-02-28');
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2000-02')).toBe('2000-02-29');
    expect(lastDayOf('1900-02')).toBe('1900-02-28');
    expect(lastDayOf('2025-04')).toBe('2025-04-30');
    expect(lastDayOf('2025-12')).toBe('2025-12-31');
  });
});
