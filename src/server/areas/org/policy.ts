import type { Actor } from '../../access/actor';
import { can } from '../../access/scope';

/** Org-tree policy. Reading the tree is open to every console user; writing is scoped by subtree. */
export const canReadOrg = (actor: Actor) =>
  can(actor, 'org.read', { parkId: actor.parkId, path: actor.parkPath });

/** May the actor change the node at `path` (or add a child under it)? */
export const canWriteOrgNode = (actor: Actor, node: { parkId: string; path: string }) =>
  can(actor, 'org.write', { parkId: node.parkId, path: node.path });

/** The node one of the actor's own roles hangs from: disabling it would lock the actor out, so a higher admin must. */
export const isOwnScopeNode = (actor: Actor, nodeId: string) =>
  actor.grants.some((g) => g.scopeNodeId === nodeId);
