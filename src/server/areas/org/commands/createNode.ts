import { orgNodes } from '../../../platform/db/schema/index';
import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { childPath } from '../../../../common/orgTree';
import type { CreateOrgNodeInput } from '../../../../common/contracts/org';
import { forbidden } from '../../../errors';
import { canWriteOrgNode } from '../policy';
import { presentNode } from '../presenter';
import { getNode } from '../queries';
import { assertNameFree, assertPlacement } from './placement';

/** Adds a node under a parent the actor may write, where the tree's shape allows it. */
export async function createNode(db: Db, ctx: RequestContext, actor: Actor, input: CreateOrgNodeInput) {
  return db.transaction(async (tx) => {
    const parent = await getNode(tx, actor, input.parentId);
    if (!canWriteOrgNode(actor, parent)) throw forbidden('没有权限在此节点下添加');
    await assertPlacement(tx, input.kind, parent);
    await assertNameFree(tx, parent.id, input.name);
    const id = crypto.randomUUID();
    const [node] = await tx
      .insert(orgNodes)
      .values({
        id,
        parkId: actor.parkId,
        parentId: parent.id,
        kind: input.kind,
        name: input.name,
        code: input.code ?? null,
        sortOrder: input.sortOrder ?? 0,
        path: childPath(parent.path, id),
        schoolId: input.kind === 'school' ? id : parent.schoolId,
      })
      .returning();
    await audit(tx, ctx, { action: 'org.node.create', entityType: 'orgNode', entityId: id, after: node });
    return presentNode(node!);
  });
}
