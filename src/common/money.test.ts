import { describe, expect, it } from 'vitest';
import { MAX_FEN_DEFAULT, formatFen, parseYuan, sumFen, yuanSchema, yuanToFen } from './money';

const fen = (input: unknown, options?: Parameters<typeof parseYuan>[1]) => {
  const r = parseYuan(input, options);
  return r.ok ? r.fen : r.code;
};

describe('parseYuan', () => {
  it('parses yuan strings into exact integer fen', () => {
    expect(fen('12')).toBe(1200);
    expect(fen('12.5')).toBe(1250);
    expect(fen('12.50')).toBe(1250);
    expect(fen('0.01')).toBe(1);
    expect(fen('0.1')).toBe(10);
    expect(fen('007.05')).toBe(705);
    expect(fen(' 1,234.56 ')).toBe(123456);
    expect(fen('¥20')).toBe(2000);
    expect(fen('￥20.3')).toBe(2030);
    expect(fen('50元')).toBe(5000);
    expect(fen('１２.３４')).toBe(1234); // full-width digits
    expect(fen('+3')).toBe(300);
  });

  it('is exact where floating point is not', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.15 * 100 === 114.99999999999999 in binary floating point
    expect(fen('0.29')).toBe(29);
    expect(fen('1.15')).toBe(115);
    expect(fen('4.35')).toBe(435);
    expect(fen('19999999.99', { maxFen: 10_000_000_000 })).toBe(1_999_999_999);
    expect(fen(0.29)).toBe(29);
    expect(fen(1.15)).toBe(115);
    expect(fen(100)).toBe(10000);
  });

  it('refuses negatives', () => {
    expect(fen('-1')).toBe('NEGATIVE');
    expect(fen('-0.01')).toBe('NEGATIVE');
    expect(fen('−5')).toBe('NEGATIVE');
    expect(fen(-3)).toBe('NEGATIVE');
    expect(fen('-1.234')).toBe('NEGATIVE');
    const r = parseYuan('-1');
    expect(r.ok ? '' : r.message).toBe('金额不能为负数');
  });

  it('refuses non-numbers', () => {
    for (const bad of [
      'abc',
      '1.2.3',
      '1e5',
      '0x10',
      '12,34',
      '1,2345',
      '.5',
      '5.',
      'NaN',
      'Infinity',
      '１二',
      '1 000',
    ]) {
      expect(fen(bad), bad).toBe('NOT_A_NUMBER');
    }
    expect(fen(Number.NaN)).toBe('NOT_A_NUMBER');
    expect(fen(Number.POSITIVE_INFINITY)).toBe('NOT_A_NUMBER');
    expect(fen({})).toBe('NOT_A_NUMBER');
    expect(fen(true)).toBe('NOT_A_NUMBER');
    expect(fen(1e-7)).toBe('NOT_A_NUMBER');
    expect(fen('')).toBe('EMPTY');
    expect(fen('   ')).toBe('EMPTY');
    expect(fen(null)).toBe('EMPTY');
    expect(fen(undefined)).toBe('EMPTY');
  });

  it('refuses more than two decimals', () => {
    expect(fen('1.234')).toBe('TOO_MANY_DECIMALS');
    expect(fen('1.230')).toBe('TOO_MANY_DECIMALS');
    expect(fen('0.001')).toBe('TOO_MANY_DECIMALS');
    expect(fen(0.1 + 0.2)).toBe('TOO_MANY_DECIMALS');
    const r = parseYuan('1.234');
    expect(r.ok ? '' : r.message).toContain('两位小数');
  });

  it('refuses zero unless allowed', () => {
    expect(fen('0')).toBe('ZERO');
    expect(fen('0.00')).toBe('ZERO');
    expect(fen('-0')).toBe('ZERO');
    expect(fen('0', { allowZero: true })).toBe(0);
    expect(fen('-0', { allowZero: true })).toBe(0);
  });

  it('refuses absurdly large amounts without overflowing', () => {
    expect(MAX_FEN_DEFAULT).toBe(1_000_000_000);
    expect(fen('10000000')).toBe(1_000_000_000);
    expect(fen('10000000.01')).toBe('TOO_LARGE');
    expect(fen('99999999999999999999999999')).toBe('TOO_LARGE');
    const huge = parseYuan('99999999999');
    expect(huge.ok ? '' : huge.message).toBe('金额过大（不能超过 10,000,000.00 元）');
    expect(fen(1e20)).toBe('TOO_LARGE');
    expect(fen(1e21)).toBe('NOT_A_NUMBER');
    expect(fen('500.01', { maxFen: 50000 })).toBe('TOO_LARGE');
    const r = parseYuan('10000000.01');
    expect(r.ok ? '' : r.message).toContain('10,000,000.00');
  });
});

describe('formatFen', () => {
  it('formats integer fen as yuan with two decimals', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(1)).toBe('0.01');
    expect(formatFen(1250)).toBe('12.50');
    expect(formatFen(123456789)).toBe('1234567.89');
    expect(formatFen(123456789, { grouping: true })).toBe('1,234,567.89');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(-123456, { grouping: true })).toBe('-1,234.56');
  });

  it('round-trips with parseYuan', () => {
    for (const f of [1, 9, 10, 99, 100, 101, 1999, 123456, 999999999]) {
      expect(fen(formatFen(f))).toBe(f);
    }
  });

  it('refuses non-integers', () => {
    expect(() => formatFen(1.5)).toThrow(RangeError);
    expect(() => formatFen(Number.NaN)).toThrow(RangeError);
  });
});

describe('sumFen and helpers', () => {
  it('sums integers and refuses fractions', () => {
    expect(sumFen([100, -100, 250])).toBe(250);
    expect(sumFen([])).toBe(0);
    expect(() => sumFen([0.5])).toThrow(RangeError);
  });

  it('yuanToFen throws the Chinese message', () => {
    expect(yuanToFen('3.5')).toBe(350);
    expect(() => yuanToFen('-3')).toThrow('金额不能为负数');
  });

  it('yuanSchema outputs fen or the Chinese message', () => {
    expect(yuanSchema().parse('8.8')).toBe(880);
    expect(yuanSchema().parse(8.8)).toBe(880);
    const bad = yuanSchema().safeParse('1.001');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('金额最多两位小数（精确到分）');
    expect(yuanSchema({ allowZero: true }).parse('0')).toBe(0);
  });
});
