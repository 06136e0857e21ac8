import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { mediaFiles } from '../../../platform/db/schema/index';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import type { MediaPurpose } from '../../../../common/contracts/newsroom';
import { canUseNewsroom } from '../policy';
import { presentMedia, type MediaRow } from '../presenter';

export async function listMedia(
  db: Db,
  actor: Actor,
  opts: { purpose?: MediaPurpose; page: number; pageSize: number },
) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const where = and(
    eq(mediaFiles.parkId, actor.parkId),
    opts.purpose ? eq(mediaFiles.purpose, opts.purpose) : undefined,
  );
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select()
      .from(mediaFiles)
      .where(where)
      .orderBy(desc(mediaFiles.createdAt))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(mediaFiles)
      .where(where),
  ]);
  return { items: rows.map(presentMedia), total, page: opts.page, pageSize: opts.pageSize };
}

/** A media row of the actor's park (404 otherwise). */
export async function getMediaForPark(db: Db, parkId: string, id: string): Promise<MediaRow> {
  const [m] = await db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, id), eq(mediaFiles.parkId, parkId)));
  if (!m) throw notFound('文件不存在');
  return m;
}

/** For serving: any park's media by id (URLs are unguessable ids; see the report on access). */
export async function findMedia(db: Db, id: string): Promise<MediaRow | null> {
  const [m] = await db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
  return m ?? null;
}
