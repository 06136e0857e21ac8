import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityParticipants } from '../../../platform/db/schema/index';
import type { Actor } from '../../../access/actor';
import { evaluate, refusalError } from '../checkin';
import { presentCheckinActivity } from '../presenter';

/** Signs the actor in through a QR token. Signing in twice keeps the first time. */
export async function checkInWithToken(db: Db, ctx: RequestContext, actor: Actor, token: string) {
  return db.transaction(async (tx) => {
    const { row, participant, decision } = await evaluate(tx, actor, token);
    if (!decision.ok) throw refusalError(decision.code);
    const personId = actor.personId!;
    const activityId = row!.activity_id;
    let checkedInAt: Date;
    const alreadyCheckedIn = participant?.checkedInAt != null;
    if (decision.action === 'checkIn') {
      if (participant!.checkedInAt) {
        checkedInAt = participant!.checkedInAt;
      } else {
        const [u] = await tx
          .update(activityParticipants)
          .set({ checkedInAt: new Date(), checkinMethod: 'qr', checkedInBy: actor.accountId })
          .where(
            and(eq(activityParticipants.activityId, activityId), eq(activityParticipants.personId, personId)),
          )
          .returning();
        checkedInAt = u!.checkedInAt!;
      }
    } else {
      const [ins] = await tx
        .insert(activityParticipants)
        .values({
          parkId: actor.parkId,
          activityId,
          personId,
          source: 'walkIn',
          checkedInAt: new Date(),
          checkinMethod: 'qr',
          checkedInBy: actor.accountId,
        })
        .onConflictDoNothing()
        .returning();
      // A second scan racing the first finds the row already there: keep the first time.
      checkedInAt = ins?.checkedInAt ?? new Date();
    }
    if (!alreadyCheckedIn) {
      await audit(tx, ctx, {
        action: 'activities.attendance.checkIn',
        entityType: 'activity',
        entityId: activityId,
        after: { personId, method: 'qr', walkIn: decision.action === 'walkIn' },
      });
    }
    return {
      activity: presentCheckinActivity(row!),
      checkedInAt: checkedInAt.toISOString(),
      alreadyCheckedIn,
      walkIn: decision.action === 'walkIn',
    };
  });
}
