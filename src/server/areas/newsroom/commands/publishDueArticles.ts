import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import type { RequestContext } from '../../../context';
import { notify } from '../../notifications/service';
import { notifyPortalChanged } from '../events';
import { consoleLink, recordTransition } from './articleWrites';
import { articleRowColumns } from '../queries/articles';

/**
 * Publishes every scheduled article whose time has come. Safe with several app instances on one
 * database: the UPDATE … WHERE status = 'scheduled' claims each row once (a second instance's UPDATE
 * waits on the row lock, then finds it no longer scheduled). Returns the ids published.
 */
export async function publishDueArticles(
  db: Db,
  ctx: RequestContext,
  /** Defaults to the database's clock. */
  now?: Date,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(portalArticles)
      .set({ status: 'published', updatedAt: sql`now()` })
      .where(
        and(
          eq(portalArticles.status, 'scheduled'),
          sql`${portalArticles.publishAt} <= coalesce(${now?.toISOString() ?? null}::timestamptz, now())`,
        ),
      )
      .returning(articleRowColumns);
    const parks = new Set<string>();
    for (const after of rows) {
      parks.add(after.parkId);
      await recordTransition(tx, ctx, { ...after, status: 'scheduled' }, after, 'publishDue', null, null);
      const targets = [after.createdBy, after.submittedBy].filter((x): x is string => !!x);
      await notify(tx, {
        parkId: after.parkId,
        accountIds: targets,
        kind: 'portal.published',
        title: `已发布：《${after.title}》`,
        body: '定时发布已完成。',
        link: consoleLink(after.id),
      });
    }
    for (const p of parks) await notifyPortalChanged(tx, p);
    return rows.map((r) => r.id);
  });
}
