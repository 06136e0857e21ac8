import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { ARTICLE_STATUS_LABELS, type ArticleStatus } from './rules';
import { buildQuery, highlightSnippet, highlightText } from '../../platform/search/text';
import { sanitizedHtmlToText } from '../../platform/sanitize';
import type { Actor } from '../../access/actor';
import { articleListScope } from './policy';
import { segment } from '../../platform/search/segmenter';

/**
 * Console search: the same Chinese terms as the public search (platform/search/text.ts), over every
 * article the actor's scope reaches, drafts included.
 *
 * Order: title hits first, then by relevance (ts_rank), then newest — computed for a bounded
 * candidate set, not for every match, because a common two-word query (「党建 学习」) matches every
 * article and ranking reads each match's ~20 KB vector (TOASTed: ~25 µs each to fetch and
 * decompress on PostgreSQL, more on PGlite). Measured on 5,000 articles with 1,500-character bodies
 * (2 cores, native PostgreSQL, warm): ranking and counting every match 150–240 ms per query; the
 * plan below ~2–5 ms. How:
 *
 * 1. `hits`, `matches`: every match through the GIN index on `terms_tsv`. A query without weights
 *    needs no recheck, so the bitmap scan reads only the small heap rows, never a vector. The
 *    planner is kept from any other plan (withoutSeqScan; the filters apply to the materialized
 *    hits, so no btree index competes: PGlite otherwise took the status index and tested `@@` on
 *    every published row, 250 ms for 1,000 articles). Title hits come from the title
 *    vector's own GIN index (`title_tsv`, hashed once per query): no vector read per match either.
 * 2. `candidates`: the first RANKED_CANDIDATES matches by (title hit, newest) — title hits, then the
 *    newest body hits — and only these read the wide vector, once each, for ts_rank.
 * 3. The result: the candidates by (title hit, rank, newest), then every other match by (title hit,
 *    newest). A query matching at most RANKED_CANDIDATES articles (any specific query) is ranked
 *    exactly as before; for a broader one the first pages are the most relevant of the newest
 *    matches, and later pages newest first.
 * 4. The count comes from the same visit of the matches (no second scan, no window over every
 *    row): exact up to COUNT_BOUND, above it rounded to two significant figures and marked
 *    `totalExact: false`, which the console and the public page show as 「约 N 条」.
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
  /** ts_rank; 0 for a hit beyond the ranked candidates (ordered by date). */
  rank: number;
}

export interface SearchResult {
  items: SearchHit[];
  /** Exact when totalExact; otherwise the count rounded (shown as 「约 N 条」). */
  total: number;
  totalExact: boolean;
  page: number;
  pageSize: number;
}

/**
 * How many matches are ranked by relevance (each reads its wide vector once): two public pages.
 * Ranking is the dearest step on PGlite (measured, loaded 2-core machine: ~10 ms for 60 candidates
 * against ~4 ms for finding all 1,000 matches), so the set is kept small.
 */
export const RANKED_CANDIDATES = 30;
/** Counts up to this are shown exactly; above, as 「约 N 条」. */
export const COUNT_BOUND = 1000;

/**
 * The count as shown: exact up to COUNT_BOUND, else rounded to two significant figures (「约 5,000
 * 条」). Pagers count pages from it; any page can still be asked for, and one past the end is empty.
 */
export function shownTotal(count: number): { total: number; totalExact: boolean } {
  if (count <= COUNT_BOUND) return { total: count, totalExact: true };
  const unit = 10 ** (Math.floor(Math.log10(count)) - 1);
  return { total: Math.round(count / unit) * unit, totalExact: false };
}

export async function searchArticlesInPark(
  db: Db,
  parkId: string,
  scope: { all: true } | { all: false; schoolIds: string[] },
  q: ConsoleSearchQuery,
): Promise<SearchResult> {
  const query = buildQuery(q.q, segment);
  const empty = { items: [], total: 0, totalExact: true, page: q.page, pageSize: q.pageSize };
  if (!query.tsquery) return empty;
  if (!scope.all && !scope.schoolIds.length) return empty;
  const tsq = sql`${query.tsquery}::tsquery`;
  // Applied to the index's hits (below), never beside the `@@`, so no other index competes with it.
  const where = sql`a.park_id = ${parkId}
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
  const offset = (q.page - 1) * q.pageSize;
  const upTo = offset + q.pageSize;
  const restLimit = Math.max(0, upTo - RANKED_CANDIDATES);
  // One statement: the matches are visited once (materialized), the candidates ranked, the page
  // cut from the whole order (`n`: the ranked candidates first, then the other matches by title
  // hit and date), and only the page's rows read in full.
  const byDate = (t: string) =>
    sql.raw(`${t}.title_hit desc, ${t}.published_at desc nulls last, ${t}.updated_at desc, ${t}.id`);
  const rows = await withoutSeqScan(db, (tx) =>
    queryRows<{
      id: string;
      title: string;
      summary: string | null;
      body_html: string;
      status: ArticleStatus;
      school_id: string | null;
      published_at: Date | string | null;
      updated_at: Date | string;
      title_hit: boolean;
      rank: number | null;
      total: number;
    }>(
      tx,
      sql`with hits as materialized (
          select a.id, a.park_id, a.status, a.school_id, a.published_at, a.updated_at
          from portal_articles a
          where a.terms_tsv @@ ${tsq}
        ),
        matches as materialized (
          select a.id, a.published_at, a.updated_at,
            a.id in (select t.id from portal_articles t where t.park_id = ${parkId} and t.title_tsv @@ ${tsq})
              as title_hit
          from hits a
          where ${where}
        ),
        candidates as materialized (
          select m.*, (select ts_rank(r.terms_tsv, ${tsq}) from portal_articles r where r.id = m.id) as rank
          from (select * from matches m order by ${byDate('m')} limit ${sql.raw(String(RANKED_CANDIDATES))}) m
        ),
        ordered as (
          select c.id, c.title_hit, c.rank,
            row_number() over (order by c.title_hit desc, c.rank desc, c.published_at desc nulls last,
              c.updated_at desc, c.id) as n
          from candidates c
          union all
          select rest.id, rest.title_hit, null::real,
            ${sql.raw(String(RANKED_CANDIDATES))} + row_number() over (order by ${byDate('rest')}) as n
          from (
            select m.* from matches m
            where not exists (select 1 from candidates c where c.id = m.id)
            order by ${byDate('m')}
            limit ${sql.raw(String(restLimit))}
          ) rest
        )
        select a.id, a.title, a.summary, a.body_html, a.status, a.school_id, a.published_at, a.updated_at,
          p.title_hit, p.rank, (select count(*) from matches)::int as total
        from ordered p
        join portal_articles a on a.id = p.id
        where p.n > ${sql.raw(String(offset))} and p.n <= ${sql.raw(String(upTo))}
        order by p.n`,
    ),
  );
  let count = Number(rows[0]?.total ?? 0);
  if (!rows.length && q.page > 1) {
    // A page past the end: the count alone (the index again, no vector read).
    const [c] = await withoutSeqScan(db, (tx) =>
      queryRows<{ n: number }>(
        tx,
        sql`with hits as materialized (select a.* from portal_articles a where a.terms_tsv @@ ${tsq})
          select count(*)::int as n from hits a where ${where}`,
      ),
    );
    count = Number(c?.n ?? 0);
  }
  const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      titleHtml: highlightText(r.title, query.highlight),
      snippetHtml: highlightSnippet(
        [r.summary, sanitizedHtmlToText(r.body_html)].filter(Boolean).join(' '),
        query.highlight,
        140,
      ),
      status: r.status,
      statusLabel: ARTICLE_STATUS_LABELS[r.status],
      schoolId: r.school_id,
      publishedAt: toIso(r.published_at),
      updatedAt: toIso(r.updated_at)!,
      titleHit: r.title_hit,
      rank: Number(r.rank ?? 0),
    })),
    ...shownTotal(count),
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * Runs `fn` in a transaction whose planner never picks a sequential scan of the articles: for a
 * common term it would test `@@` on every row's TOASTed vector (fetch and decompress ~20 KB each),
 * where the GIN bitmap reads none. Statistics target 0 on the vectors (migration 0012_search.sql)
 * is enough for PostgreSQL 15 on 5,000 articles, but PGlite's planner (PostgreSQL 17) still costs
 * the sequential scan lower on a small table (measured: 489 ms against ~2 ms on 1,000 articles),
 * and the cost model does not know about de-TOASTing. `set local` ends with the transaction.
 */
async function withoutSeqScan<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    return fn(tx);
  });
}

export function searchConsole(db: Db, actor: Actor, q: ConsoleSearchQuery) {
  return searchArticlesInPark(db, actor.parkId, articleListScope(actor), q);
}
