import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgMeetingAttendees, orgNodes } from '../../../platform/db/schema/index';
import type { CreateMeetingInput, MeetingAttendeeInput } from '../../../../common/contracts/orgLife';
import { todayInShanghai } from '../../../../common/dates';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadMember } from '../../members/memberRecords';
import type { HostRow } from '../queries/hosts';
import { assertFileRefs } from './fileRefs';

/** Checks and attendee writes shared by recording and correcting a meeting. */

export function assertBranchHost(host: HostRow) {
  if (host.kind !== 'branch') {
    throw unprocessable('NOT_A_BRANCH', '会议记录应属于一个党支部', { branchId: '请选择党支部' });
  }
}

/** The party group is the branch's own, the date not in the future, the attendees the branch's members. */
export async function checkDetails(
  db: Db,
  actor: Actor,
  host: HostRow,
  input: Partial<Omit<CreateMeetingInput, 'branchId'>>,
) {
  const fields: Record<string, string> = {};
  if (input.partyGroupId) {
    const [g] = await db
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.partyGroupId), eq(orgNodes.parkId, actor.parkId)));
    if (!g || g.kind !== 'partyGroup' || g.parentId !== host.id) fields.partyGroupId = '不是本支部的党小组';
  }
  if (input.date && input.date > todayInShanghai()) fields.date = '不能登记未来日期的会议';
  if (input.attendees) {
    const seen = new Set<string>();
    for (const [i, a] of input.attendees.entries()) {
      if (seen.has(a.personId)) fields[`attendees.${i}.personId`] = '人员重复';
      seen.add(a.personId);
      const m = await loadMember(db, actor.parkId, a.personId);
      if (!m || m.branchId !== host.id) fields[`attendees.${i}.personId`] = '不是本支部党员';
    }
  }
  if (Object.keys(fields).length) throw unprocessable('MEETING_INVALID', '会议记录有误，请检查', fields);
  await assertFileRefs(db, actor.parkId, input.attachments, 'attachments');
}

export async function writeAttendees(
  tx: Db,
  parkId: string,
  meetingId: string,
  attendees: MeetingAttendeeInput[],
) {
  await tx.delete(orgMeetingAttendees).where(eq(orgMeetingAttendees.meetingId, meetingId));
  if (attendees.length) {
    await tx.insert(orgMeetingAttendees).values(
      attendees.map((a) => ({
        parkId,
        meetingId,
        personId: a.personId,
        present: a.present,
        absenceReason: a.present ? null : (a.absenceReason ?? null),
      })),
    );
  }
}
