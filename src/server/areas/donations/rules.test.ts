import { describe, expect, it } from 'vitest';
import {
  DONATION_RULES,
  defaultReceiptPrefix,
  eligibilityError,
  ledgerProblems,
  netTotal,
  normaliseEligible,
  paymentMethodFrom,
  receiptNumber,
  reversalAmount,
} from './rules';

describe('ledger rules', () => {
  it('carry versions and sources', () => {
    for (const r of Object.values(DONATION_RULES)) {
      expect(r.ruleVersion).toBeGreaterThan(0);
      expect(r.source).toBeTruthy();
    }
  });

  it('numbers receipts per drive', () => {
    expect(receiptNumber('JZ2026', 1)).toBe('JZ2026-0001');
    expect(receiptNumber('JZ2026', 12345)).toBe('JZ2026-12345');
    expect(defaultReceiptPrefix('donation', 2026, new Set())).toBe('JZ2026');
    expect(defaultReceiptPrefix('donation', 2026, new Set(['JZ2026']))).toBe('JZ2026B');
    expect(defaultReceiptPrefix('specialDues', 2026, new Set(['JZ2026']))).toBe('TSDF2026');
  });

  it('special dues come from members only, as persons', () => {
    expect(normaliseEligible('specialDues', ['staff', 'student', 'class'])).toEqual(['member']);
    expect(
      eligibilityError('specialDues', ['member'], {
        donorType: 'person',
        personKind: 'staff',
        isMember: true,
      }),
    ).toBeNull();
    expect(
      eligibilityError('specialDues', ['member'], {
        donorType: 'person',
        personKind: 'staff',
        isMember: false,
      }),
    ).toContain('党员');
    expect(eligibilityError('specialDues', ['member'], { donorType: 'class' })).not.toBeNull();
  });

  it('donations follow the drive’s “who may give”', () => {
    const el = normaliseEligible('donation', ['member', 'class']);
    expect(el).toEqual(['member', 'class']);
    expect(eligibilityError('donation', el, { donorType: 'class' })).toBeNull();
    expect(
      eligibilityError('donation', el, { donorType: 'person', personKind: 'student', isMember: false }),
    ).toContain('党员');
    expect(
      eligibilityError('donation', el, { donorType: 'person', personKind: 'staff', isMember: true }),
    ).toBeNull();
    expect(eligibilityError('donation', ['staff'], { donorType: 'class' })).toContain('班级');
  });

  it('reverses by the exact negative, and reversals sum to zero', () => {
    const gift = { id: 'a', amountFen: 10050, reversesId: null };
    const rev = { id: 'b', amountFen: reversalAmount(gift), reversesId: 'a' };
    expect(rev.amountFen).toBe(-10050);
    expect(netTotal([gift, rev])).toBe(0);
    expect(netTotal([gift, rev, { id: 'c', amountFen: 2000, reversesId: null }])).toBe(2000);
    expect(() => reversalAmount(rev)).toThrow();
    expect(ledgerProblems([gift, rev])).toEqual([]);
  });

  it('finds broken ledgers', () => {
    const gift = { id: 'a', amountFen: 100, reversesId: null };
    expect(ledgerProblems([gift, { id: 'b', amountFen: -99, reversesId: 'a' }])).toHaveLength(1);
    expect(
      ledgerProblems([
        gift,
        { id: 'b', amountFen: -100, reversesId: 'a' },
        { id: 'c', amountFen: -100, reversesId: 'a' },
      ]),
    ).toContain('a: reversed twice');
    expect(ledgerProblems([{ id: 'x', amountFen: -5, reversesId: 'zz' }])).toHaveLength(1);
    expect(ledgerProblems([{ id: 'x', amountFen: 0, reversesId: null }])).toHaveLength(1);
  });

  it('reads payment methods from labels', () => {
    expect(paymentMethodFrom('')).toBe('cash');
    expect(paymentMethodFrom('微信')).toBe('wechat');
    expect(paymentMethodFrom('alipay')).toBe('alipay');
    expect(paymentMethodFrom('银行转账')).toBe('bankTransfer');
    expect(paymentMethodFrom('比特币')).toBeNull();
  });
});
