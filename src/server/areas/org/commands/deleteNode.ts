import { eq, sql } from 'drizzle-orm';
import { orgNodes, roleAssignments } from '../../../platform/db/schema/index';
import { queryRows } from '../../../platform/db/rows';
import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { conflict, forbidden, unprocessable } from '../../../errors';
import { canWriteOrgNode } from '../policy';
import { getNode } from '../queries';

/** Deletes an empty node. A node that holds anything (children, people, members, roles) can only be disabled. */
export async function deleteNode(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const node = await getNode(tx, actor, id);
    if (!canWriteOrgNode(actor, node)) throw forbidden('没有权限删除此节点');
    if (node.kind === 'park') throw unprocessable('PARK_IMMOVABLE', '园区根节点不能删除');
    const [usage] = await queryRows<{ children: number; people: number; members: number; roles: number }>(
      tx,
      sql`
      select
        (select count(*)::int from org_nodes where parent_id = ${id}) as children,
        (select count(*)::int from people where unit_id = ${id} or school_id = ${id}) as people,
        (select count(*)::int from memberships where branch_id = ${id} or party_group_id = ${id}) as members,
        (select count(*)::int from role_assignments where scope_node_id = ${id}) as roles`,
    );
    if (usage && (usage.children || usage.people || usage.members || usage.roles)) {
      throw conflict('NODE_IN_USE', `「${node.name}」下还有下级节点、人员或角色，不能删除，只能停用`);
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.scopeNodeId, id));
    await tx.delete(orgNodes).where(eq(orgNodes.id, id));
    await audit(tx, ctx, { action: 'org.node.delete', entityType: 'orgNode', entityId: id, before: node });
  });
}
