import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { importJobs, memberships, orgNodes, people } from '../../platform/db/schema/index';
import type { ImportJob, ImportKind } from '../../../common/contracts/imports';
import { notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import type { PersonKind } from '../people/policy';
import type { ExistingOrgNode } from './orgPlan';
import { canImportKind, seesAllJobsOf } from './policy';
import { presentJob, type JobRow } from './presenter';

/** Reads of the import: the org names a file may use, who exists already, the jobs themselves. */

export interface OrgIndex {
  schools: Map<string, { id: string; name: string; disabled: boolean }[]>;
  /** key: `${schoolId}|${name}` */
  departments: Map<string, { id: string; disabled: boolean }[]>;
  grades: Map<string, { id: string; disabled: boolean }[]>;
  /** key: `${parentId}|${name}` (grade) and `${schoolId}|${name}` (whole school) */
  classesByGrade: Map<string, { id: string; disabled: boolean }[]>;
  classesBySchool: Map<string, { id: string; disabled: boolean }[]>;
}

export async function loadOrgIndex(db: Db, parkId: string): Promise<OrgIndex> {
  const nodes = await db
    .select({
      id: orgNodes.id,
      kind: orgNodes.kind,
      name: orgNodes.name,
      code: orgNodes.code,
      parentId: orgNodes.parentId,
      schoolId: orgNodes.schoolId,
      disabledAt: orgNodes.disabledAt,
    })
    .from(orgNodes)
    .where(
      and(eq(orgNodes.parkId, parkId), inArray(orgNodes.kind, ['school', 'department', 'grade', 'class'])),
    );
  const idx: OrgIndex = {
    schools: new Map(),
    departments: new Map(),
    grades: new Map(),
    classesByGrade: new Map(),
    classesBySchool: new Map(),
  };
  const add = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  for (const n of nodes) {
    const v = { id: n.id, disabled: n.disabledAt !== null };
    const name = n.name.trim();
    if (n.kind === 'school') {
      add(idx.schools, name, { ...v, name });
      if (n.code && n.code.trim() !== name) add(idx.schools, n.code.trim(), { ...v, name });
    } else if (n.kind === 'department') add(idx.departments, `${n.schoolId}|${name}`, v);
    else if (n.kind === 'grade') add(idx.grades, `${n.schoolId}|${name}`, v);
    else if (n.kind === 'class') {
      add(idx.classesByGrade, `${n.parentId}|${name}`, v);
      add(idx.classesBySchool, `${n.schoolId}|${name}`, v);
    }
  }
  return idx;
}

export const jsonList = (values: string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export async function findExisting(db: Db, parkId: string, kind: PersonKind, numbers: string[]) {
  const out = new Map<
    string,
    { id: string; schoolId: string | null; unitId: string | null; branchId: string | null }
  >();
  if (!numbers.length) return out;
  const rows = await db
    .select({
      id: people.id,
      number: people.number,
      schoolId: people.schoolId,
      unitId: people.unitId,
      branchId: memberships.branchId,
    })
    .from(people)
    .leftJoin(memberships, eq(memberships.personId, people.id))
    .where(
      and(eq(people.parkId, parkId), eq(people.kind, kind), sql`${people.number} in ${jsonList(numbers)}`),
    );
  for (const r of rows) out.set(r.number, r);
  return out;
}

export async function findIdHolders(db: Db, parkId: string, hashes: string[]) {
  const out = new Map<string, { id: string; kind: string; number: string }>();
  if (!hashes.length) return out;
  const rows = await db
    .select({ id: people.id, kind: people.kind, number: people.number, hash: people.idNumberHash })
    .from(people)
    .where(and(eq(people.parkId, parkId), sql`${people.idNumberHash} in ${jsonList(hashes)}`));
  for (const r of rows) if (r.hash) out.set(r.hash, r);
  return out;
}

/**
 * A job the actor may see: of a kind they may import, their own or, for a park-wide importer of
 * that kind, any in the park.
 */
export async function loadJob(db: Db, actor: Actor, id: string): Promise<JobRow> {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.id, id), eq(importJobs.parkId, actor.parkId)));
  const kind = job?.kind as ImportKind | undefined;
  if (
    !job ||
    !canImportKind(actor, kind!) ||
    (job.createdBy !== actor.accountId && !seesAllJobsOf(actor, kind!))
  )
    throw notFound('导入任务不存在');
  return job;
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  return presentJob(await loadJob(db, actor, id));
}

/** The park's whole tree, disabled nodes included: an org file is placed against all of it. */
export async function loadOrgNodes(db: Db, parkId: string): Promise<ExistingOrgNode[]> {
  return db
    .select({
      id: orgNodes.id,
      parentId: orgNodes.parentId,
      kind: orgNodes.kind,
      name: orgNodes.name,
      path: orgNodes.path,
      schoolId: orgNodes.schoolId,
      disabledAt: orgNodes.disabledAt,
    })
    .from(orgNodes)
    .where(eq(orgNodes.parkId, parkId));
}
