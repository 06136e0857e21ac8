import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityParticipants } from '../../../platform/db/schema/index';
import { notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';

/** Takes a person off an activity's list (with their sign-in, if any). */
export async function removeParticipant(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  personId: string,
) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const [removed] = await tx
      .delete(activityParticipants)
      .where(and(eq(activityParticipants.activityId, id), eq(activityParticipants.personId, personId)))
      .returning();
    if (!removed) throw notFound('该人员不在参加名单中');
    await audit(tx, ctx, {
      action: 'activities.participant.remove',
      entityType: 'activity',
      entityId: id,
      before: removed,
    });
  });
}
