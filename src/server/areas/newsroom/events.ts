import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';

/**
 * "Something the public site shows has changed" — sent with PostgreSQL NOTIFY inside the
 * transaction that makes the change, so every app instance sharing the database hears it exactly
 * when (and only if) the change commits. The payload is the park id. The public site's page cache
 * (src/server/areas/site/cache.ts) listens on this channel and drops that park's pages.
 */
export const PORTAL_CHANNEL = 'portal_changed';

export async function notifyPortalChanged(tx: Db, parkId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${PORTAL_CHANNEL}, ${parkId})`);
}
