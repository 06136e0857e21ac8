/** Shapes of the orgLife and dues API (src/server/modules/orgLife, src/server/modules/dues). */

export interface ChecklistSummary {
  done: number;
  total: number;
  complete: boolean;
}

export interface RosterEntry {
  personId: string;
  name: string;
  number: string;
  branchId: string;
  branchName: string;
  statusLabel: string;
  joinedOn: string;
  birthdayOn: string;
  years: number;
  partyAgeYears: number;
  checklist: ChecklistSummary;
}

export interface ChecklistItem {
  key: string;
  label: string;
  kind: 'manual' | 'thoughtReport' | 'goals' | 'proposal' | 'symposium';
  detailLabel: string | null;
  done: boolean;
  detail: string | null;
  source: 'manual' | 'derived';
}

export interface Checklist extends ChecklistSummary {
  personId: string;
  name: string;
  branchName: string;
  joinedOn: string;
  year: number;
  birthdayOn: string | null;
  years: number;
  configVersion: number;
  items: ChecklistItem[];
  thoughtReport: { id: string; submittedAt: string; commented: boolean } | null;
  goals: { id: string; targetYear: number; reviewResult: 'met' | 'notMet' | null } | null;
  proposals: { id: string; title: string; status: string }[];
}

export interface ThoughtReport {
  id: string;
  personId: string;
  name: string;
  year: number;
  content: string;
  submittedAt: string;
  comment: string | null;
  commentedByName: string | null;
  commentedAt: string | null;
}

export interface Goals {
  id: string;
  year: number;
  targetYear: number;
  content: string;
  reviewResult: 'met' | 'notMet' | null;
  reviewResultLabel: string;
  reviewNote: string | null;
}

export interface ProposalEvent {
  status: string;
  at: string;
  byName: string | null;
  note: string | null;
}

export interface Proposal {
  id: string;
  personId: string;
  name: string;
  branchName: string;
  year: number;
  target: 'school' | 'branch';
  title: string;
  content?: string;
  status: 'received' | 'assigned' | 'answered' | 'closed';
  statusLabel: string;
  departmentName: string | null;
  answer?: string | null;
  history?: ProposalEvent[];
  createdAt: string;
}

export interface Symposium {
  id: string;
  hostNodeId: string;
  hostName: string;
  hostKind: string;
  year: number;
  month: number;
  scheduledAt: string | null;
  place: string | null;
  status: 'planned' | 'held' | 'cancelled';
  statusLabel: string;
  cardMessage: string | null;
  minutes: string | null;
  attendees: { personId: string; name: string; attended: boolean | null }[];
}

export interface SymposiumListItem {
  id: string;
  hostNodeId: string;
  hostName: string;
  hostKind: string;
  year: number;
  month: number;
  scheduledAt: string | null;
  place: string | null;
  statusLabel: string;
  invited: number;
  attended: number;
}

export interface Completion {
  monthly: { branches: CompletionRow[]; total: { roster: number; complete: number; rate: number } };
  yearToDate: { branches: CompletionRow[]; total: { roster: number; complete: number; rate: number } };
}
export interface CompletionRow {
  branchId: string;
  branchName: string;
  roster: number;
  complete: number;
  rate: number;
}

export interface CardBatch {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  done: number;
  percent: number;
  error: string | null;
  downloadUrl: string | null;
}

export type ComplianceStatus = 'green' | 'yellow' | 'red' | 'notDue';
export interface ComplianceCell {
  period: { key: string; label: string };
  held: number;
  required: number;
  status: ComplianceStatus;
  explanation: string;
}
export interface ComplianceBoard {
  year: number;
  asOf: string;
  ruleVersion: number;
  branches: {
    branchId: string;
    branchName: string;
    status: ComplianceStatus;
    kinds: {
      kind: string;
      label: string;
      status: ComplianceStatus;
      current: ComplianceCell;
      cells: ComplianceCell[];
    }[];
  }[];
}

export interface MeetingListItem {
  id: string;
  branchName: string;
  kind: string;
  kindLabel: string;
  date: string;
  title: string;
  place: string | null;
  attendees: number;
  present: number;
  attachments: number;
}

export interface DuesMonthRow {
  id: string;
  personId: string;
  name: string;
  number: string;
  branchName: string;
  month: string;
  groupLabel: string;
  baseFen: number | null;
  rateBp: number | null;
  dueFen: number;
  paidFen: number;
  outstandingFen: number;
  reduced: boolean;
  status: 'paid' | 'partial' | 'unpaid';
}

export interface LedgerEntry {
  id: string;
  month: string;
  kind: 'payment' | 'reversal';
  amountFen: number;
  reversesId: string | null;
  reversedById: string | null;
  paidOn: string;
  methodLabel: string;
  receiptNo: string | null;
  note: string | null;
  recordedByName: string | null;
}

export interface ArrearsItem {
  personId: string;
  name: string;
  branchName: string;
  unpaidMonths: string[];
  outstandingFen: number;
  longestRun: number;
  flagged: boolean;
  flagReason: string | null;
}

export interface Reduction {
  id: string;
  personId: string;
  name?: string;
  branchName?: string;
  fromMonth: string;
  toMonth: string;
  kindLabel: string;
  amountFen: number | null;
  reason: string;
  statusLabel: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedByName: string | null;
  decidedByName: string | null;
  canDecide?: boolean;
}

export interface DuesSummary {
  year: number;
  branches: {
    branchId: string;
    branchName: string;
    members: number;
    months: number;
    paidMonths: number;
    dueFen: number;
    paidFen: number;
    outstandingFen: number;
    paidRate: number;
  }[];
  total: { dueFen: number; paidFen: number; outstandingFen: number };
}

/** Fen as "12.50" (never through floating point). */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const thisYear = () =>
  Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4));
export const thisMonth = () =>
  Number(new Date().toLocaleString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(5, 7));
