import { and, asc, count, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticleColumns, portalColumns } from '../../../platform/db/schema/index';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { ensureDefaultColumns } from '../columns';
import { canUseNewsroom } from '../policy';
import { presentColumn, type ColumnRow } from '../presenter';

/** The park's columns in order, with how many articles each holds (the defaults on first use). */
export async function listColumns(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  await ensureDefaultColumns(db, actor.parkId);
  const rows = await db
    .select()
    .from(portalColumns)
    .where(eq(portalColumns.parkId, actor.parkId))
    .orderBy(asc(portalColumns.sortOrder), asc(portalColumns.name));
  const counts = await db
    .select({ columnId: portalArticleColumns.columnId, n: count() })
    .from(portalArticleColumns)
    .where(eq(portalArticleColumns.parkId, actor.parkId))
    .groupBy(portalArticleColumns.columnId);
  const byId = new Map(counts.map((c) => [c.columnId, c.n]));
  return rows.map((c) => presentColumn(c, byId.get(c.id)));
}

export async function getColumn(db: Db, actor: Actor, id: string): Promise<ColumnRow> {
  const [c] = await db
    .select()
    .from(portalColumns)
    .where(and(eq(portalColumns.id, id), eq(portalColumns.parkId, actor.parkId)));
  if (!c) throw notFound('栏目不存在');
  return c;
}
