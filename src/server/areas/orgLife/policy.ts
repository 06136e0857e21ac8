import type { Actor } from '../../access/actor';
import { personSubject, type PersonFacts } from '../people/policy';
import { can, reachesPark, type ScopeSubject } from '../../access/scope';

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

/**
 * A host as a scope subject: a branch is judged by its school and its own id; the general branch
 * sits above the schools and so is reached only park-wide.
 */
const hostSubject = (host: HostFacts): ScopeSubject =>
  host.kind === 'branch'
    ? { parkId: host.parkId, schoolId: host.schoolId, branchId: host.id }
    : { parkId: host.parkId };

const isHostKind = (kind: string) => kind === 'branch' || kind === 'generalBranch';

/** May the actor organise (create, edit, record) symposiums and meetings of this host? */
export const canManageHost = (actor: Actor, host: HostFacts) =>
  isHostKind(host.kind) && can(actor, ORGLIFE_WRITE, hostSubject(host));

/** May the actor see the host's symposiums and meetings? Managers, and the host's own members (queries/hosts.ts says the same in SQL). */
export const canReadHost = (actor: Actor, host: HostFacts) =>
  canManageHost(actor, host) ||
  (host.parkId === actor.parkId &&
    ((host.kind === 'branch' && actor.branchId === host.id) ||
      (host.kind === 'generalBranch' && actor.branchId !== null)));

/** Only a park-wide manager changes the park's local orgLife rules. */
export const canConfigureOrgLife = (actor: Actor) => reachesPark(actor, ORGLIFE_WRITE);
