import { z } from 'zod';
import { todayInShanghai } from '../dates';
import { parseYuan } from '../money';
import { day, fen, file, id, list, optionalText, page, pageQuery, queryBool, text, year } from '../schemas';

/**
 * Party dues (RULES §4): request and response shapes of /api/dues, for the server routes and the
 * console alike. Money is integer fen; a month is 'YYYY-MM'.
 */

/** The dues groups of RULES §4 (the rates per group are in server/areas/dues/rules.ts). */
export const DUES_GROUPS = ['working', 'retired', 'student', 'unemployed', 'relief'] as const;
export type DuesGroup = (typeof DUES_GROUPS)[number];

export const PAYMENT_METHODS = ['cash', 'transfer', 'wechat', 'alipay', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const REDUCTION_KINDS = ['reduce', 'exempt'] as const;
export const REDUCTION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export const MONTH_STATUSES = ['paid', 'partial', 'unpaid'] as const;
export type DuesMonthStatus = (typeof MONTH_STATUSES)[number];

/** A dues month as 'YYYY-MM'. */
export const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
// Year 0000 matches the pattern but is no month PostgreSQL stores.
const monthKey = (label: string) =>
  z
    .string(`请填写${label}`)
    .regex(MONTH_KEY, `${label}格式应为 YYYY-MM`)
    .refine((v) => !v.startsWith('0000'), `${label}格式应为 YYYY-MM`);

const thisYear = () => Number(todayInShanghai().slice(0, 4));
const thisMonth = () => todayInShanghai().slice(0, 7);

/**
 * A yuan amount as a string ("12.50") — or a JSON number, read through its decimal text — turned
 * into integer fen exactly. Negative, non-numeric or more than two decimals: refused in Chinese.
 * Anything else (a boolean) gets the same "must be a number" message, not zod's type error.
 */
export const yuan = (label: string) =>
  z.unknown().transform((v, ctx) => {
    // Zero is a real amount here (a base of 0, a waived month).
    const r = parseYuan(v, { label, allowZero: true });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.fen;
  });

const personParams = z.object({ personId: id('人员编号') });
const idParams = z.object({ id: id('编号') });
const yearQuery = z.object({ year: year().default(thisYear) });

// ——— responses ———

const bracket = z.object({ upToFen: fen.nullable(), rateBp: z.number().int() });

export const duesRulesView = z.object({
  id: z.string(),
  ruleVersion: z.number().int(),
  source: z.string(),
  scope: z.string(),
  brackets: z.object({ working: z.array(bracket), retired: z.array(bracket) }),
  fixedFen: fen,
  lapseMonths: z.number().int(),
  backPayMonths: z.number().int(),
  rounding: z.string(),
  groups: z.array(z.object({ group: z.enum(DUES_GROUPS), label: z.string() })),
});

export const duesBaseView = z.object({
  personId: z.string().uuid(),
  baseFen: fen.nullable(),
  group: z.enum(DUES_GROUPS),
  monthlyFen: fen.nullable(),
  explanation: z.string(),
});

export const computeResult = z.object({
  month: z.string(),
  members: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Months already paid into: left as computed before. */
  paidKept: z.number().int(),
  skipped: z.array(z.object({ personId: z.string().uuid(), name: z.string(), reason: z.string() })),
  rule: z.string(),
});

/** One member's dues for one month. `group` is as stored (a group of an older rule stays readable). */
export const duesMonthRow = z.object({
  id: z.string().uuid(),
  personId: z.string().uuid(),
  name: z.string(),
  number: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  month: z.string(),
  group: z.string(),
  groupLabel: z.string(),
  baseFen: fen.nullable(),
  rateBp: z.number().int().nullable(),
  standardFen: fen,
  dueFen: fen,
  reduced: z.boolean(),
  paidFen: fen,
  outstandingFen: fen,
  status: z.enum(MONTH_STATUSES),
});

export const monthList = page(duesMonthRow).extend({ month: z.string(), dueFen: fen, paidFen: fen });

/** A ledger entry: a payment, or the reversal of one (negative amount). */
export const ledgerEntry = z.object({
  id: z.string().uuid(),
  personId: z.string().uuid(),
  month: z.string(),
  kind: z.enum(['payment', 'reversal']),
  amountFen: fen,
  reversesId: z.string().uuid().nullable(),
  reversedById: z.string().uuid().nullable(),
  paidOn: z.string(),
  method: z.string(),
  methodLabel: z.string(),
  receiptNo: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  createdAt: z.string(),
});

export const ledgerList = page(ledgerEntry.extend({ name: z.string() })).extend({ sumFen: fen });

export const paymentResult = list(ledgerEntry).extend({ totalFen: fen });

export const reductionView = z.object({
  id: z.string().uuid(),
  personId: z.string().uuid(),
  fromMonth: z.string(),
  toMonth: z.string(),
  kind: z.enum(REDUCTION_KINDS),
  kindLabel: z.string(),
  amountFen: fen.nullable(),
  reason: z.string(),
  status: z.enum(REDUCTION_STATUSES),
  statusLabel: z.string(),
  requestedByName: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
});

export const reductionListItem = reductionView.extend({
  name: z.string(),
  branchName: z.string(),
  canDecide: z.boolean(),
});

export const decisionResult = reductionView.extend({
  repricedMonths: z.array(z.string()),
  paidMonthsKept: z.array(z.string()),
});

/** Arrears of one member (server/areas/dues/rules.ts `arrears`). */
export const arrearsView = z.object({
  unpaidMonths: z.array(z.string()),
  outstandingFen: fen,
  longestRun: z.number().int(),
  currentRun: z.number().int(),
  flagged: z.boolean(),
});

export const arrearsItem = arrearsView.extend({
  personId: z.string().uuid(),
  name: z.string(),
  number: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  flagReason: z.string().nullable(),
});

export const memberDuesView = z.object({
  personId: z.string().uuid(),
  name: z.string(),
  branchName: z.string(),
  year: z.number().int(),
  group: z.string(),
  baseFen: fen.nullable(),
  monthlyFen: fen.nullable(),
  explanation: z.string(),
  months: z.array(duesMonthRow),
  ledger: z.array(ledgerEntry),
  reductions: z.array(reductionView),
  arrears: arrearsView,
  canManage: z.boolean(),
});

export const branchSummary = z.object({
  branchId: z.string().uuid(),
  branchName: z.string(),
  members: z.number().int(),
  months: z.number().int(),
  paidMonths: z.number().int(),
  reducedMonths: z.number().int(),
  dueFen: fen,
  paidFen: fen,
  outstandingFen: fen,
  /** Share of member-months paid in full, in percent with one decimal. */
  paidRate: z.number(),
});

export const yearlySummaryView = z.object({
  year: z.number().int(),
  rule: z.string(),
  branches: z.array(branchSummary),
  total: z.object({
    members: z.number().int(),
    months: z.number().int(),
    paidMonths: z.number().int(),
    dueFen: fen,
    paidFen: fen,
    outstandingFen: fen,
  }),
});

// ——— routes ———

export const duesContracts = {
  rules: { response: duesRulesView },
  setBase: {
    params: personParams,
    body: z
      .object({
        base: yuan('月基数').nullable().optional(),
        group: z.enum(DUES_GROUPS, '党费类别不正确'),
      })
      .strict(),
    response: duesBaseView,
  },
  compute: {
    body: z.object({ month: monthKey('月份'), branchId: id('党支部编号').optional() }).strict(),
    response: computeResult,
  },
  months: {
    querystring: pageQuery.extend({
      month: monthKey('月份').default(thisMonth),
      branchId: id('党支部编号').optional(),
      status: z.enum(['paid', 'unpaid']).optional(),
    }),
    response: monthList,
  },
  member: { params: personParams, querystring: yearQuery, response: memberDuesView },
  ledger: {
    querystring: pageQuery.extend({
      personId: id('人员编号').optional(),
      month: monthKey('月份').optional(),
      branchId: id('党支部编号').optional(),
    }),
    response: ledgerList,
  },
  pay: {
    body: z
      .object({
        personId: id('人员编号'),
        months: z.array(monthKey('月份')).min(1, '请选择月份').max(12, '一次最多 12 个月'),
        amount: yuan('金额').optional(),
        paidOn: day('缴纳日期'),
        method: z.enum(PAYMENT_METHODS, '请选择缴纳方式'),
        receiptNo: optionalText('收据号', 50),
        note: optionalText('备注', 200),
      })
      .strict(),
    response: paymentResult,
  },
  reverse: {
    params: idParams,
    body: z.object({ reason: text('冲正原因', 200) }).strict(),
    response: ledgerEntry,
  },
  arrears: {
    querystring: z.object({
      branchId: id('党支部编号').optional(),
      asOf: monthKey('月份').optional(),
      flaggedOnly: queryBool.optional(),
    }),
    response: z.object({
      asOf: z.string(),
      items: z.array(arrearsItem),
      total: z.number().int(),
      flagged: z.number().int(),
    }),
  },
  reductions: {
    querystring: z.object({
      status: z.enum(REDUCTION_STATUSES).optional(),
      personId: id('人员编号').optional(),
    }),
    response: list(reductionListItem).extend({ total: z.number().int() }),
  },
  requestReduction: {
    body: z
      .object({
        personId: id('人员编号'),
        fromMonth: monthKey('开始月份'),
        toMonth: monthKey('结束月份'),
        kind: z.enum(REDUCTION_KINDS, '请选择减交或免交'),
        amount: yuan('每月交纳金额').nullable().optional(),
        reason: text('申请理由', 500),
      })
      .strict(),
    response: reductionView,
  },
  decide: {
    params: idParams,
    body: z
      .object({ approve: z.boolean('请选择批准或不批准'), note: optionalText('审批意见', 500) })
      .strict(),
    response: decisionResult,
  },
  summary: { querystring: yearQuery, response: yearlySummaryView },
  export: { querystring: yearQuery, response: file },
};

export type DuesRules = z.infer<typeof duesRulesView>;
export type DuesBase = z.infer<typeof duesBaseView>;
export type ComputeResult = z.infer<typeof computeResult>;
export type DuesMonthRow = z.infer<typeof duesMonthRow>;
export type DuesMonthList = z.infer<typeof monthList>;
export type LedgerEntry = z.infer<typeof ledgerEntry>;
export type LedgerList = z.infer<typeof ledgerList>;
export type PaymentResult = z.infer<typeof paymentResult>;
export type Reduction = z.infer<typeof reductionView>;
export type ReductionListItem = z.infer<typeof reductionListItem>;
export type ReductionList = z.infer<typeof duesContracts.reductions.response>;
export type DecisionResult = z.infer<typeof decisionResult>;
export type ArrearsItem = z.infer<typeof arrearsItem>;
export type ArrearsList = z.infer<typeof duesContracts.arrears.response>;
export type MemberDues = z.infer<typeof memberDuesView>;
export type DuesSummary = z.infer<typeof yearlySummaryView>;

/** Inputs as the server's commands and queries receive them (after parsing: amounts in fen). */
export type MonthQuery = z.infer<typeof duesContracts.months.querystring>;
export type LedgerQuery = z.infer<typeof duesContracts.ledger.querystring>;
export type ArrearsQuery = z.infer<typeof duesContracts.arrears.querystring>;
export type ReductionsQuery = z.infer<typeof duesContracts.reductions.querystring>;
export type ComputeInput = z.infer<typeof duesContracts.compute.body>;
export type DecisionInput = z.infer<typeof duesContracts.decide.body>;
/** The console's request bodies (amounts as yuan strings, before parsing). */
export type PaymentRequest = z.input<typeof duesContracts.pay.body>;
export type ReductionRequest = z.input<typeof duesContracts.requestReduction.body>;
