import { count, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalColumns } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { conflict, forbidden } from '../../../errors';
import { portalArticleColumns } from '../../../platform/db/schema/index';
import { getColumn } from '../queries/columns';

/** Deletes an empty column; one that still holds articles is refused. */
export async function deleteColumn(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  await db.transaction(async (tx) => {
    const before = await getColumn(tx, actor, id);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(portalArticleColumns)
      .where(eq(portalArticleColumns.columnId, id));
    if (n > 0)
      throw conflict('COLUMN_NOT_EMPTY', `栏目「${before.name}」下还有 ${n} 篇文章，请先移出或改为隐藏`);
    await tx.delete(portalColumns).where(eq(portalColumns.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.column.delete',
      entityType: 'portalColumn',
      entityId: id,
      before,
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
}
