import { and, eq, isNull } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { calendarFeeds } from '../../../platform/db/schema/index';
import { randomToken, sha256 } from '../../../platform/crypto';
import type { Actor } from '../../../access/actor';
import { feedPath, requirePerson } from '../feed';

/** A new private feed link for the actor; the old one stops working. The token is shown only now. */
export async function createFeed(db: Db, ctx: RequestContext, actor: Actor) {
  const personId = requirePerson(actor);
  return db.transaction(async (tx) => {
    await tx
      .update(calendarFeeds)
      .set({ revokedAt: new Date() })
      .where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)));
    const token = randomToken(32);
    const [row] = await tx
      .insert(calendarFeeds)
      .values({ parkId: actor.parkId, personId, tokenHash: sha256(token) })
      .returning({ id: calendarFeeds.id });
    await audit(tx, ctx, {
      action: 'activities.calendarFeed.create',
      entityType: 'calendarFeed',
      entityId: row!.id,
    });
    return { token, path: feedPath(token) };
  });
}
