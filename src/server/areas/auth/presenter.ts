import type { Actor } from '../../access/actor';
import { ROLE_LABELS } from '../../access/roles';
import { heldPermissions } from '../../access/scope';
import type { SessionInfo } from '../../../common/contracts/auth';

/** A session's deadlines as the console reads them; never its token or hash. */
export function presentSessionInfo(s: {
  id: string;
  expiresAt: Date;
  idleExpiresAt: Date;
  idleSeconds: number;
}): SessionInfo {
  return {
    id: s.id,
    idleExpiresAt: s.idleExpiresAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    idleTimeoutSeconds: s.idleSeconds,
    serverTime: new Date().toISOString(),
  };
}

/** What the console learns about the signed-in user: enough to draw the menu, nothing more. */
export function presentMe(
  actor: Actor,
  session: {
    id: string;
    csrfToken: string;
    expiresAt: Date;
    idleExpiresAt: Date;
    idleSeconds: number;
  } | null,
) {
  const held = heldPermissions(actor);
  return {
    accountId: actor.accountId,
    username: actor.username,
    displayName: actor.displayName,
    personId: actor.personId,
    parkId: actor.parkId,
    mustChangePassword: actor.mustChangePassword,
    csrfToken: session?.csrfToken ?? '',
    roles: actor.grants.map((g) => ({
      role: g.role,
      label: ROLE_LABELS[g.role],
      scopeNodeId: g.scopeNodeId,
      scopeKind: g.scopeKind,
    })),
    permissions: held.all,
    rolePermissions: held.throughRoles,
    session: session ? presentSessionInfo(session) : null,
  };
}
