import { eq } from 'drizzle-orm';
import type { DriveView, UpdateDriveInput } from '../../../../common/contracts/donations';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationDrives } from '../../../platform/db/schema/index';
import { assertPeriod, driveClosed, noEligible } from '../errors';
import { presentDrive } from '../presenter';
import { loadManagedDrive } from '../queries';
import { normaliseEligible, type DriveType } from '../rules';

/** Publication settings may change after closing (the thank-you list is usually published then). */
const PUBLICATION_KEYS = new Set(['publicThanks', 'publicAmounts']);

/** Changes a drive while it is open; once closed, only whether and how its thank-you list is public. */
export async function updateDrive(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: UpdateDriveInput,
): Promise<DriveView> {
  return db.transaction(async (tx) => {
    const { drive: before, organiser } = await loadManagedDrive(tx, actor, id);
    const keys = Object.keys(patch).filter((k) => patch[k as keyof UpdateDriveInput] !== undefined);
    if (before.status === 'closed' && keys.some((k) => !PUBLICATION_KEYS.has(k))) throw driveClosed();
    const set: Partial<typeof donationDrives.$inferInsert> = { updatedAt: new Date() };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.purpose !== undefined) set.purpose = patch.purpose;
    if (patch.startsOn !== undefined) set.startsOn = patch.startsOn;
    if (patch.endsOn !== undefined) set.endsOn = patch.endsOn;
    assertPeriod(set.startsOn ?? before.startsOn, set.endsOn === undefined ? before.endsOn : set.endsOn);
    if (patch.eligible !== undefined) {
      const eligible = normaliseEligible(before.type as DriveType, patch.eligible);
      if (!eligible.length) throw noEligible();
      set.eligible = eligible;
    }
    if (patch.publicThanks !== undefined) set.publicThanks = patch.publicThanks;
    if (patch.publicAmounts !== undefined) set.publicAmounts = patch.publicAmounts;
    const [after] = await tx.update(donationDrives).set(set).where(eq(donationDrives.id, id)).returning();
    await audit(tx, ctx, {
      action: 'donations.drive.update',
      entityType: 'donationDrive',
      entityId: id,
      before,
      after,
    });
    return presentDrive(after!, organiser, actor);
  });
}
