import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgMeetings } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { UpdateMeetingInput } from '../../../../common/contracts/orgLife';
import type { Actor } from '../../../access/actor';
import type { MeetingRow } from '../presenter';
import { manageableHost } from '../queries/hosts';
import { meetingRow, meetingView } from '../queries/meetings';
import { checkDetails, writeAttendees } from './meetingDetails';

const FIELDS = [
  'partyGroupId',
  'kind',
  'date',
  'title',
  'place',
  'hostName',
  'minutes',
  'attachments',
] as const;

/** Corrects a meeting record; the attendee list, when given, replaces the old one. */
export async function updateMeeting(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: UpdateMeetingInput,
) {
  const m = await meetingRow(db, actor, id);
  const host = await manageableHost(db, actor, m.branchId);
  await checkDetails(db, actor, host, patch);
  return db.transaction(async (tx) => {
    const set: Partial<MeetingRow> = { updatedAt: new Date() };
    for (const k of FIELDS) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    }
    const [row] = await tx.update(orgMeetings).set(set).where(eq(orgMeetings.id, m.id)).returning();
    if (patch.attendees) await writeAttendees(tx, actor.parkId, m.id, patch.attendees);
    await audit(tx, ctx, {
      action: 'orgLife.meeting.update',
      entityType: 'orgMeeting',
      entityId: m.id,
      before: m,
      after: { ...row, attendees: patch.attendees },
    });
    return meetingView(tx, row!, host);
  });
}
