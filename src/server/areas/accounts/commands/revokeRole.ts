import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { roleAssignments } from '../../../platform/db/schema/index';
import { forbidden, notFound, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canRevokeRole, isOwnLastParkAdminGrant } from '../policy';
import { LAST_ADMIN_ROLE, type Role } from '../../../access/roles';
import { countActiveParkAdmins } from '../queries';

import { loadReadable } from '../reads';

export async function revokeRole(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  accountId: string,
  grantId: string,
) {
  await db.transaction(async (tx) => {
    const { row, subject, grants } = await loadReadable(tx, actor, accountId);
    const grant = grants.find((g) => g.id === grantId);
    if (!grant) throw notFound('该账号没有这个角色');
    const role = grant.role as Role;
    if (!canRevokeRole(actor, { role, parkId: actor.parkId, scopePath: grant.scopePath }, subject)) {
      throw forbidden('没有权限撤销此角色');
    }
    const ownParkAdminGrants = grants.filter((g) => g.role === LAST_ADMIN_ROLE).length;
    if (isOwnLastParkAdminGrant(actor, accountId, { role }, ownParkAdminGrants)) {
      throw unprocessable('LAST_PARK_ADMIN', '不能撤销自己唯一的园区管理员角色，请由其他园区管理员操作');
    }
    if (role === LAST_ADMIN_ROLE && (await countActiveParkAdmins(tx, actor.parkId, { grantId })) === 0) {
      throw unprocessable('LAST_PARK_ADMIN', '园区至少要保留一名管理员');
    }
    await tx.delete(roleAssignments).where(eq(roleAssignments.id, grantId));
    await audit(tx, ctx, {
      action: 'accounts.role.revoke',
      entityType: 'account',
      entityId: accountId,
      before: {
        grantId,
        username: row.username,
        role,
        scopeNodeId: grant.scopeNodeId,
        scopeName: grant.scopeName,
      },
    });
  });
}
