import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { portalArticles, showcaseItems } from '../../../platform/db/schema/index';
import { forbidden } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canUseNewsroom } from '../policy';
import { presentShowcaseItem, type ShowcaseRow } from '../presenter';

/**
 * 宣传橱窗 items: chosen articles and photos, in order, each active within an optional window.
 * The public /showcase page (src/server/areas/site) reads them itself.
 */
export async function presentShowcaseRows(db: Db, rows: ShowcaseRow[]) {
  const articleIds = rows.map((r) => r.articleId).filter((x): x is string => !!x);
  const articles = articleIds.length
    ? await db
        .select({
          id: portalArticles.id,
          title: portalArticles.title,
          status: portalArticles.status,
          cover: portalArticles.coverMediaId,
        })
        .from(portalArticles)
        .where(inArray(portalArticles.id, articleIds))
    : [];
  const byId = new Map(articles.map((a) => [a.id, a]));
  return rows.map((r) => presentShowcaseItem(r, r.articleId ? byId.get(r.articleId) : undefined));
}

export async function listShowcase(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const rows = await db
    .select()
    .from(showcaseItems)
    .where(eq(showcaseItems.parkId, actor.parkId))
    .orderBy(asc(showcaseItems.sortOrder), asc(showcaseItems.createdAt));
  return presentShowcaseRows(db, rows);
}
