import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { showcaseItems } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { forbidden, notFound } from '../../../errors';
import type { ShowcaseInput, ShowcasePatch } from '../../../../common/contracts/newsroom';
import { presentShowcaseRows } from '../queries/showcase';
import { validateShowcase } from './showcaseChecks';

export async function updateShowcaseItem(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: ShowcasePatch,
) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(showcaseItems)
      .where(and(eq(showcaseItems.id, id), eq(showcaseItems.parkId, actor.parkId)));
    if (!before) throw notFound('橱窗条目不存在');
    const merged: ShowcaseInput = {
      kind: (input.kind ?? before.kind) as 'article' | 'photo',
      articleId: input.articleId === undefined ? before.articleId : input.articleId,
      mediaId: input.mediaId === undefined ? before.mediaId : input.mediaId,
      title: input.title === undefined ? before.title : input.title,
      caption: input.caption === undefined ? before.caption : input.caption,
      sortOrder: input.sortOrder ?? before.sortOrder,
      durationSeconds: input.durationSeconds ?? before.durationSeconds,
      active: input.active ?? before.active,
      startsAt: input.startsAt === undefined ? (before.startsAt?.toISOString() ?? null) : input.startsAt,
      endsAt: input.endsAt === undefined ? (before.endsAt?.toISOString() ?? null) : input.endsAt,
    };
    const { startsAt, endsAt } = await validateShowcase(tx, actor, merged);
    const [row] = await tx
      .update(showcaseItems)
      .set({
        kind: merged.kind,
        articleId: merged.kind === 'article' ? merged.articleId! : null,
        mediaId: merged.mediaId ?? null,
        title: merged.title ?? null,
        caption: merged.caption ?? null,
        sortOrder: merged.sortOrder!,
        durationSeconds: merged.durationSeconds!,
        active: merged.active!,
        startsAt,
        endsAt,
        updatedAt: sql`now()`,
      })
      .where(eq(showcaseItems.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.showcase.update',
      entityType: 'showcaseItem',
      entityId: id,
      before,
      after: row,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return (await presentShowcaseRows(tx, [row!]))[0]!;
  });
}
