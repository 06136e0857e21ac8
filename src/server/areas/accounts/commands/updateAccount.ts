import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { revokeAllSessions } from '../../auth/sessions';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { accounts } from '../../../platform/db/schema/index';
import { unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { LAST_ADMIN_ROLE } from '../../../access/roles';
import { auditedAccount, presentAccount } from '../presenter';
import { countActiveParkAdmins, loadAccountSubject } from '../queries';

import { type AccountView } from '../../../../common/contracts/accounts';

import { loadManageable } from '../reads';

export async function updateAccount(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: { displayName?: string; disabled?: boolean; email?: string | null },
): Promise<AccountView> {
  return db.transaction(async (tx) => {
    const { row, grants } = await loadManageable(tx, actor, id);
    const before = presentAccount(row, grants);
    const patch: Partial<typeof accounts.$inferInsert> = {};
    if (input.displayName !== undefined && input.displayName !== row.displayName)
      patch.displayName = input.displayName;
    if (input.email !== undefined && input.email !== row.email) patch.email = input.email;
    let sessionsEnded: number | undefined;
    if (input.disabled === true && !row.disabledAt) {
      if (id === actor.accountId)
        throw unprocessable('CANNOT_DISABLE_SELF', '不能停用自己的账号', { disabled: '不能停用自己的账号' });
      if (
        grants.some((g) => g.role === LAST_ADMIN_ROLE) &&
        (await countActiveParkAdmins(tx, actor.parkId, { accountId: id })) === 0
      ) {
        throw unprocessable('LAST_PARK_ADMIN', '这是园区最后一个管理员账号，不能停用');
      }
      patch.disabledAt = new Date();
    } else if (input.disabled === false && row.disabledAt) {
      patch.disabledAt = null;
    }
    if (Object.keys(patch).length === 0) return before;
    await tx
      .update(accounts)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(accounts.id, id));
    if (patch.disabledAt) sessionsEnded = await revokeAllSessions(tx, id);
    const loaded = await loadAccountSubject(tx, actor.parkId, id);
    const after = presentAccount(loaded!.row, loaded!.grants);
    await audit(tx, ctx, {
      action: 'accounts.account.update',
      entityType: 'account',
      entityId: id,
      before: auditedAccount(before),
      after: { ...auditedAccount(after), ...(sessionsEnded !== undefined ? { sessionsEnded } : {}) },
    });
    return after;
  });
}
