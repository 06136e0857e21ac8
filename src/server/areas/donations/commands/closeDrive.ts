import { and, eq } from 'drizzle-orm';
import type { DriveView } from '../../../../common/contracts/donations';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { donationDrives } from '../../../platform/db/schema/index';
import { conflict } from '../../../errors';
import { presentDrive } from '../presenter';
import { loadManagedDrive } from '../queries';

/** Closes (freezes) a drive. From then on only reversals may be added. */
export async function closeDrive(db: Db, ctx: RequestContext, actor: Actor, id: string): Promise<DriveView> {
  return db.transaction(async (tx) => {
    const { drive: before, organiser } = await loadManagedDrive(tx, actor, id);
    if (before.status === 'closed') throw conflict('DRIVE_CLOSED', '该捐款已经封账');
    const [after] = await tx
      .update(donationDrives)
      .set({ status: 'closed', closedAt: new Date(), closedBy: actor.accountId, updatedAt: new Date() })
      .where(and(eq(donationDrives.id, id), eq(donationDrives.status, 'open')))
      .returning();
    if (!after) throw conflict('DRIVE_CLOSED', '该捐款已经封账');
    await audit(tx, ctx, {
      action: 'donations.drive.close',
      entityType: 'donationDrive',
      entityId: id,
      before,
      after,
    });
    return presentDrive(after, organiser, actor);
  });
}
