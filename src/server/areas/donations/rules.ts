/**
 * Donation-ledger rules, pure (no IO): drive types, who may give, receipt numbers, reversals and
 * net amounts. Special dues (特殊党费) follow RULES.md §4: always voluntary, never demanded, kept in
 * their own ledger per campaign — so nothing here computes who has not given, and no total ever
 * adds a donation drive and a special-dues campaign together.
 */

import {
  DONOR_CATEGORIES,
  PAYMENT_METHODS,
  type DonorCategory,
  type DriveType,
  type PaymentMethod,
} from '../../../common/contracts/donations';

export {
  DONOR_CATEGORIES,
  DRIVE_TYPES,
  PAYMENT_METHODS,
  RECEIPT_PREFIX,
  type DonorCategory,
  type DriveType,
  type PaymentMethod,
} from '../../../common/contracts/donations';

export const DONATION_RULES = {
  specialDuesVoluntary: {
    value: 'special dues are voluntary: no quota, no list of non-payers, no reminders',
    ruleVersion: 1,
    source:
      'RULES.md §4 (中组发〔2008〕3号): 特殊党费 is always voluntary and kept in its own ledger per campaign',
    scope: 'national',
  },
  correctionsByReversal: {
    value: 'entries are never edited or deleted; a correction is a reversal of the exact negative amount',
    ruleVersion: 1,
    source: 'issue 4 §3: a closed drive is frozen and corrected only by reversing entries, never edits',
    scope: 'local',
  },
} as const;

export const DRIVE_TYPE_LABELS: Record<DriveType, string> = { donation: '爱心捐款', specialDues: '特殊党费' };

export const DONOR_CATEGORY_LABELS: Record<DonorCategory, string> = {
  staff: '教职工',
  student: '学生',
  member: '党员',
  class: '班级（集体）',
};

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  wechat: '微信',
  alipay: '支付宝',
  bankTransfer: '银行转账',
  other: '其他',
};
/** A payment method from its label or key, as typed in a spreadsheet. */
export function paymentMethodFrom(text: string): PaymentMethod | null {
  const t = text.trim();
  if (t === '') return 'cash';
  for (const m of PAYMENT_METHODS) if (m === t || PAYMENT_METHOD_LABELS[m] === t) return m;
  if (t === '微信支付') return 'wechat';
  if (t === '转账' || t === '银行') return 'bankTransfer';
  return null;
}

/** Who may give in a drive of this type: special dues come from Party members only. */
export function normaliseEligible(type: DriveType, eligible: readonly DonorCategory[]): DonorCategory[] {
  if (type === 'specialDues') return ['member'];
  return DONOR_CATEGORIES.filter((c) => eligible.includes(c));
}

export interface DonorFacts {
  donorType: 'person' | 'class';
  personKind?: 'staff' | 'student' | null;
  isMember?: boolean;
}

/** Null when the donor may give in this drive, else the Chinese reason. */
export function eligibilityError(
  type: DriveType,
  eligible: readonly DonorCategory[],
  donor: DonorFacts,
): string | null {
  if (type === 'specialDues') {
    if (donor.donorType !== 'person' || !donor.isMember) return '特殊党费只能由党员本人自愿交纳';
    return null;
  }
  if (donor.donorType === 'class') return eligible.includes('class') ? null : '本次捐款不接受班级集体捐款';
  if (donor.personKind === 'staff' && eligible.includes('staff')) return null;
  if (donor.personKind === 'student' && eligible.includes('student')) return null;
  if (donor.isMember && eligible.includes('member')) return null;
  const allowed = eligible.map((c) => DONOR_CATEGORY_LABELS[c]).join('、');
  return `本次捐款的对象为：${allowed || '（未设置）'}`;
}

/** Receipt numbers: `${prefix}-${seq}` with at least four digits, e.g. JZ2026-0001. */
export const receiptNumber = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(4, '0')}`;

/** The default prefix for a new drive: JZ<year> for donations, TSDF<year> for special dues, then B, C … if taken. */
export function defaultReceiptPrefix(type: DriveType, year: number, taken: ReadonlySet<string>): string {
  const base = `${type === 'donation' ? 'JZ' : 'TSDF'}${year}`;
  if (!taken.has(base)) return base;
  for (let i = 1; i < 26; i++) {
    const candidate = base + String.fromCharCode(65 + i);
    if (!taken.has(candidate)) return candidate;
  }
  for (let n = 2; ; n++) if (!taken.has(`${base}N${n}`)) return `${base}N${n}`;
}

export interface LedgerEntry {
  id: string;
  amountFen: number;
  reversesId: string | null;
}

/** A reversal entry's amount for an original: its exact negative. Refuses reversing a reversal. */
export function reversalAmount(original: LedgerEntry): number {
  if (original.reversesId !== null || original.amountFen <= 0)
    throw new Error('only an original gift can be reversed');
  return -original.amountFen;
}

/** The ledger's net total: gifts plus reversals (each reversal cancels its original exactly). */
export function netTotal(entries: readonly LedgerEntry[]): number {
  let total = 0;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.amountFen)) throw new RangeError('amounts must be integer fen');
    total += e.amountFen;
  }
  return total;
}

/**
 * Checks a ledger's integrity: every reversal references an original of the same ledger, negates
 * it exactly, and no original is reversed twice. Returns the problems found (empty = sound).
 */
export function ledgerProblems(entries: readonly LedgerEntry[]): string[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const reversed = new Set<string>();
  const problems: string[] = [];
  for (const e of entries) {
    if (e.reversesId === null) {
      if (e.amountFen <= 0) problems.push(`${e.id}: a gift must be positive`);
      continue;
    }
    const original = byId.get(e.reversesId);
    if (!original) problems.push(`${e.id}: reverses an entry outside the ledger`);
    else if (original.reversesId !== null) problems.push(`${e.id}: reverses a reversal`);
    else if (e.amountFen !== -original.amountFen) problems.push(`${e.id}: does not negate its original`);
    if (reversed.has(e.reversesId)) problems.push(`${e.reversesId}: reversed twice`);
    reversed.add(e.reversesId);
  }
  return problems;
}
