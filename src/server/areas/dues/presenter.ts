import type { DuesMonthRow, LedgerEntry, PaymentMethod, Reduction } from '../../../common/contracts/dues';
import type { duesLedger, duesReductions } from '../../platform/db/schema/index';
import { DUES_GROUP_LABELS, isDuesGroup } from './rules';

/** Rows of the dues tables → the shapes of common/contracts/dues.ts. Months leave as 'YYYY-MM'. */

export type LedgerRow = typeof duesLedger.$inferSelect;
export type ReductionRecord = typeof duesReductions.$inferSelect;

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  cash: '现金',
  transfer: '银行转账',
  wechat: '微信',
  alipay: '支付宝',
  other: '其他',
};

const REDUCTION_STATUS_LABELS: Record<string, string> = {
  pending: '待审批',
  approved: '已批准',
  rejected: '未批准',
};

/** A member-month as read by queries.ts (MONTH_COLUMNS over MONTH_FROM). */
export interface MonthListRow {
  id: string;
  person_id: string;
  name: string;
  number: string;
  branch_id: string;
  branch_name: string;
  month: string;
  dues_group: string;
  base_fen: number | null;
  rate_bp: number | null;
  standard_fen: number;
  due_fen: number;
  reduction_id: string | null;
  paid_fen: number;
}

export const presentMonthRow = (r: MonthListRow): DuesMonthRow => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  number: r.number,
  branchId: r.branch_id,
  branchName: r.branch_name,
  month: r.month.slice(0, 7),
  group: r.dues_group,
  groupLabel: isDuesGroup(r.dues_group) ? DUES_GROUP_LABELS[r.dues_group] : r.dues_group,
  baseFen: r.base_fen,
  rateBp: r.rate_bp,
  standardFen: r.standard_fen,
  dueFen: r.due_fen,
  reduced: r.reduction_id !== null,
  paidFen: r.paid_fen,
  outstandingFen: Math.max(0, r.due_fen - r.paid_fen),
  status: r.paid_fen >= r.due_fen ? 'paid' : r.paid_fen > 0 ? 'partial' : 'unpaid',
});

export const presentEntry = (e: LedgerRow, reversedBy: string | null = null): LedgerEntry => ({
  id: e.id,
  personId: e.personId,
  month: e.month.slice(0, 7),
  kind: e.kind as 'payment' | 'reversal',
  amountFen: e.amountFen,
  reversesId: e.reversesId,
  reversedById: reversedBy,
  paidOn: e.paidOn,
  method: e.method,
  methodLabel: PAYMENT_METHOD_LABELS[e.method as PaymentMethod] ?? e.method,
  receiptNo: e.receiptNo,
  note: e.note,
  recordedByName: e.recordedByName,
  createdAt: e.createdAt.toISOString(),
});

export const presentReduction = (r: ReductionRecord): Reduction => ({
  id: r.id,
  personId: r.personId,
  fromMonth: r.fromMonth.slice(0, 7),
  toMonth: r.toMonth.slice(0, 7),
  kind: r.kind as 'reduce' | 'exempt',
  kindLabel: r.kind === 'exempt' ? '免交' : '减交',
  amountFen: r.amountFen,
  reason: r.reason,
  status: r.status as 'pending' | 'approved' | 'rejected',
  statusLabel: REDUCTION_STATUS_LABELS[r.status] ?? r.status,
  requestedByName: r.requestedByName,
  decidedByName: r.decidedByName,
  decidedAt: r.decidedAt?.toISOString() ?? null,
  decisionNote: r.decisionNote,
  createdAt: r.createdAt.toISOString(),
});
