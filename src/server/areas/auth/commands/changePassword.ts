import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { accounts, people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { badRequest } from '../../../errors';
import { checkNewPassword, hashPassword, verifyPassword } from '../passwords';
import { revokeAllSessions } from '../sessions';

/**
 * Changes the actor's own password after checking the current one; clears a forced change and
 * signs out every other device that was signed in with the old password.
 */
export async function changeOwnPassword(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  currentSessionHash: string | undefined,
) {
  const [row] = await db
    .select({ passwordHash: accounts.passwordHash, username: accounts.username, number: people.number })
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(eq(accounts.id, actor.accountId));
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw badRequest('WRONG_PASSWORD', '当前密码不正确', { currentPassword: '当前密码不正确' });
  }
  if (input.currentPassword === input.newPassword) {
    throw badRequest('PASSWORD_UNCHANGED', '新密码不能与当前密码相同', {
      newPassword: '新密码不能与当前密码相同',
    });
  }
  checkNewPassword(input.newPassword, [row.username, row.number], 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(accounts.id, actor.accountId));
    await revokeAllSessions(tx, actor.accountId, currentSessionHash);
    await audit(tx, ctx, {
      action: 'auth.password.change',
      entityType: 'account',
      entityId: actor.accountId,
    });
  });
}
