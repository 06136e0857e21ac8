import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { ARTICLE_STATUS_LABELS, type ArticleStatus } from './rules';
import { buildQuery, highlightSnippet, highlightText } from '../../platform/search/text';
import { htmlToText } from '../../platform/sanitize';
import type { Actor } from '../../access/actor';
import { articleListScope } from './policy';
import { segment } from '../../platform/search/segmenter';

/**
 * Console search: the same Chinese terms as the public search (platform/search/text.ts), over every
 * article the actor's scope reaches, drafts included. Title hits first, then ts_rank, then newest.
 */
export interface ConsoleSearchQuery {
  q: string;
  status?: ArticleStatus;
  columnId?: string;
  schoolId?: string;
  /** Only published (what the public sees). */
  publishedOnly?: boolean;
  page: number;
  pageSize: number;
}

export interface SearchHit {
  id: string;
  title: string;
  titleHtml: string;
  snippetHtml: string;
  status: ArticleStatus;
  statusLabel: string;
  schoolId: string | null;
  publishedAt: string | null;
  updatedAt: string;
  titleHit: boolean;
  rank: number;
}

export async function searchArticlesInPark(
  db: Db,
  parkId: string,
  scope: { all: true } | { all: false; schoolIds: string[] },
  q: ConsoleSearchQuery,
): Promise<{ items: SearchHit[]; total: number; page: number; pageSize: number }> {
  const query = buildQuery(q.q, segment);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (!query.tsquery || !query.titleTsquery) return empty;
  if (!scope.all && !scope.schoolIds.length) return empty;
  const where = sql`a.park_id = ${parkId}
    and a.search_tsv @@ ${query.tsquery}::tsquery
    ${
      scope.all
        ? sql``
        : sql`and a.school_id in (${sql.join(
            scope.schoolIds.map((s) => sql`${s}::uuid`),
            sql`, `,
          )})`
    }
    ${q.publishedOnly ? sql`and a.status = 'published'` : sql``}
    ${q.status ? sql`and a.status = ${q.status}` : sql``}
    ${q.schoolId ? sql`and a.school_id = ${q.schoolId}` : sql``}
    ${
      q.columnId
        ? sql`and exists (select 1 from portal_article_columns ac where ac.article_id = a.id and ac.column_id = ${q.columnId})`
        : sql``
    }`;
  const rows = await queryRows<{
    id: string;
    title: string;
    summary: string | null;
    body_html: string;
    status: ArticleStatus;
    school_id: string | null;
    published_at: Date | string | null;
    updated_at: Date | string;
    title_hit: boolean;
    rank: number;
    total: number;
  }>(
    db,
    sql`select a.id, a.title, a.summary, a.body_html, a.status, a.school_id, a.published_at, a.updated_at,
          (a.search_tsv @@ ${query.titleTsquery}::tsquery) as title_hit,
          ts_rank(a.search_tsv, ${query.tsquery}::tsquery) as rank,
          count(*) over ()::int as total
        from portal_articles a
        where ${where}
        order by title_hit desc, rank desc, a.published_at desc nulls last, a.updated_at desc, a.id
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      titleHtml: highlightText(r.title, query.highlight),
      snippetHtml: highlightSnippet(
        [r.summary, htmlToText(r.body_html)].filter(Boolean).join(' '),
        query.highlight,
        140,
      ),
      status: r.status,
      statusLabel: ARTICLE_STATUS_LABELS[r.status],
      schoolId: r.school_id,
      publishedAt: toIso(r.published_at),
      updatedAt: toIso(r.updated_at)!,
      titleHit: r.title_hit,
      rank: Number(r.rank),
    })),
    total: Number(rows[0]?.total ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export function searchConsole(db: Db, actor: Actor, q: ConsoleSearchQuery) {
  return searchArticlesInPark(db, actor.parkId, articleListScope(actor), q);
}
