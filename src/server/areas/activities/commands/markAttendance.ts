import { and, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityParticipants } from '../../../platform/db/schema/index';
import type { AttendanceInput } from '../../../../common/contracts/activities';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';

/** The organiser ticks (or unticks) people as present. They must be on the list already. */
export async function markAttendance(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: AttendanceInput,
) {
  return db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const ids = [...new Set(input.personIds)];
    const onList = await tx
      .select({ personId: activityParticipants.personId })
      .from(activityParticipants)
      .where(and(eq(activityParticipants.activityId, id), inArray(activityParticipants.personId, ids)));
    if (onList.length !== ids.length) {
      throw unprocessable('NOT_A_PARTICIPANT', '只能为参加名单中的人员签到，请先添加参加人员', {
        personIds: '有人员不在参加名单中',
      });
    }
    const updated = await tx
      .update(activityParticipants)
      .set(
        input.present
          ? {
              checkedInAt: sql`coalesce(${activityParticipants.checkedInAt}, now())`,
              checkinMethod: sql`coalesce(${activityParticipants.checkinMethod}, 'organiser')`,
              checkedInBy: sql`coalesce(${activityParticipants.checkedInBy}, ${actor.accountId}::uuid)`,
            }
          : { checkedInAt: null, checkinMethod: null, checkedInBy: null },
      )
      .where(and(eq(activityParticipants.activityId, id), inArray(activityParticipants.personId, ids)))
      .returning({ personId: activityParticipants.personId });
    await audit(tx, ctx, {
      action: input.present ? 'activities.attendance.markPresent' : 'activities.attendance.markAbsent',
      entityType: 'activity',
      entityId: id,
      after: { personIds: ids },
    });
    return { updated: updated.length };
  });
}
