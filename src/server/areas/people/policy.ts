import type { Actor } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { can, hasPermission, scopesFor, type ScopeSubject } from '../../access/scope';
import type { PersonKind } from '../../../common/contracts/people';

/**
 * People policy: who may read, write, reveal, export and import which person. A person is judged
 * by their school, unit (class / department), kind, Party branch and id — the same facts the SQL
 * condition of a list filters on (peopleScopeCondition in queries.ts), so a list and a detail page
 * never disagree.
 */
export type { PersonKind };

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
