import { and, eq, like, sql } from 'drizzle-orm';
import { orgNodes } from '../../../platform/db/schema/index';
import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { childPath, wouldCycle, type OrgKind } from '../../../../common/orgTree';
import type { UpdateOrgNodeInput } from '../../../../common/contracts/org';
import { forbidden, unprocessable } from '../../../errors';
import { canWriteOrgNode, isOwnScopeNode } from '../policy';
import { presentNode, type OrgNode } from '../presenter';
import { getNode } from '../queries';
import { assertNameFree, assertPlacement } from './placement';

/** Renames, reorders, disables or moves a node; moving re-roots its subtree and its people's school. */
export async function updateNode(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: UpdateOrgNodeInput,
) {
  return db.transaction(async (tx) => {
    const node = await getNode(tx, actor, id);
    if (!canWriteOrgNode(actor, node)) throw forbidden('没有权限修改此节点');
    if (node.kind === 'park' && (input.parentId || input.disabled)) {
      throw unprocessable('PARK_IMMOVABLE', '园区根节点不能移动或停用');
    }
    const patch: Partial<OrgNode> = { updatedAt: new Date() };
    if (input.name !== undefined && input.name !== node.name) {
      if (node.parentId) await assertNameFree(tx, node.parentId, input.name, node.id);
      patch.name = input.name;
    }
    if (input.code !== undefined) patch.code = input.code;
    if (input.sortOrder !== undefined) patch.sortOrder = input.sortOrder;
    if (input.disabled && isOwnScopeNode(actor, node.id)) {
      throw unprocessable('OWN_SCOPE_NODE', '不能停用自己角色所在的节点，请由上级管理员操作');
    }
    if (input.disabled !== undefined)
      patch.disabledAt = input.disabled ? (node.disabledAt ?? new Date()) : null;

    if (input.parentId && input.parentId !== node.parentId) {
      const parent = await getNode(tx, actor, input.parentId);
      if (!canWriteOrgNode(actor, parent)) throw forbidden('没有权限移动到该节点下');
      if (wouldCycle(node.path, parent.path)) {
        throw unprocessable('MOVE_CYCLE', '不能把节点移到它自己或它的下级之下', {
          parentId: '不能移到自身下级',
        });
      }
      await assertPlacement(tx, node.kind as OrgKind, parent);
      await assertNameFree(tx, parent.id, input.name ?? node.name, node.id);
      const newPath = childPath(parent.path, node.id);
      const newSchoolId = node.kind === 'school' ? node.id : parent.schoolId;
      // Re-root the whole subtree: paths, and the school every node (and person in it) belongs to.
      await tx
        .update(orgNodes)
        .set({
          path: sql`${newPath} || substr(${orgNodes.path}, ${node.path.length + 1})`,
          ...(newSchoolId !== node.schoolId ? { schoolId: newSchoolId } : {}),
        })
        .where(and(eq(orgNodes.parkId, actor.parkId), like(orgNodes.path, `${node.path}%`)));
      if (newSchoolId !== node.schoolId) {
        await tx.execute(sql`update people set school_id = ${newSchoolId}, updated_at = now()
          where unit_id in (select id from org_nodes where path like ${newPath + '%'})`);
      }
      patch.parentId = parent.id;
    }
    const [after] = await tx.update(orgNodes).set(patch).where(eq(orgNodes.id, id)).returning();
    await audit(tx, ctx, {
      action: 'org.node.update',
      entityType: 'orgNode',
      entityId: id,
      before: node,
      after,
    });
    return presentNode(after!);
  });
}
