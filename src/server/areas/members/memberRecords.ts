import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageMember, canReadMembership, type PersonFacts } from './policy';

/**
 * A Party member as organisational life and dues read them: the person, their membership and
 * branch. Loaded once per request by the areas that act on a member's records.
 */
/** A Party member with what orgLife shows and decides on. */
export interface MemberRow extends PersonFacts {
  id: string;
  name: string;
  number: string;
  gender: string | null;
  membershipStatus: 'probationary' | 'full';
  joinedOn: string;
  fullOn: string | null;
  branchId: string;
  branchName: string;
  duesBaseFen: number | null;
  duesGroup: string;
}

interface RawMember {
  id: string;
  park_id: string;
  kind: 'staff' | 'student';
  school_id: string | null;
  unit_id: string | null;
  name: string;
  number: string;
  gender: string | null;
  status: 'probationary' | 'full';
  joined_on: string | Date;
  full_on: string | Date | null;
  branch_id: string;
  branch_name: string;
  dues_base_fen: number | null;
  dues_group: string;
}

/** Dates come back as 'YYYY-MM-DD' from drizzle, but raw rows may carry Date objects (node-postgres). */
export function isoDay(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  const y = v.getFullYear();
  return `${String(y).padStart(4, '0')}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
}

export const toMember = (r: RawMember): MemberRow => ({
  id: r.id,
  parkId: r.park_id,
  kind: r.kind,
  schoolId: r.school_id,
  unitId: r.unit_id,
  branchId: r.branch_id,
  name: r.name,
  number: r.number,
  gender: r.gender,
  membershipStatus: r.status,
  joinedOn: isoDay(r.joined_on)!,
  fullOn: isoDay(r.full_on),
  branchName: r.branch_name,
  duesBaseFen: r.dues_base_fen,
  duesGroup: r.dues_group,
});

/** The columns `toMember` reads, for queries over memberships ⋈ people ⋈ org_nodes (the branch). */
export const MEMBER_COLUMNS = sql`people.id, people.park_id, people.kind, people.school_id, people.unit_id,
  people.name, people.number, people.gender, memberships.status, memberships.joined_on::text as joined_on,
  memberships.full_on::text as full_on, memberships.branch_id, branch.name as branch_name,
  memberships.dues_base_fen, memberships.dues_group`;

export const MEMBER_FROM = sql`memberships
  join people on people.id = memberships.person_id
  join org_nodes branch on branch.id = memberships.branch_id`;

/** A member of the actor's park, or null (not a person of the park, or not a Party member). */
export async function loadMember(db: Db, parkId: string, personId: string): Promise<MemberRow | null> {
  const [row] = await queryRows<RawMember>(
    db,
    sql`select ${MEMBER_COLUMNS} from ${MEMBER_FROM}
        where memberships.person_id = ${personId} and memberships.park_id = ${parkId}`,
  );
  return row ? toMember(row) : null;
}

/** A member the actor may see (404 otherwise: whether someone is a member is itself private). */
export async function readableMember(db: Db, actor: Actor, personId: string): Promise<MemberRow> {
  const m = await loadMember(db, actor.parkId, personId);
  if (!m || !canReadMembership(actor, m)) throw notFound('未找到该党员');
  return m;
}

/** A member the actor manages (404 when not even visible, 403 when visible but not managed). */
export async function manageableMember(
  db: Db,
  actor: Actor,
  personId: string,
  what = '没有权限管理该党员的组织生活记录',
) {
  const m = await readableMember(db, actor, personId);
  if (!canManageMember(actor, m)) throw forbidden(what);
  return m;
}
