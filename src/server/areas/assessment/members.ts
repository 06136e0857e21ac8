import type { Actor } from '../../access/actor';
import type { ScopeSubject } from '../../access/scope';
import type { Db } from '../../platform/db/client';
import { forbidden, notFound } from '../../errors';
import { loadMember, type MemberRow } from '../members/memberRecords';
import { personSubject } from '../people/policy';
import { notAMember } from './errors';
import { canRead, canReview, isSelf } from './policy';

/** A member's assessment record is about them: scope facts from their current membership. */
export const memberSubject = (m: MemberRow): ScopeSubject => personSubject(m);

/**
 * The member whose record the actor reads (themself, or someone they review); 404 otherwise —
 * whether someone is a Party member is itself private.
 */
export async function readableMember(db: Db, actor: Actor, personId: string): Promise<MemberRow> {
  const m = await loadMember(db, actor.parkId, personId);
  if (!m || !canRead(actor, memberSubject(m))) throw notFound('未找到该党员');
  return m;
}

/** The member the actor reviews (404 when not visible, 403 when it is only their own record). */
export async function reviewableMember(
  db: Db,
  actor: Actor,
  personId: string,
  what: string,
): Promise<MemberRow> {
  const m = await readableMember(db, actor, personId);
  if (!canReview(actor, memberSubject(m))) throw forbidden(what);
  return m;
}

/** The actor as a Party member, for self-service; 403 NOT_A_MEMBER when they are not one. */
export async function selfMember(db: Db, actor: Actor): Promise<MemberRow> {
  const m = actor.personId ? await loadMember(db, actor.parkId, actor.personId) : null;
  if (!m || !isSelf(actor, m.id)) throw notAMember();
  return m;
}
