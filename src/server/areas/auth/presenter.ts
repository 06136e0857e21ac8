import type { Actor } from '../../access/actor';
import { ROLE_LABELS } from '../../access/roles';
import { heldPermissions } from '../../access/scope';

/** What the console learns about the signed-in user: enough to draw the menu, nothing more. */
export function presentMe(actor: Actor, csrfToken: string) {
  const held = heldPermissions(actor);
  return {
    accountId: actor.accountId,
    username: actor.username,
    displayName: actor.displayName,
    personId: actor.personId,
    parkId: actor.parkId,
    mustChangePassword: actor.mustChangePassword,
    csrfToken,
    roles: actor.grants.map((g) => ({
      role: g.role,
      label: ROLE_LABELS[g.role],
      scopeNodeId: g.scopeNodeId,
      scopeKind: g.scopeKind,
    })),
    permissions: held.all,
    rolePermissions: held.throughRoles,
  };
}
