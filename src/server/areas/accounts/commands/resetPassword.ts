import { eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import { acceptableGenerated, hashPassword } from '../../auth/passwords';
import { revokeAllSessions } from '../../auth/sessions';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { accounts } from '../../../platform/db/schema/index';
import type { Actor } from '../../../access/actor';
import { generateTemporaryPassword } from '../temporaryPassword';

import { loadManageable } from '../reads';

export async function resetPassword(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  // Read first (outside the transaction, which is not held open while hashing) for the login names
  // the new password may not contain; the transaction checks the account again.
  const { row } = await loadManageable(db, actor, id);
  const temporaryPassword = acceptableGenerated(generateTemporaryPassword, [row.username, row.personNumber]);
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    await loadManageable(tx, actor, id);
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), updatedAt: new Date() })
      .where(eq(accounts.id, id));
    const sessionsEnded = await revokeAllSessions(tx, id);
    // The new password itself never reaches the audit trail.
    await audit(tx, ctx, {
      action: 'accounts.account.resetPassword',
      entityType: 'account',
      entityId: id,
      after: { mustChangePassword: true, sessionsEnded },
    });
  });
  return { temporaryPassword };
}
