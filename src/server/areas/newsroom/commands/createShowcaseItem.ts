import type { Db } from '../../../platform/db/client';
import { showcaseItems } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { canManageSite } from '../policy';
import { notifyPortalChanged } from '../events';
import { forbidden } from '../../../errors';
import type { ShowcaseInput } from '../../../../common/contracts/newsroom';
import { presentShowcaseRows } from '../queries/showcase';
import { validateShowcase } from './showcaseChecks';

export async function createShowcaseItem(db: Db, ctx: RequestContext, actor: Actor, input: ShowcaseInput) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理宣传橱窗');
  return db.transaction(async (tx) => {
    const { startsAt, endsAt } = await validateShowcase(tx, actor, input);
    const [row] = await tx
      .insert(showcaseItems)
      .values({
        parkId: actor.parkId,
        kind: input.kind,
        articleId: input.kind === 'article' ? input.articleId! : null,
        mediaId: input.mediaId ?? null,
        title: input.title ?? null,
        caption: input.caption ?? null,
        sortOrder: input.sortOrder ?? 0,
        durationSeconds: input.durationSeconds ?? 12,
        active: input.active ?? true,
        startsAt,
        endsAt,
        createdBy: actor.accountId,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.showcase.create',
      entityType: 'showcaseItem',
      entityId: row!.id,
      after: row,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return (await presentShowcaseRows(tx, [row!]))[0]!;
  });
}
