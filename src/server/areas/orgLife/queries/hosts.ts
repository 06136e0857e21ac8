import { and, eq, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { orgNodes } from '../../../platform/db/schema/index';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { scopesFor } from '../../../access/scope';
import { scopeSql, type ScopeColumns } from '../../../access/scopeSql';
import { ORGLIFE_WRITE, canManageHost, canReadHost, type HostFacts } from '../policy';

/** The hosts of symposiums and meetings: a branch, or the general branch, of the actor's park. */

export interface HostRow extends HostFacts {
  name: string;
}

export async function loadHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow | null> {
  const [n] = await db
    .select({
      id: orgNodes.id,
      parkId: orgNodes.parkId,
      kind: orgNodes.kind,
      schoolId: orgNodes.schoolId,
      name: orgNodes.name,
    })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), eq(orgNodes.parkId, actor.parkId)));
  if (!n || (n.kind !== 'branch' && n.kind !== 'generalBranch')) return null;
  return n;
}

export async function readableHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow> {
  const h = await loadHost(db, actor, nodeId);
  if (!h || !canReadHost(actor, h)) throw notFound('未找到该党支部');
  return h;
}

export async function manageableHost(db: Db, actor: Actor, nodeId: string): Promise<HostRow> {
  const h = await readableHost(db, actor, nodeId);
  if (!canManageHost(actor, h)) throw forbidden('没有权限管理该党支部的组织生活');
  return h;
}

/**
 * SQL over a host node: the hosts whose records the actor manages, plus (when `withOwn`) the
 * actor's own branch and, for members, the general branch — canReadHost (policy.ts) in SQL.
 * `cols` name the host node's columns (park, id, school, kind).
 */
export function hostScopeCondition(
  actor: Actor,
  cols: { hostParkId: SQLWrapper; hostId: SQLWrapper; hostSchoolId: SQLWrapper; hostKind: SQLWrapper },
  withOwn: boolean,
): SQL {
  const own =
    withOwn && actor.branchId
      ? [sql`${cols.hostId} = ${actor.branchId}`, sql`${cols.hostKind} = 'generalBranch'`]
      : [];
  // The same facts as the policy's host subject: a branch's school and id; the general branch has neither.
  const columns: ScopeColumns = {
    parkId: cols.hostParkId,
    schoolId: (schoolId) => sql`(${cols.hostKind} = 'branch' and ${cols.hostSchoolId} = ${schoolId})`,
    branchId: (branchId) => sql`(${cols.hostKind} = 'branch' and ${cols.hostId} = ${branchId})`,
  };
  return scopeSql(actor, scopesFor(actor, ORGLIFE_WRITE), columns, own);
}

/** A host node aliased in SQL (`alias.park_id` …), read-scoped. */
export const hostAliasScope = (actor: Actor, alias: string, idColumn?: SQLWrapper) => {
  const a = sql.raw(alias);
  return hostScopeCondition(
    actor,
    {
      hostParkId: sql`${a}.park_id`,
      hostId: idColumn ?? sql`${a}.id`,
      hostSchoolId: sql`${a}.school_id`,
      hostKind: sql`${a}.kind`,
    },
    true,
  );
};
