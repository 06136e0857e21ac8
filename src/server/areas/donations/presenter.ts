import type { DriveView, EntryView } from '../../../common/contracts/donations';
import { formatFen } from '../../../common/money';
import type { Actor } from '../../access/actor';
import type { donationDrives, donationEntries } from '../../platform/db/schema/index';
import { canManageDrive, entryWriteScopes, type EntryFacts } from './policy';
import {
  DONOR_CATEGORY_LABELS,
  DRIVE_TYPE_LABELS,
  PAYMENT_METHOD_LABELS,
  type DonorCategory,
  type DriveType,
  type PaymentMethod,
} from './rules';

export type DriveRow = typeof donationDrives.$inferSelect;
export type EntryRow = typeof donationEntries.$inferSelect;

/** An amount as the API shows it: integer fen and the formatted yuan beside it. */
export const money = (fen: number) => ({ totalFen: fen, total: formatFen(fen) });

/** A drive as the API shows it (common/contracts/donations.ts), with what the actor may do to it. */
export function presentDrive(
  d: DriveRow,
  organiser: { id: string; name: string; path: string },
  actor: Actor,
): DriveView {
  const recordsForSomeone = entryWriteScopes(actor).length > 0;
  return {
    id: d.id,
    type: d.type as DriveType,
    typeLabel: DRIVE_TYPE_LABELS[d.type as DriveType],
    title: d.title,
    purpose: d.purpose,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    organiserId: organiser.id,
    organiserName: organiser.name,
    eligible: d.eligible as DonorCategory[],
    eligibleLabels: (d.eligible as DonorCategory[]).map((c) => DONOR_CATEGORY_LABELS[c]),
    status: d.status as 'open' | 'closed',
    statusLabel: d.status === 'open' ? '进行中' : '已封账',
    publicThanks: d.publicThanks,
    publicAmounts: d.publicAmounts,
    receiptPrefix: d.receiptPrefix,
    closedAt: d.closedAt ? d.closedAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    canManage: canManageDrive(actor, { parkId: d.parkId, path: organiser.path }),
    canRecord: d.status === 'open' && recordsForSomeone,
    // Reversals are possible in open and closed drives, for entries in the actor's write scope.
    canReverse: recordsForSomeone,
  };
}

/** An entry as `entrySelect` (queries.ts) reads it, with the names of its school, class and branch. */
export interface EntryListRow {
  id: string;
  drive_id: string;
  receipt_no: string;
  donor_type: string;
  person_id: string | null;
  donor_name: string;
  person_kind: string | null;
  is_member: boolean;
  school_name: string | null;
  class_name: string | null;
  branch_name: string | null;
  amount_fen: number;
  method: string;
  given_on: string;
  note: string | null;
  anonymous: boolean;
  guardian_consent: boolean;
  reverses_id: string | null;
  reverses_receipt_no: string | null;
  reversal_reason: string | null;
  reversed_by_id: string | null;
  reversed_by_receipt_no: string | null;
  created_at: Date | string;
  created_by_name: string | null;
}

export function presentEntry(r: EntryListRow): EntryView {
  return {
    id: r.id,
    driveId: r.drive_id,
    receiptNo: r.receipt_no,
    donorType: r.donor_type as 'person' | 'class',
    personId: r.person_id,
    donorName: r.donor_name,
    personKind: r.person_kind,
    isMember: r.is_member,
    schoolName: r.school_name,
    className: r.class_name,
    branchName: r.branch_name,
    amountFen: r.amount_fen,
    amount: formatFen(r.amount_fen),
    method: r.method,
    methodLabel: PAYMENT_METHOD_LABELS[r.method as PaymentMethod] ?? r.method,
    givenOn: r.given_on,
    note: r.note,
    anonymous: r.anonymous,
    guardianConsent: r.guardian_consent,
    isReversal: r.reverses_id !== null,
    reversesId: r.reverses_id,
    reversesReceiptNo: r.reverses_receipt_no,
    reversalReason: r.reversal_reason,
    reversedBy: r.reversed_by_id ? { id: r.reversed_by_id, receiptNo: r.reversed_by_receipt_no ?? '' } : null,
    createdAt: new Date(r.created_at).toISOString(),
    createdByName: r.created_by_name,
  };
}

/** The scope facts of a stored entry. */
export const entryFacts = (e: EntryRow): EntryFacts => ({
  parkId: e.parkId,
  donorType: e.donorType as 'person' | 'class',
  personId: e.personId,
  personKind: e.personKind as 'staff' | 'student' | null,
  schoolId: e.schoolId,
  classId: e.classId,
  branchId: e.branchId,
});
