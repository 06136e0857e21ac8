import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { accounts } from '../../platform/db/schema/index';
import type { Actor } from '../../access/actor';

/** The actor's own notification email. */
export async function ownEmail(db: Db, actor: Actor) {
  const [row] = await db
    .select({ email: accounts.email })
    .from(accounts)
    .where(eq(accounts.id, actor.accountId));
  return { email: row?.email ?? null };
}
