import { and, eq, isNull } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityCheckinTokens } from '../../../platform/db/schema/index';
import { randomToken } from '../../../platform/crypto';
import { conflict } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { loadManageableActivity } from '../queries';
import { checkinTokenExpiry } from '../rules';

/** Makes a new QR sign-in token for the activity; whatever token was still valid stops working. */
export async function issueCheckinToken(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  minutes?: number,
) {
  return db.transaction(async (tx) => {
    const { activity } = await loadManageableActivity(tx, actor, id);
    if (activity.status === 'cancelled')
      throw conflict('ACTIVITY_CANCELLED', '该活动已取消，不能生成签到二维码');
    await tx
      .update(activityCheckinTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(activityCheckinTokens.activityId, id), isNull(activityCheckinTokens.revokedAt)));
    const token = randomToken(24);
    const expiresAt = checkinTokenExpiry(new Date(), activity.endsAt, minutes);
    const [row] = await tx
      .insert(activityCheckinTokens)
      .values({ parkId: actor.parkId, activityId: id, token, expiresAt, createdBy: actor.accountId })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.checkinToken.issue',
      entityType: 'activity',
      entityId: id,
      after: { tokenId: row!.id, expiresAt },
    });
    return { token, expiresAt: expiresAt.toISOString() };
  });
}
