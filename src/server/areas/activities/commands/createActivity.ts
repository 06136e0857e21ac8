import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activities } from '../../../platform/db/schema/index';
import type { CreateActivityInput } from '../../../../common/contracts/activities';
import type { Actor } from '../../../access/actor';
import { getActivity } from '../queries';
import { assertTimes, loadOrganiser, resolveKind } from './organiser';

/** Creates an activity organised by a node within the actor's reach. */
export async function createActivity(db: Db, ctx: RequestContext, actor: Actor, input: CreateActivityInput) {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  assertTimes(startsAt, endsAt);
  const id = await db.transaction(async (tx) => {
    const organiser = await loadOrganiser(tx, actor, input.organiserId);
    const kind = await resolveKind(tx, actor, input.kind);
    const [row] = await tx
      .insert(activities)
      .values({
        parkId: actor.parkId,
        ...kind,
        title: input.title,
        theme: input.theme ?? null,
        organiserId: organiser.id,
        startsAt,
        endsAt,
        place: input.place ?? null,
        description: input.description ?? null,
        isOpen: input.isOpen ?? false,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.activity.create',
      entityType: 'activity',
      entityId: row!.id,
      after: row,
    });
    return row!.id;
  });
  return getActivity(db, actor, id);
}
