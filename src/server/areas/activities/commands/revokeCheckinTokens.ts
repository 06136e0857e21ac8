import { and, eq, isNull } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityCheckinTokens } from '../../../platform/db/schema/index';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';

/** Stops the activity's QR sign-in: every token still valid is revoked. */
export async function revokeCheckinTokens(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    await loadManageableActivity(tx, actor, id);
    const revoked = await tx
      .update(activityCheckinTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(activityCheckinTokens.activityId, id), isNull(activityCheckinTokens.revokedAt)))
      .returning({ id: activityCheckinTokens.id });
    await audit(tx, ctx, {
      action: 'activities.checkinToken.revoke',
      entityType: 'activity',
      entityId: id,
      after: { revoked: revoked.length },
    });
  });
}
