import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { revokeAllSessions, revokeSession } from '../sessions';

/** Ends this session (when there is one). */
export async function logout(db: Db, ctx: RequestContext, tokenHash: string) {
  await db.transaction(async (tx) => {
    await revokeSession(tx, tokenHash);
    await audit(tx, ctx, {
      action: 'auth.session.logout',
      entityType: 'account',
      entityId: ctx.actor?.accountId,
    });
  });
}

/** Ends every session of the actor's account, on every device. */
export async function logoutEverywhere(db: Db, ctx: RequestContext, actor: Actor): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await revokeAllSessions(tx, actor.accountId);
    await audit(tx, ctx, {
      action: 'auth.session.logoutAll',
      entityType: 'account',
      entityId: actor.accountId,
      after: { sessionsEnded: n },
    });
    return n;
  });
}
