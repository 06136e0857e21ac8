import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalColumns } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { forbidden } from '../../../errors';
import type { ColumnPatch } from '../../../../common/contracts/newsroom';
import { presentColumn } from '../presenter';
import { getColumn } from '../queries/columns';
import { assertSlugFree } from './createColumn';

export async function updateColumn(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: ColumnPatch,
) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  return db.transaction(async (tx) => {
    const before = await getColumn(tx, actor, id);
    if (input.slug !== undefined && input.slug !== before.slug)
      await assertSlugFree(tx, actor.parkId, input.slug, id);
    const [c] = await tx
      .update(portalColumns)
      .set({
        name: input.name ?? before.name,
        slug: input.slug ?? before.slug,
        kind: input.kind ?? before.kind,
        sortOrder: input.sortOrder ?? before.sortOrder,
        visible: input.visible ?? before.visible,
        description: input.description === undefined ? before.description : input.description,
        updatedAt: sql`now()`,
      })
      .where(eq(portalColumns.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.column.update',
      entityType: 'portalColumn',
      entityId: id,
      before,
      after: c,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return presentColumn(c!);
  });
}
