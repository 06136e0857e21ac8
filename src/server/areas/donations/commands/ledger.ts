import { sql } from 'drizzle-orm';
import type { PaymentMethod } from '../../../../common/contracts/donations';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { badRequest } from '../../../errors';
import { driveClosed } from '../errors';
import type { DonorSnapshot } from '../policy';
import type { DriveRow } from '../presenter';
import { receiptNumber } from '../rules';

/** What the writes of gifts share: receipt numbers, the row of a new gift, the gift's day. */

/**
 * Takes `count` consecutive receipt numbers of a drive. The update locks the drive row, so two
 * writers never share a number; without `allowClosed` a closed drive is refused (DRIVE_CLOSED).
 */
export async function takeReceiptSeqs(tx: Db, driveId: string, count: number, allowClosed: boolean) {
  const [row] = await queryRows<{ last: number; prefix: string }>(
    tx,
    sql`update donation_drives set last_receipt_seq = last_receipt_seq + ${count}
        where id = ${driveId} ${allowClosed ? sql`` : sql`and status = 'open'`}
        returning last_receipt_seq as last, receipt_prefix as prefix`,
  );
  if (!row) throw driveClosed();
  const first = row.last - count + 1;
  return Array.from({ length: count }, (_, i) => ({
    seq: first + i,
    receiptNo: receiptNumber(row.prefix, first + i),
  }));
}

export interface GiftInput {
  amountFen: number;
  method: PaymentMethod;
  givenOn?: string;
  note?: string | null;
  anonymous?: boolean;
  guardianConsent?: boolean;
}

/** The row of a new gift: the donor's snapshot, so later moves never shift the totals. */
export function entryValues(
  actor: Actor,
  drive: DriveRow,
  donor: DonorSnapshot,
  input: GiftInput,
  receipt: { seq: number; receiptNo: string },
) {
  return {
    parkId: actor.parkId,
    driveId: drive.id,
    seq: receipt.seq,
    receiptNo: receipt.receiptNo,
    donorType: donor.donorType,
    personId: donor.personId,
    donorName: donor.donorName,
    personKind: donor.personKind,
    isMember: donor.isMember,
    schoolId: donor.schoolId,
    classId: donor.classId,
    branchId: donor.branchId,
    amountFen: input.amountFen,
    method: input.method,
    givenOn: input.givenOn ?? todayInShanghai(),
    note: input.note ?? null,
    anonymous: input.anonymous ?? false,
    // Consent is a guardian's, so it means something only on a student's own gift.
    guardianConsent: donor.personKind === 'student' && (input.guardianConsent ?? false),
    createdBy: actor.accountId,
  };
}

export function assertGivenOn(givenOn: string | undefined) {
  if (givenOn && givenOn > todayInShanghai())
    throw badRequest('VALIDATION_FAILED', '捐款日期不能晚于今天', { givenOn: '日期不能晚于今天' });
}
