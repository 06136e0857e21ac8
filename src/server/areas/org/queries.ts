import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { memberships, orgNodes, people } from '../../platform/db/schema/index';
import { forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { canReadOrg } from './policy';
import { presentNode, type OrgNode } from './presenter';

export async function getNode(db: Db, actor: Actor, id: string): Promise<OrgNode> {
  const [node] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, id), eq(orgNodes.parkId, actor.parkId)));
  if (!node) throw notFound('组织节点不存在');
  return node;
}

/** The park's whole tree as a flat list (parents before children), with people counts per node. */
export async function listTree(db: Db, actor: Actor, opts: { includeDisabled: boolean }) {
  if (!canReadOrg(actor)) throw forbidden();
  const nodes = await db
    .select()
    .from(orgNodes)
    .where(
      and(
        eq(orgNodes.parkId, actor.parkId),
        // A disabled node hides its whole subtree, so the list never holds a child without its parent.
        opts.includeDisabled
          ? undefined
          : sql`not exists (select 1 from org_nodes d where d.park_id = ${actor.parkId}
              and d.disabled_at is not null and ${orgNodes.path} like d.path || '%')`,
      ),
    )
    .orderBy(asc(sql`length(${orgNodes.path})`), asc(orgNodes.sortOrder), asc(orgNodes.name));
  const peopleCounts = await db
    .select({ id: people.unitId, n: sql<number>`count(*)::int` })
    .from(people)
    .where(and(eq(people.parkId, actor.parkId), eq(people.status, 'active')))
    .groupBy(people.unitId);
  const memberCounts = await db
    .select({ id: memberships.branchId, n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.parkId, actor.parkId))
    .groupBy(memberships.branchId);
  const pc = new Map(peopleCounts.map((r) => [r.id, r.n]));
  const mc = new Map(memberCounts.map((r) => [r.id, r.n]));
  return nodes.map((n) => presentNode(n, { people: pc.get(n.id) ?? 0, members: mc.get(n.id) ?? 0 }));
}
