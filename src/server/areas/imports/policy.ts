import type { ImportKind } from '../../../common/contracts/imports';
import type { Actor } from '../../access/actor';
import { hasPermission, reachesPark } from '../../access/scope';
import { canImportPeople } from '../people/policy';

/**
 * Who may use an import. People files need people.import; the org tree is written as the org area
 * writes it, so its file needs org.write (and each row is checked where it lands, orgPlan.ts).
 */
export const canImportOrg = (actor: Actor) => hasPermission(actor, 'org.write');

export const canImportKind = (actor: Actor, kind: ImportKind) =>
  kind === 'org' ? canImportOrg(actor) : canImportPeople(actor);

/** A park-wide importer of that kind sees everyone's jobs of it; others only their own. */
export const seesAllJobsOf = (actor: Actor, kind: ImportKind) =>
  reachesPark(actor, kind === 'org' ? 'org.write' : 'people.import');
