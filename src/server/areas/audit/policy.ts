import type { Actor } from '../../access/actor';
import { scopesFor } from '../../access/scope';

/**
 * The audit trail is read park-wide only: a trail filtered by a partial scope would still leak the
 * shape of writes elsewhere (who acted, when), so only a park-wide `audit.read` (the park
 * administrator) searches it, and only within the actor's own park.
 */
export function auditSearchScope(actor: Actor): { parkId: string } | null {
  return scopesFor(actor, 'audit.read').some((s) => s.type === 'park') ? { parkId: actor.parkId } : null;
}

export const canReadAuditEntry = (actor: Actor, entry: { parkId: string | null }) =>
  auditSearchScope(actor) !== null && entry.parkId === actor.parkId;
