import { and, eq, isNull } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { calendarFeeds } from '../../../platform/db/schema/index';
import type { Actor } from '../../../access/actor';
import { requirePerson } from '../feed';

/** Ends the actor's calendar subscription. */
export async function revokeFeed(db: Db, ctx: RequestContext, actor: Actor) {
  const personId = requirePerson(actor);
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)))
      .returning({ id: calendarFeeds.id });
    for (const r of revoked) {
      await audit(tx, ctx, {
        action: 'activities.calendarFeed.revoke',
        entityType: 'calendarFeed',
        entityId: r.id,
      });
    }
  });
}
