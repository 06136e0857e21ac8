import type { EntryView, RecordEntryInput } from '../../../../common/contracts/donations';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationEntries } from '../../../platform/db/schema/index';
import { AppError, badRequest } from '../../../errors';
import { driveClosed } from '../errors';
import { donorProblem } from '../policy';
import { classSnapshot, getEntry, loadDrive, personSnapshot } from '../queries';
import { assertGivenOn, entryValues, takeReceiptSeqs } from './ledger';

/**
 * Records one gift, by a person or by a class collectively, with the next receipt number. An
 * entry is never changed afterwards: a correction is a reversal (rules.ts, DONATION_RULES).
 */
export async function recordEntry(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  driveId: string,
  input: RecordEntryInput,
): Promise<EntryView> {
  if (input.donorType === 'person' && !input.personId)
    throw badRequest('VALIDATION_FAILED', '请选择捐款人', { personId: '请选择捐款人' });
  if (input.donorType === 'class' && !input.classId)
    throw badRequest('VALIDATION_FAILED', '请选择班级', { classId: '请选择班级' });
  assertGivenOn(input.givenOn);
  const id = await db.transaction(async (tx) => {
    const { drive } = await loadDrive(tx, actor, driveId);
    if (drive.status !== 'open') throw driveClosed();
    const donor =
      input.donorType === 'person'
        ? await personSnapshot(tx, actor.parkId, input.personId!)
        : await classSnapshot(tx, actor.parkId, input.classId!);
    if (!donor) {
      const person = input.donorType === 'person';
      throw badRequest('INVALID_DONOR', person ? '捐款人不存在' : '班级不存在', {
        [person ? 'personId' : 'classId']: person ? '请选择捐款人' : '请选择班级',
      });
    }
    const problem = donorProblem(actor, drive, donor);
    if (problem) throw new AppError(problem.status, problem.code, problem.message);
    if (input.guardianConsent && donor.personKind !== 'student') {
      const message = '仅学生需要监护人同意，教职工与班级按原名公开';
      throw badRequest('VALIDATION_FAILED', message, { guardianConsent: message });
    }
    const [receipt] = await takeReceiptSeqs(tx, drive.id, 1, false);
    const [entry] = await tx
      .insert(donationEntries)
      .values(entryValues(actor, drive, donor, { ...input, amountFen: input.amount }, receipt!))
      .returning();
    await audit(tx, ctx, {
      action: 'donations.entry.record',
      entityType: 'donationEntry',
      entityId: entry!.id,
      after: entry,
    });
    return entry!.id;
  });
  return getEntry(db, actor, id);
}
