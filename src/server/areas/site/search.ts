import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { searchArticlesInPark } from '../newsroom/search';
import { PAGE_SIZE } from './queries';
import type { SiteContext } from './render/layout';

/**
 * Public search: the newsroom's Chinese full-text search (newsroom/search.ts) limited to
 * published articles, with the column each hit is shown under. Titles and snippets come back as
 * escaped HTML with <mark>s around the hits (platform/search/text.ts escapes them).
 */

export interface SearchHitView {
  id: string;
  titleHtml: string;
  snippetHtml: string;
  publishedAt: Date;
  columnName: string | null;
  schoolName: string | null;
}

export async function searchArticles(
  db: Db,
  site: SiteContext,
  opts: { q: string; columnId: string | null; schoolId: string | null; page: number },
): Promise<{ total: number; hits: SearchHitView[] }> {
  const found = await searchArticlesInPark(
    db,
    site.parkId,
    { all: true },
    {
      q: opts.q,
      columnId: opts.columnId ?? undefined,
      schoolId: opts.schoolId ?? undefined,
      publishedOnly: true,
      page: opts.page,
      pageSize: PAGE_SIZE,
    },
  );
  const ids = found.items.map((h) => h.id);
  const links = ids.length
    ? await queryRows<{ article_id: string; column_id: string }>(
        db,
        sql`select article_id, column_id from portal_article_columns
            where article_id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
      )
    : [];
  return {
    total: found.total,
    hits: found.items.map((h) => {
      // The first visible column (site.columns is in column order) the article is in.
      const mine = new Set(links.filter((l) => l.article_id === h.id).map((l) => l.column_id));
      return {
        id: h.id,
        titleHtml: h.titleHtml,
        snippetHtml: h.snippetHtml,
        publishedAt: new Date(h.publishedAt ?? h.updatedAt),
        columnName: site.columns.find((c) => mine.has(c.id))?.name ?? null,
        schoolName: site.schools.find((s) => s.id === h.schoolId)?.name ?? null,
      };
    }),
  };
}
