import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { accounts } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';

/** Sets (or clears, with null) the actor's own notification email; an unchanged address writes nothing. */
export async function changeOwnEmail(db: Db, ctx: RequestContext, actor: Actor, email: string | null) {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ email: accounts.email })
      .from(accounts)
      .where(eq(accounts.id, actor.accountId));
    if ((before?.email ?? null) === email) return { email };
    await tx.update(accounts).set({ email, updatedAt: new Date() }).where(eq(accounts.id, actor.accountId));
    await audit(tx, ctx, {
      action: 'auth.email.change',
      entityType: 'account',
      entityId: actor.accountId,
      before: { email: before?.email ?? null },
      after: { email },
    });
    return { email };
  });
}
