import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import type { Actor } from '../../../access/actor';
import { notFound } from '../../../errors';
import { revokeAllSessions, revokeSessionById } from '../../auth/sessions';
import { loadManageable } from '../reads';

/** An administrator ends one session of an account they manage (by its public id). */
export async function endAccountSession(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
  sessionId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { row } = await loadManageable(tx, actor, accountId);
    if (!(await revokeSessionById(tx, accountId, sessionId))) throw notFound('该会话不存在或已结束');
    await audit(tx, ctx, {
      action: 'accounts.session.end',
      entityType: 'account',
      entityId: accountId,
      before: { sessionId, username: row.username },
    });
  });
}

/** An administrator ends every session of an account they manage; returns how many there were. */
export async function endAccountSessions(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
): Promise<number> {
  return db.transaction(async (tx) => {
    const { row } = await loadManageable(tx, actor, accountId);
    const sessionsEnded = await revokeAllSessions(tx, accountId);
    await audit(tx, ctx, {
      action: 'accounts.session.endAll',
      entityType: 'account',
      entityId: accountId,
      after: { username: row.username, sessionsEnded },
    });
    return sessionsEnded;
  });
}
