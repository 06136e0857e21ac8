import { z } from 'zod';
import { yuanSchema } from '../money';
import {
  day,
  fen,
  id,
  idParams,
  optionalText,
  pageQuery,
  page,
  queryBool,
  rawText,
  searchText,
  text,
  year,
} from '../schemas';

/**
 * Donation drives (爱心捐款) and special dues (特殊党费): request and response shapes of
 * /api/donations, for the server routes and the console alike. Money is integer fen, with its
 * formatted yuan string beside it. Special dues are voluntary (RULES.md §4): no shape here lists
 * who has not given.
 */

export const DRIVE_TYPES = ['donation', 'specialDues'] as const;
export type DriveType = (typeof DRIVE_TYPES)[number];

export const DONOR_CATEGORIES = ['staff', 'student', 'member', 'class'] as const;
export type DonorCategory = (typeof DONOR_CATEGORIES)[number];

export const PAYMENT_METHODS = ['cash', 'wechat', 'alipay', 'bankTransfer', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DONOR_TYPES = ['person', 'class'] as const;
export type DonorType = (typeof DONOR_TYPES)[number];

export const DRIVE_STATUSES = ['open', 'closed'] as const;

/** Receipt-number prefixes: 2–16 capital letters or digits, starting with a letter (JZ2026, TSDF2026). */
export const RECEIPT_PREFIX = /^[A-Z][A-Z0-9]{1,15}$/;

const money = { totalFen: fen, total: z.string() };
const moneyView = z.object(money);

export const driveView = z.object({
  id: z.string().uuid(),
  type: z.enum(DRIVE_TYPES),
  typeLabel: z.string(),
  title: z.string(),
  purpose: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  organiserId: z.string().uuid(),
  organiserName: z.string(),
  eligible: z.array(z.enum(DONOR_CATEGORIES)),
  eligibleLabels: z.array(z.string()),
  status: z.enum(DRIVE_STATUSES),
  statusLabel: z.string(),
  publicThanks: z.boolean(),
  publicAmounts: z.boolean(),
  receiptPrefix: z.string(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  /** May the actor change or close this drive (its organiser is in their reach)? */
  canManage: z.boolean(),
  /** May the actor record gifts now (the drive is open and they record for someone)? */
  canRecord: z.boolean(),
  /** May the actor reverse entries (in open and closed drives alike)? */
  canReverse: z.boolean(),
});
export type DriveView = z.infer<typeof driveView>;

/** A drive in the list, with the net total and gift count over the entries the actor may read. */
export const driveListItem = driveView.extend({ ...money, entryCount: z.number().int() });
export type DriveListItem = z.infer<typeof driveListItem>;

export const entryView = z.object({
  id: z.string().uuid(),
  driveId: z.string().uuid(),
  receiptNo: z.string(),
  donorType: z.enum(DONOR_TYPES),
  personId: z.string().uuid().nullable(),
  donorName: z.string(),
  personKind: z.string().nullable(),
  isMember: z.boolean(),
  schoolName: z.string().nullable(),
  className: z.string().nullable(),
  branchName: z.string().nullable(),
  amountFen: fen,
  amount: z.string(),
  method: z.string(),
  methodLabel: z.string(),
  givenOn: z.string(),
  note: z.string().nullable(),
  anonymous: z.boolean(),
  /** A student's guardian agreed to the full name on the public list (else it is masked, common/privacy.ts). */
  guardianConsent: z.boolean(),
  isReversal: z.boolean(),
  reversesId: z.string().uuid().nullable(),
  reversesReceiptNo: z.string().nullable(),
  reversalReason: z.string().nullable(),
  reversedBy: z.object({ id: z.string().uuid(), receiptNo: z.string() }).nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});
export type EntryView = z.infer<typeof entryView>;

export const myGift = entryView.extend({ driveTitle: z.string() });
export type MyGift = z.infer<typeof myGift>;

export const groupTotal = z.object({
  id: z.string().uuid().nullable(),
  name: z.string(),
  ...money,
  donorCount: z.number().int(),
});
export type GroupTotal = z.infer<typeof groupTotal>;

export const driveTotals = z.object({
  driveId: z.string().uuid(),
  type: z.enum(DRIVE_TYPES),
  typeLabel: z.string(),
  ...money,
  giftCount: z.number().int(),
  reversalCount: z.number().int(),
  donorCount: z.number().int(),
  byDonorKind: z.object({
    staff: moneyView,
    student: moneyView,
    class: moneyView,
    /** Of the above, what Party members gave (a subset, not an extra share). */
    members: moneyView,
  }),
  bySchool: z.array(groupTotal),
  byClass: z.array(groupTotal),
  byBranch: z.array(groupTotal),
});
export type DriveTotals = z.infer<typeof driveTotals>;

export const typeSummary = z.object({
  type: z.enum(DRIVE_TYPES),
  typeLabel: z.string(),
  ...money,
  items: z.array(
    z.object({
      driveId: z.string().uuid(),
      title: z.string(),
      status: z.enum(DRIVE_STATUSES),
      startsOn: z.string(),
      ...money,
      donorCount: z.number().int(),
    }),
  ),
});
export type TypeSummary = z.infer<typeof typeSummary>;

export const importReport = z.object({
  /** 'invalid': nothing was written; 'validated': a dry run found no problem; 'committed': all rows written. */
  status: z.enum(['validated', 'invalid', 'committed']),
  totalRows: z.number().int(),
  validRows: z.number().int(),
  ...money,
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), message: z.string() })),
  created: z.number().int().optional(),
  firstReceiptNo: z.string().nullable().optional(),
  lastReceiptNo: z.string().nullable().optional(),
});
export type ImportReport = z.infer<typeof importReport>;

/** The public thank-you list (致谢名单) of a drive; amounts only when the drive shows them. */
export const thanksList = z.object({
  drive: z.object({
    id: z.string().uuid(),
    type: z.enum(DRIVE_TYPES),
    typeLabel: z.string(),
    title: z.string(),
    purpose: z.string().nullable(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    status: z.enum(DRIVE_STATUSES),
    organiserName: z.string(),
  }),
  showAmounts: z.boolean(),
  donorCount: z.number().int(),
  /** Present only when showAmounts. */
  totalFen: fen.optional(),
  total: z.string().optional(),
  donors: z.array(
    z.object({
      name: z.string(),
      group: z.string().nullable(),
      donorType: z.enum(DONOR_TYPES),
      amountFen: fen.optional(),
      amount: z.string().optional(),
    }),
  ),
});
export type ThanksList = z.infer<typeof thanksList>;

const title = text('名称', 200);
const eligible = z
  .array(z.enum(DONOR_CATEGORIES, '捐款对象只能是教职工、学生、党员、班级'))
  .min(1, '请至少选择一类捐款对象');

export const donationContracts = {
  listDrives: {
    querystring: pageQuery.extend({
      type: z.enum(DRIVE_TYPES, '类型只能是爱心捐款或特殊党费').optional(),
      status: z.enum(DRIVE_STATUSES, '状态只能是进行中或已封账').optional(),
    }),
    response: page(driveListItem),
  },
  createDrive: {
    body: z.object({
      type: z.enum(DRIVE_TYPES, '类型只能是爱心捐款或特殊党费'),
      title,
      purpose: optionalText('用途', 2000),
      startsOn: day('开始日期'),
      endsOn: day('结束日期').nullable().optional(),
      organiserId: id('发起单位'),
      eligible: eligible.default(['staff', 'student', 'member', 'class']),
      publicThanks: z.boolean().optional(),
      publicAmounts: z.boolean().optional(),
      receiptPrefix: z
        .string()
        .trim()
        .regex(RECEIPT_PREFIX, '收据编号前缀为 2–16 位大写字母或数字，以字母开头')
        .optional(),
    }),
    response: driveView,
  },
  getDrive: { params: idParams, response: driveView },
  updateDrive: {
    params: idParams,
    body: z.object({
      title: title.optional(),
      purpose: optionalText('用途', 2000),
      startsOn: day('开始日期').optional(),
      endsOn: day('结束日期').nullable().optional(),
      eligible: eligible.optional(),
      publicThanks: z.boolean().optional(),
      publicAmounts: z.boolean().optional(),
    }),
    response: driveView,
  },
  deleteDrive: { params: idParams },
  closeDrive: { params: idParams, response: driveView },
  totals: { params: idParams, response: driveTotals },
  listEntries: {
    params: idParams,
    querystring: pageQuery.extend({
      q: searchText('搜索词', 100).optional(),
      donorType: z.enum(DONOR_TYPES, '捐款方只能是个人或班级').optional(),
    }),
    response: page(entryView).extend({ netTotalFen: fen, netTotal: z.string() }),
  },
  recordEntry: {
    params: idParams,
    body: z.object({
      donorType: z.enum(DONOR_TYPES, '捐款方只能是个人或班级'),
      personId: id('捐款人').optional(),
      classId: id('班级').optional(),
      amount: yuanSchema(),
      method: z.enum(PAYMENT_METHODS, '支付方式不正确').default('cash'),
      givenOn: day('日期').optional(),
      note: optionalText('备注', 500),
      anonymous: z.boolean().optional(),
      /** A student's own gift only (400 for staff and classes): a guardian agreed to the full public name. */
      guardianConsent: z.boolean().optional(),
    }),
    response: entryView,
  },
  importTemplate: { params: idParams },
  importEntries: {
    params: idParams,
    querystring: z.object({ dryRun: queryBool.default(false) }),
    response: importReport,
  },
  getEntry: { params: idParams, response: entryView },
  reverseEntry: {
    params: idParams,
    body: z.object({ reason: text('冲正原因', 500).min(2, '请填写冲正原因') }),
    response: entryView,
  },
  /** Records or withdraws a guardian's consent on a student's gift: the one change an entry takes. */
  setGuardianConsent: {
    params: idParams,
    body: z.object({ guardianConsent: z.boolean('请选择是否同意') }),
    response: entryView,
  },
  /** PATCH and DELETE of an entry: always refused (409), they say why. */
  changeEntry: { params: idParams },
  summary: {
    querystring: z.object({
      type: z.enum(DRIVE_TYPES, '请指定类型：donation 或 specialDues'),
      year: year('年份').optional(),
    }),
    response: typeSummary,
  },
  mine: { response: z.object({ donations: z.array(myGift), specialDues: z.array(myGift) }) },
  publicThanks: {
    // Any string: an id that is not a drive's answers 404, like an unpublished one.
    params: z.object({ id: rawText('编号', 64) }),
    response: thanksList,
  },
};

export type CreateDriveInput = z.infer<typeof donationContracts.createDrive.body>;
export type UpdateDriveInput = z.infer<typeof donationContracts.updateDrive.body>;
export type RecordEntryInput = z.infer<typeof donationContracts.recordEntry.body>;
/** The record-entry body as the console sends it (amount in yuan, as typed). */
export type RecordEntryBody = z.input<typeof donationContracts.recordEntry.body>;
export type EntryPage = z.infer<typeof donationContracts.listEntries.response>;
export type DrivePage = z.infer<typeof donationContracts.listDrives.response>;
export type MyGifts = z.infer<typeof donationContracts.mine.response>;
