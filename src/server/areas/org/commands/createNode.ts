import { orgNodes } from '../../../platform/db/schema/index';
import type { Db } from '../../../platform/db/client';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { childPath, type OrgKind } from '../../../../common/orgTree';
import type { CreateOrgNodeInput } from '../../../../common/contracts/org';
import { forbidden } from '../../../errors';
import { canWriteOrgNode } from '../policy';
import { presentNode } from '../presenter';
import { getNode } from '../queries';
import { assertNameFree, assertPlacement } from './placement';

/**
 * The row of a new node under `parent`: its path and school follow from the parent's. Shared with
 * the org tree import, so a node imported from a spreadsheet is exactly what this command creates.
 */
export function newNodeValues(
  parkId: string,
  parent: { id: string; path: string; schoolId: string | null },
  input: { kind: OrgKind; name: string; code?: string | null; sortOrder?: number },
  id: string = crypto.randomUUID(),
) {
  return {
    id,
    parkId,
    parentId: parent.id,
    kind: input.kind,
    name: input.name,
    code: input.code ?? null,
    sortOrder: input.sortOrder ?? 0,
    path: childPath(parent.path, id),
    schoolId: input.kind === 'school' ? id : parent.schoolId,
  };
}

/** Adds a node under a parent the actor may write, where the tree's shape allows it. */
export async function createNode(db: Db, ctx: RequestContext, actor: Actor, input: CreateOrgNodeInput) {
  return db.transaction(async (tx) => {
    const parent = await getNode(tx, actor, input.parentId);
    if (!canWriteOrgNode(actor, parent)) throw forbidden('没有权限在此节点下添加');
    await assertPlacement(tx, input.kind, parent);
    await assertNameFree(tx, parent.id, input.name);
    const values = newNodeValues(actor.parkId, parent, input);
    const [node] = await tx.insert(orgNodes).values(values).returning();
    await audit(tx, ctx, {
      action: 'org.node.create',
      entityType: 'orgNode',
      entityId: values.id,
      after: node,
    });
    return presentNode(node!);
  });
}
