import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../access/actor';
import type { RequestContext } from '../../../context';
import { audit } from '../../../platform/audit';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { donationDrives } from '../../../platform/db/schema/index';
import { conflict } from '../../../errors';
import { driveClosed } from '../errors';
import { loadManagedDrive } from '../queries';

/** Deletes a drive only while it is open and holds no entries at all. */
export async function deleteDrive(db: Db, ctx: RequestContext, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { drive } = await loadManagedDrive(tx, actor, id);
    if (drive.status === 'closed') throw driveClosed();
    const [used] = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from donation_entries where drive_id = ${id}`,
    );
    if ((used?.n ?? 0) > 0) throw conflict('DRIVE_HAS_ENTRIES', '已有捐款记录的活动不能删除，可在结束后封账');
    await tx.delete(donationDrives).where(eq(donationDrives.id, id));
    await audit(tx, ctx, {
      action: 'donations.drive.delete',
      entityType: 'donationDrive',
      entityId: id,
      before: drive,
    });
  });
}
