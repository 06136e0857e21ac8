import type { Db } from '../../../platform/db/client';
import { orgMeetings } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { CreateMeetingInput } from '../../../../common/contracts/orgLife';
import type { Actor } from '../../../access/actor';
import { manageableHost } from '../queries/hosts';
import { meetingView } from '../queries/meetings';
import { assertBranchHost, checkDetails, writeAttendees } from './meetingDetails';

/** Records a meeting of a branch (三会一课, 主题党日, 组织生活会) with its attendance. */
export async function createMeeting(db: Db, ctx: RequestContext, actor: Actor, input: CreateMeetingInput) {
  const host = await manageableHost(db, actor, input.branchId);
  assertBranchHost(host);
  await checkDetails(db, actor, host, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(orgMeetings)
      .values({
        parkId: actor.parkId,
        branchId: host.id,
        partyGroupId: input.partyGroupId ?? null,
        kind: input.kind,
        date: input.date,
        title: input.title,
        place: input.place ?? null,
        hostName: input.hostName ?? null,
        minutes: input.minutes ?? null,
        attachments: input.attachments ?? [],
        createdBy: actor.accountId,
      })
      .returning();
    await writeAttendees(tx, actor.parkId, row!.id, input.attendees ?? []);
    await audit(tx, ctx, {
      action: 'orgLife.meeting.create',
      entityType: 'orgMeeting',
      entityId: row!.id,
      after: { ...row, attendees: input.attendees ?? [] },
    });
    return meetingView(tx, row!, host);
  });
}
