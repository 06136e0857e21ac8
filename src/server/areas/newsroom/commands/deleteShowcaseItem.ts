import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { showcaseItems } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { forbidden, notFound } from '../../../errors';

export async function deleteShowcaseItem(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  await db.transaction(async (tx) => {
    const [before] = await tx
      .delete(showcaseItems)
      .where(and(eq(showcaseItems.id, id), eq(showcaseItems.parkId, actor.parkId)))
      .returning();
    if (!before) throw notFound('橱窗条目不存在');
    await audit(tx, ctx, {
      action: 'newsroom.showcase.delete',
      entityType: 'showcaseItem',
      entityId: id,
      before,
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
}
