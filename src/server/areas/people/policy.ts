import { sql, type SQL } from 'drizzle-orm';
import { people } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';
import { can, hasPermission, scopesFor, type Scope, type ScopeSubject } from '../../access/scope';

/**
 * People policy: who may read, write, reveal, export and import which person. A person is judged
 * by their school, unit (class / department), kind, Party branch and id — the same facts the SQL
 * condition below filters on, so a list and a detail page never disagree.
 */
export type PersonKind = 'staff' | 'student';

export interface PersonFacts {
  parkId: string;
  id: string | null;
  kind: PersonKind;
  schoolId: string | null;
  unitId: string | null;
  /** The branch of the person's Party membership, if any. */
  branchId: string | null;
}

export const personSubject = (p: PersonFacts): ScopeSubject => ({
  parkId: p.parkId,
  personId: p.id,
  kind: p.kind,
  schoolId: p.schoolId,
  unitId: p.unitId,
  branchId: p.branchId,
});

export const canReadPerson = (actor: Actor, p: PersonFacts) => can(actor, 'people.read', personSubject(p));
export const canWritePerson = (actor: Actor, p: PersonFacts) => can(actor, 'people.write', personSubject(p));
/** Clear ID and phone numbers. Everyone may see their own (self scope); every use is audited. */
export const canRevealPerson = (actor: Actor, p: PersonFacts) =>
  can(actor, 'people.reveal', personSubject(p));

/**
 * May the actor place a (new or moved) person of `kind` in this school / unit? Judged as if the
 * person already stood there, with no id and no membership, so self and branch clauses never apply.
 */
export const canWritePersonAt = (
  actor: Actor,
  permission: Extract<Permission, 'people.write' | 'people.import'>,
  at: { kind: PersonKind; schoolId: string | null; unitId: string | null },
) =>
  can(actor, permission, {
    parkId: actor.parkId,
    personId: null,
    kind: at.kind,
    schoolId: at.schoolId,
    unitId: at.unitId,
    branchId: null,
  });

export const canImportPeople = (actor: Actor) => hasPermission(actor, 'people.import');
export const canExportPeople = (actor: Actor) => hasPermission(actor, 'people.export');

/** The scopes a people list filters by. */
export const peopleReadScopes = (actor: Actor) => scopesFor(actor, 'people.read');
export const peopleExportScopes = (actor: Actor) => scopesFor(actor, 'people.export');
export const peopleRevealScopes = (actor: Actor) => scopesFor(actor, 'people.reveal');
export const peopleImportScopes = (actor: Actor) => scopesFor(actor, 'people.import');

/** Where a person's scope facts live in the `people` table (membership via its branch). */
export const PEOPLE_COLUMNS: ScopeColumns = {
  parkId: people.parkId,
  personId: people.id,
  kind: people.kind,
  schoolId: people.schoolId,
  unitId: people.unitId,
  branchId: (branchId) =>
    sql`exists (select 1 from memberships m_scope where m_scope.person_id = ${people.id} and m_scope.branch_id = ${branchId})`,
};

/** The WHERE condition for a people query: the actor's park and the OR of the scope clauses. */
export const peopleScopeCondition = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopeSql(actor, scopes, PEOPLE_COLUMNS);
