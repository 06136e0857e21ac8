import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgMeetingAttendees, orgMeetings } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { manageableHost } from '../queries/hosts';
import { meetingRow } from '../queries/meetings';

/** Deletes a meeting record; the audit keeps it, attendees included. */
export async function deleteMeeting(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  const m = await meetingRow(db, actor, id);
  await manageableHost(db, actor, m.branchId);
  await db.transaction(async (tx) => {
    const attendees = await tx
      .select()
      .from(orgMeetingAttendees)
      .where(eq(orgMeetingAttendees.meetingId, m.id));
    await tx.delete(orgMeetings).where(eq(orgMeetings.id, m.id));
    await audit(tx, ctx, {
      action: 'orgLife.meeting.delete',
      entityType: 'orgMeeting',
      entityId: m.id,
      before: { ...m, attendees },
    });
  });
}
