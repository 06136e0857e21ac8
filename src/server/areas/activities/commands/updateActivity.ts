import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activities } from '../../../platform/db/schema/index';
import type { UpdateActivityInput } from '../../../../common/contracts/activities';
import type { Actor } from '../../../access/actor';
import { getActivity, loadManageableActivity } from '../queries';
import { assertTimes, loadOrganiser, resolveKind } from './organiser';

/** Edits an activity: its fields, status and results; moving it to another organiser needs reach there too. */
export async function updateActivity(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: UpdateActivityInput,
) {
  await db.transaction(async (tx) => {
    const { activity: before } = await loadManageableActivity(tx, actor, id);
    const set: Partial<typeof activities.$inferInsert> = { updatedAt: new Date() };
    if (patch.kind !== undefined) Object.assign(set, await resolveKind(tx, actor, patch.kind));
    if (patch.organiserId !== undefined && patch.organiserId !== before.organiserId) {
      set.organiserId = (await loadOrganiser(tx, actor, patch.organiserId)).id;
    }
    for (const key of ['title', 'theme', 'place', 'description', 'isOpen', 'status', 'results'] as const) {
      if (patch[key] !== undefined) (set as Record<string, unknown>)[key] = patch[key];
    }
    const startsAt = patch.startsAt ? new Date(patch.startsAt) : before.startsAt;
    const endsAt = patch.endsAt ? new Date(patch.endsAt) : before.endsAt;
    if (patch.startsAt || patch.endsAt) {
      assertTimes(startsAt, endsAt);
      set.startsAt = startsAt;
      set.endsAt = endsAt;
    }
    const [after] = await tx.update(activities).set(set).where(eq(activities.id, id)).returning();
    await audit(tx, ctx, {
      action: 'activities.activity.update',
      entityType: 'activity',
      entityId: id,
      before,
      after,
    });
  });
  return getActivity(db, actor, id);
}
