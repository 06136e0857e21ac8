import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { donationDrives, donationEntries } from '../../../platform/db/schema/index';
import { conflict, notFound } from '../../../errors';
import { driveClosed, ENTRY_IMMUTABLE_MESSAGE } from '../errors';
import { canReadEntry } from '../policy';
import { entryFacts } from '../presenter';

/** Entries are never edited or deleted: this explains why, with the right code (409). */
export async function refuseEntryChange(db: Db, actor: Actor, entryId: string): Promise<never> {
  const [entry] = await db
    .select({ e: donationEntries, status: donationDrives.status })
    .from(donationEntries)
    .innerJoin(donationDrives, eq(donationDrives.id, donationEntries.driveId))
    .where(and(eq(donationEntries.id, entryId), eq(donationEntries.parkId, actor.parkId)));
  if (!entry || !canReadEntry(actor, entryFacts(entry.e))) throw notFound('捐款记录不存在');
  if (entry.status === 'closed') throw driveClosed();
  throw conflict('ENTRY_IMMUTABLE', ENTRY_IMMUTABLE_MESSAGE);
}
