import type { Db } from '../../platform/db/client';
import type { Actor } from '../../access/actor';
import type { AccountSessionView } from '../../../common/contracts/accounts';
import { liveSessions } from '../auth/sessions';
import { loadManageable } from './reads';

/**
 * An account's live sessions, for an administrator who manages the account (the same scope as
 * every other account write: IP addresses and devices are the account's private affairs).
 * `currentSessionId` marks the caller's own session when it is one of them.
 */
export async function listAccountSessions(
  db: Db,
  actor: Actor,
  accountId: string,
  currentSessionId: string | null,
): Promise<{ items: AccountSessionView[] }> {
  await loadManageable(db, actor, accountId);
  const rows = await liveSessions(db, accountId);
  return {
    items: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      idleExpiresAt: r.idleExpiresAt.toISOString(),
      ip: r.ip,
      userAgent: r.userAgent,
      current: r.id === currentSessionId,
    })),
  };
}
