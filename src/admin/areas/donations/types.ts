/** Shapes of the donations API (src/server/modules/donations/routes.ts). Money is integer fen. */
export type DriveType = 'donation' | 'specialDues';
export type DonorCategory = 'staff' | 'student' | 'member' | 'class';

export interface Drive {
  id: string;
  type: DriveType;
  typeLabel: string;
  title: string;
  purpose: string | null;
  startsOn: string;
  endsOn: string | null;
  organiserId: string;
  organiserName: string;
  eligible: DonorCategory[];
  eligibleLabels: string[];
  status: 'open' | 'closed';
  statusLabel: string;
  publicThanks: boolean;
  publicAmounts: boolean;
  receiptPrefix: string;
  closedAt: string | null;
  canManage: boolean;
  canRecord: boolean;
  canReverse: boolean;
  totalFen?: number;
  total?: string;
  entryCount?: number;
}

export interface Entry {
  id: string;
  driveId: string;
  receiptNo: string;
  donorType: 'person' | 'class';
  personId: string | null;
  donorName: string;
  personKind: string | null;
  isMember: boolean;
  schoolName: string | null;
  className: string | null;
  branchName: string | null;
  amountFen: number;
  amount: string;
  method: string;
  methodLabel: string;
  givenOn: string;
  note: string | null;
  anonymous: boolean;
  isReversal: boolean;
  reversesId: string | null;
  reversesReceiptNo: string | null;
  reversalReason: string | null;
  reversedBy: { id: string; receiptNo: string } | null;
  createdAt: string;
  createdByName: string | null;
  driveTitle?: string;
}

export interface Money {
  totalFen: number;
  total: string;
}
export interface GroupTotal extends Money {
  id: string | null;
  name: string;
  donorCount: number;
}
export interface Totals extends Money {
  driveId: string;
  type: DriveType;
  typeLabel: string;
  giftCount: number;
  reversalCount: number;
  donorCount: number;
  byDonorKind: { staff: Money; student: Money; class: Money; members: Money };
  bySchool: GroupTotal[];
  byClass: GroupTotal[];
  byBranch: GroupTotal[];
}

export interface ImportReport {
  status: 'validated' | 'invalid' | 'committed';
  totalRows: number;
  validRows: number;
  totalFen: number;
  total: string;
  errors: { row: number; column: string; message: string }[];
  created?: number;
  firstReceiptNo?: string | null;
  lastReceiptNo?: string | null;
}

export const CATEGORY_OPTIONS = [
  { value: 'staff', label: '教职工' },
  { value: 'student', label: '学生' },
  { value: 'member', label: '党员' },
  { value: 'class', label: '班级（集体）' },
];
export const METHOD_OPTIONS = [
  { value: 'cash', label: '现金' },
  { value: 'wechat', label: '微信' },
  { value: 'alipay', label: '支付宝' },
  { value: 'bankTransfer', label: '银行转账' },
  { value: 'other', label: '其他' },
];
