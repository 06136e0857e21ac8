import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Actor } from '../../access/actor';
import { personSubject, type PersonFacts } from '../people/policy';
import { can, scopesFor, type Scope } from '../../access/scope';

/**
 * Organisational life and Party dues: who may see and do what.
 *
 * They ride on the membership permissions (roles.ts), so no new role grant is needed:
 * - reading a member's birthday records, checklist, dues: `members.read` (park admin: the park;
 *   school admin: their school; branch secretary: their branch; everyone: themselves);
 * - managing them (ticking the checklist, commenting, recording meetings and payments, assigning
 *   proposals): `members.write` (the same minus self);
 * - writing one's own thought report, goals and proposals: the member themself only — not even a
 *   secretary writes them on a member's behalf;
 * - approving a hardship reduction: `members.write` reaching beyond one branch (park or school
 *   level), and never the account that asked for it;
 * - changing the park's local rules (config): `members.write` over the whole park.
 */

export const ORGLIFE_READ = 'members.read' as const;
export const ORGLIFE_WRITE = 'members.write' as const;

/** A member as the orgLife rules see them: the person and their current branch. */
export type MemberFacts = PersonFacts;

export const canReadMemberOrgLife = (actor: Actor, m: MemberFacts) =>
  can(actor, ORGLIFE_READ, personSubject(m));
export const canManageMemberOrgLife = (actor: Actor, m: MemberFacts) =>
  can(actor, ORGLIFE_WRITE, personSubject(m));

/** Thought reports, goals and proposals are written by the member themself. */
export const canWriteOwnRecords = (actor: Actor, m: MemberFacts) =>
  actor.personId !== null && actor.personId === m.id && actor.parkId === m.parkId;

/** A branch or the general branch, as the host of symposiums and meetings. */
export interface HostFacts {
  parkId: string;
  id: string;
  kind: string;
  schoolId: string | null;
}

const isParkWide = (scopes: readonly Scope[]) => scopes.some((s) => s.type === 'park');

function hostInScope(actor: Actor, scopes: readonly Scope[], host: HostFacts): boolean {
  if (host.parkId !== actor.parkId) return false;
  if (host.kind === 'generalBranch') return isParkWide(scopes);
  if (host.kind !== 'branch') return false;
  return scopes.some((s) => {
    switch (s.type) {
      case 'park':
        return true;
      case 'subtree':
      case 'school':
        return s.schoolId !== null && s.schoolId === host.schoolId;
      case 'branch':
        return s.branchId === host.id;
      default:
        return false;
    }
  });
}

/** May the actor organise (create, edit, record) symposiums and meetings of this host? */
export const canManageHost = (actor: Actor, host: HostFacts) =>
  hostInScope(actor, scopesFor(actor, ORGLIFE_WRITE), host);

/** May the actor see the host's symposiums and meetings? Managers, and the host's own members. */
export const canReadHost = (actor: Actor, host: HostFacts) =>
  canManageHost(actor, host) ||
  (host.parkId === actor.parkId &&
    ((host.kind === 'branch' && actor.branchId === host.id) ||
      (host.kind === 'generalBranch' && actor.branchId !== null)));

/**
 * SQL over a host node (a branch or the general branch): the hosts whose records the actor
 * manages, plus (when `withOwn`) the actor's own branch and, for members, the general branch.
 * `hostId` and `hostSchoolId` name the columns; `hostKind` the node kind column.
 */
export function hostScopeCondition(
  actor: Actor,
  cols: { hostId: SQLWrapper; hostSchoolId: SQLWrapper; hostKind: SQLWrapper },
  withOwn: boolean,
): SQL {
  const scopes = scopesFor(actor, ORGLIFE_WRITE);
  const clauses: SQL[] = [];
  for (const s of scopes) {
    if (s.type === 'park') clauses.push(sql`true`);
    else if ((s.type === 'subtree' || s.type === 'school') && s.schoolId)
      clauses.push(sql`(${cols.hostKind} = 'branch' and ${cols.hostSchoolId} = ${s.schoolId})`);
    else if (s.type === 'branch') clauses.push(sql`${cols.hostId} = ${s.branchId}`);
  }
  if (withOwn && actor.branchId) {
    clauses.push(sql`${cols.hostId} = ${actor.branchId}`);
    clauses.push(sql`${cols.hostKind} = 'generalBranch'`);
  }
  return clauses.length ? sql`(${sql.join(clauses, sql` or `)})` : sql`false`;
}

/** Only a park-wide manager changes the park's local orgLife rules. */
export const canConfigureOrgLife = (actor: Actor) => isParkWide(scopesFor(actor, ORGLIFE_WRITE));

/**
 * Hardship reduction: asked by the member themself or by someone managing them; approved by a
 * manager reaching beyond the branch (park or school level), and never by the account that asked.
 */
export const canRequestReduction = (actor: Actor, m: MemberFacts) =>
  canWriteOwnRecords(actor, m) || canManageMemberOrgLife(actor, m);

export function canApproveReduction(actor: Actor, m: MemberFacts, requestedBy: string | null): boolean {
  if (requestedBy !== null && requestedBy === actor.accountId) return false;
  if (!canManageMemberOrgLife(actor, m)) return false;
  const scopes = scopesFor(actor, ORGLIFE_WRITE);
  return scopes.some((s) => s.type === 'park' || s.type === 'subtree' || s.type === 'school');
}
