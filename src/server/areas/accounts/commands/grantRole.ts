import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { orgNodes, roleAssignments } from '../../../platform/db/schema/index';
import { ORG_KIND_LABELS, type OrgKind } from '../../../../common/orgTree';
import { conflict, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canGrantRole, roleFitsNode } from '../policy';
import { ROLE_LABELS, ROLE_SCOPE_KINDS, type Role } from '../../../access/roles';
import { presentGrant } from '../presenter';

import { loadReadable } from '../reads';

const kindList = (kinds: readonly string[]) =>
  kinds.map((k) => ORG_KIND_LABELS[k as OrgKind] ?? k).join('或');

export async function grantRole(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
  input: { role: Role; scopeNodeId: string },
) {
  return db.transaction(async (tx) => {
    const { row, subject } = await loadReadable(tx, actor, accountId);
    const [node] = await tx
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.scopeNodeId), eq(orgNodes.parkId, actor.parkId)));
    const label = ROLE_LABELS[input.role];
    const expected = kindList(ROLE_SCOPE_KINDS[input.role]);
    if (!node) {
      throw unprocessable('INVALID_ROLE_SCOPE', '所选范围节点不存在', { scopeNodeId: '所选节点不存在' });
    }
    if (node.disabledAt) {
      throw unprocessable('INVALID_ROLE_SCOPE', `「${node.name}」已停用，不能在其上分配角色`, {
        scopeNodeId: '所选节点已停用',
      });
    }
    if (!roleFitsNode(input.role, node.kind)) {
      const actual = ORG_KIND_LABELS[node.kind as OrgKind] ?? node.kind;
      throw unprocessable(
        'INVALID_ROLE_SCOPE',
        `「${label}」角色只能分配在${expected}节点上，「${node.name}」是${actual}`,
        { scopeNodeId: `${label}的范围须为${expected}` },
      );
    }
    if (!canGrantRole(actor, input.role, node, subject)) throw forbidden('没有权限分配此角色');
    const [dup] = await tx
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.accountId, accountId),
          eq(roleAssignments.role, input.role),
          eq(roleAssignments.scopeNodeId, node.id),
        ),
      );
    if (dup) {
      throw conflict('ROLE_ALREADY_GRANTED', `该账号已在「${node.name}」拥有「${label}」角色`, {
        role: '已拥有该角色',
      });
    }
    const [inserted] = await tx
      .insert(roleAssignments)
      .values({ parkId: actor.parkId, accountId, role: input.role, scopeNodeId: node.id })
      .returning();
    const grant = presentGrant({
      id: inserted!.id,
      accountId,
      role: input.role,
      scopeNodeId: node.id,
      scopeName: node.name,
      scopeKind: node.kind,
      scopePath: node.path,
      scopeDisabledAt: null,
    });
    await audit(tx, ctx, {
      action: 'accounts.role.grant',
      entityType: 'account',
      entityId: accountId,
      after: {
        grantId: grant.id,
        username: row.username,
        role: grant.role,
        scopeNodeId: node.id,
        scopeName: node.name,
      },
    });
    return grant;
  });
}
