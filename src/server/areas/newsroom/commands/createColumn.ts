import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalColumns } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { conflict, forbidden } from '../../../errors';
import type { ColumnInput } from '../../../../common/contracts/newsroom';
import { RESERVED_SLUGS } from '../columns';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { presentColumn } from '../presenter';

/** A column's path is unique in the park and not one the site keeps for itself. */
export async function assertSlugFree(db: Db, parkId: string, slug: string, exceptId?: string) {
  if (RESERVED_SLUGS.has(slug)) {
    throw conflict('SLUG_RESERVED', `「${slug}」为系统保留路径，请换一个`, { slug: '该路径为系统保留' });
  }
  const [dup] = await db
    .select({ id: portalColumns.id })
    .from(portalColumns)
    .where(
      and(
        eq(portalColumns.parkId, parkId),
        eq(portalColumns.slug, slug),
        exceptId ? sql`${portalColumns.id} <> ${exceptId}` : undefined,
      ),
    );
  if (dup) throw conflict('SLUG_TAKEN', `路径「${slug}」已被其他栏目使用`, { slug: '路径已被使用' });
}

export async function createColumn(db: Db, ctx: RequestContext, actor: Actor, input: ColumnInput) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  return db.transaction(async (tx) => {
    await assertSlugFree(tx, actor.parkId, input.slug);
    const [c] = await tx
      .insert(portalColumns)
      .values({
        parkId: actor.parkId,
        name: input.name,
        slug: input.slug,
        kind: input.kind,
        sortOrder: input.sortOrder ?? 0,
        visible: input.visible ?? true,
        description: input.description ?? null,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.column.create',
      entityType: 'portalColumn',
      entityId: c!.id,
      after: c,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return presentColumn(c!);
  });
}
