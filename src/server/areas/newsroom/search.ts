import type { Db } from '../../platform/db/client';
import { executePrepared, prepared, type Arg } from '../../platform/db/prepared';
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
 * Order: title hits first, then by relevance (ts_rank), then newest (by the date a hit shows:
 * published, else last edited) — relevance computed for a bounded candidate set, not for every
 * match, because a common two-word query (「党建 学习」) matches every article and reading a match's
 * ~20 KB vector (TOASTed, stored out of line) costs ~12 µs to test and as much again to rank. The work per query is kept
 * independent of how many articles match: measured on 5,000 articles with 1,500-character bodies
 * (2 cores, native PostgreSQL, warm) ranking and counting every match took 150–240 ms; visiting
 * every match once without ranking it still ~8 ms; the plans below ~2–3 ms. How:
 *
 * 1. `probe`: the matches counted up to COUNT_BOUND + 1 through the GIN index on `terms_tsv` (a
 *    query without weights needs no recheck, so the bitmap reads only heap rows, never a vector),
 *    and the newest title hits through the title vector's own GIN index (`title_tsv`).
 * 2. At most COUNT_BOUND matches (any specific query): every match is visited once through the GIN
 *    bitmap, the first RANKED_CANDIDATES by (title hit, newest) read their vector once for ts_rank,
 *    the count is exact. The planner is kept from other plans (sequential scans off; the filters apply
 *    to the materialized hits so no btree index competes: PGlite otherwise took the status index
 *    and tested `@@` on every published row).
 * 3. More (a broad query): the matches are found by walking the articles newest first
 *    (`portal_articles_search_date_idx`) and testing each row's vector until enough are found
 *    for the page (copying the vector once into a value both the test and ts_rank could share was
 *    tried: the copy costs more than the second read, 51 against ~23 µs a row). With more than
 *    COUNT_BOUND matches among N articles, a page ending at result k visits about k·N/count rows
 *    (≤ k·N/1,001), so the first pages cost ~40 vector reads for a query matching everything. The
 *    count is then estimated from the walk (matches per visited row × the articles in scope, the
 *    latter kept for a minute) and shown as 「约 N 条」 (`totalExact: false`).
 * 4. The ranked candidates: the newest RANKED_CANDIDATES title hits, topped up with the newest body
 *    hits; every other match follows by (title hit, newest). A query matching at most
 *    RANKED_CANDIDATES articles is ranked exactly.
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
  /** The columns the article is in (the public page shows the first visible one). */
  columnIds: string[];
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

interface PageRow {
  id: string;
  title: string;
  summary: string | null;
  body_html: string;
  status: ArticleStatus;
  school_id: string | null;
  published_at: Date | string | null;
  updated_at: Date | string;
}

/** The date a hit shows, newest first, then id: the order of `portal_articles_search_date_idx`. */
const NEWEST = (t: string) => `coalesce(${t}.published_at, ${t}.updated_at) desc, ${t}.id desc`;

interface SearchFilters {
  /** The schools the actor's scope reaches; null: all. */
  schoolIds: string[] | null;
  publishedOnly: boolean;
  status: ArticleStatus | null;
  schoolId: string | null;
  columnId: string | null;
}

/** The filters as arguments $2–$7 of SEARCH and SCOPE_COUNT. */
function filterArgs(parkId: string, f: SearchFilters): Arg[] {
  return [
    { uuid: parkId },
    { uuids: f.schoolIds },
    { text: f.publishedOnly ? 'published' : null },
    { text: f.status },
    { uuid: f.schoolId },
    { uuid: f.columnId },
  ];
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
  const filters: SearchFilters = {
    schoolIds: scope.all ? null : scope.schoolIds,
    publishedOnly: !!q.publishedOnly,
    status: q.status ?? null,
    schoolId: q.schoolId ?? null,
    columnId: q.columnId ?? null,
  };
  const offset = (q.page - 1) * q.pageSize;
  const upTo = offset + q.pageSize;
  const found = await findPage(db, query.tsquery, parkId, filters, offset, upTo);

  const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const total = found.exact ? { total: found.count, totalExact: true } : shownTotal(found.count);
  return {
    items: found.rows.map((r) => ({
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
      columnIds: r.column_ids,
    })),
    ...total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A row of findPage: the counts, and the page's article when the page has rows. */
type PageHit = PageRow & { title_hit: boolean; rank: number | null; column_ids: string[] };
/** A row of findPage: the counts on every row; the page's article (all null when none). */
type FoundRow = { probe: number; visited: number | null; walked: number } & (
  PageHit | { [K in keyof PageHit]: null }
);

/** The filters, as parameters: each is null when not asked for (the generic plan keeps them). */
const WHERE = `a.park_id = $2
  and ($3::uuid[] is null or a.school_id = any($3::uuid[]))
  and ($4::text is null or a.status = $4::text)
  and ($5::text is null or a.status = $5::text)
  and ($6::uuid is null or a.school_id = $6::uuid)
  and ($7::uuid is null or exists (
    select 1 from portal_article_columns ac where ac.article_id = a.id and ac.column_id = $7::uuid))`;

/**
 * The search, one statement whatever the query, prepared once per session (platform/db/prepared.ts:
 * planning this statement costs ~5 ms, more than running it). The probe's count chooses the plan
 * inside the statement (the other plan's steps are not run: their one-time filters are false),
 * and the page's rows come with the counts. $1 the terms, $2 the park, $3 the schools in scope
 * (null: all), $4 'published' for public searches, $5 a status asked for, $6 a school, $7 a
 * column, $8 the page's offset, $9 its end.
 */
const SEARCH = prepared(
  'search',
  ['tsquery', 'uuid', 'uuid[]', 'text', 'text', 'uuid', 'uuid', 'int', 'int'],
  `with probe as materialized (
          select count(*)::int as n from (
            select 1 from portal_articles a where a.terms_tsv @@ $1::tsquery and ${WHERE}
            limit ${COUNT_BOUND} + 1) x
        ),
        -- At most COUNT_BOUND matches: all of them through the GIN bitmap, materialized; the
        -- first RANKED_CANDIDATES by (title hit, newest) ranked, the rest by (title hit, newest).
        hits as materialized (
          select a.id, a.park_id, a.status, a.school_id, a.published_at, a.updated_at
          from portal_articles a
          where (select n from probe) <= ${COUNT_BOUND} and a.terms_tsv @@ $1::tsquery
        ),
        matches as materialized (
          select a.id, a.published_at, a.updated_at,
            a.id in (select t.id from portal_articles t where t.title_tsv @@ $1::tsquery) as title_hit
          from hits a
          where ${WHERE}
        ),
        candidates as materialized (
          select m.*, (select ts_rank(r.terms_tsv, $1::tsquery) from portal_articles r where r.id = m.id) as rank
          from (select * from matches m order by m.title_hit desc, ${NEWEST('m')} limit ${RANKED_CANDIDATES}) m
        ),
        ordered as (
          select c.id, c.title_hit, c.rank,
            row_number() over (order by c.title_hit desc, c.rank desc, ${NEWEST('c')}) as n
          from candidates c
          union all
          select rest.id, rest.title_hit, null::real, ${RANKED_CANDIDATES} + row_number() over (order by rest.title_hit desc, ${NEWEST('rest')}) as n
          from (
            select m.* from matches m
            where not exists (select 1 from candidates c where c.id = m.id)
            order by m.title_hit desc, ${NEWEST('m')}
            limit greatest(0, $9 - ${RANKED_CANDIDATES})
          ) rest
        ),
        -- More: the newest title hits through their own index, and the body hits by a walk of the
        -- articles newest first (the date index) testing each visited row's vector; the title hits
        -- pass without a vector read.
        titles as materialized (
          select a.id, coalesce(a.published_at, a.updated_at) as shown,
            row_number() over (order by ${NEWEST('a')}) as n
          from portal_articles a
          where (select n from probe) > ${COUNT_BOUND} and a.title_tsv @@ $1::tsquery and ${WHERE}
          order by ${NEWEST('a')}
          limit greatest(${RANKED_CANDIDATES}, $9)
        ),
        walked as materialized (
          select a.id, w.known, coalesce(a.published_at, a.updated_at) as shown,
            case when w.known then null else ts_rank(a.terms_tsv, $1::tsquery) end as rank
          from portal_articles a
          cross join lateral (select a.id in (select id from titles) as known offset 0) w
          -- ts_match_vq is what @@ calls; written as a function, no index can take it over.
          where (select n from probe) > ${COUNT_BOUND} and ${WHERE}
            and (w.known or ts_match_vq(a.terms_tsv, $1::tsquery))
          order by ${NEWEST('a')}
          -- At most what any page up to this one needs: a constant, so the planner walks the date
          -- index; rows are made only as far as the limit below asks.
          limit 2 * greatest(${RANKED_CANDIDATES}, $9)
        ),
        walk as (
          select * from walked
          -- Body hits needed (the candidates' top-up, the page's rest after the title hits), plus
          -- the title hits the walk passes on the way.
          limit (select greatest(${RANKED_CANDIDATES} - least(count(*), ${RANKED_CANDIDATES}), $9 - count(*), 1) + count(*)
                 from titles)
        ),
        -- How many rows the walk visited: those in scope from the newest down to its last match.
        visited as (
          select count(*)::int as n from portal_articles a
          where (select n from probe) > ${COUNT_BOUND} and ${WHERE}
            and (coalesce(a.published_at, a.updated_at), a.id)
              >= (select w.shown, w.id from walk w order by w.shown, w.id limit 1)
        ),
        -- The order of a broad query: the ranked title hits, the ranked body hits topping them up
        -- to RANKED_CANDIDATES, then the other title hits and the other body hits, newest first.
        body as (
          select w.*, row_number() over (order by w.shown desc, w.id desc) as bn from walk w where not w.known
        ),
        top_titles as (select least(count(*), ${RANKED_CANDIDATES}) as t from titles),
        broad as (
          select x.id, x.title_hit, x.rank,
            row_number() over (order by x.grp, x.rank desc nulls last, x.shown desc, x.id desc) as n
          from (
            select t.id, 1 as grp, true as title_hit,
              (select ts_rank(r.terms_tsv, $1::tsquery) from portal_articles r where r.id = t.id) as rank, t.shown
              from titles t where t.n <= ${RANKED_CANDIDATES}
            union all
            select b.id, 2, false, b.rank, b.shown from body b where b.bn <= ${RANKED_CANDIDATES} - (select t from top_titles)
            union all
            select t.id, 3, true, null, t.shown from titles t where t.n > ${RANKED_CANDIDATES}
            union all
            select b.id, 4, false, null, b.shown from body b where b.bn > ${RANKED_CANDIDATES} - (select t from top_titles)
          ) x
        ),
        page as (
          select id, title_hit, rank, n from ordered where n > $8 and n <= $9
          union all
          select id, title_hit, rank, n from broad where n > $8 and n <= $9
        )
      -- One row at least (the counts), the page's rows when there are any.
      select m.probe, m.visited, m.walked, a.id, a.title, a.summary, a.body_html, a.status, a.school_id,
        a.published_at, a.updated_at, p.title_hit, p.rank,
        array(select ac.column_id from portal_article_columns ac where ac.article_id = a.id)::text[] as column_ids
      from (select (select n from probe) as probe, (select n from visited) as visited,
              (select count(*)::int from walk) as walked) m
      left join (page p join portal_articles a on a.id = p.id) on true
      order by p.n`,
);

async function findPage(
  db: Db,
  tsquery: string,
  parkId: string,
  filters: SearchFilters,
  offset: number,
  upTo: number,
): Promise<{
  rows: PageHit[];
  count: number;
  exact: boolean;
}> {
  // Sequential scans off, so the planner never tests `@@` on every row's TOASTed vector (~20 KB
  // fetched and decompressed each) where the GIN bitmap reads none. Statistics target 0 on the
  // vectors (migration 0012_search.sql) is enough for PostgreSQL 15 on 5,000 articles, but PGlite's
  // planner (PostgreSQL 17) still costs the sequential scan lower on a small table (measured: 489 ms
  // against ~2 ms on 1,000 articles); the cost model does not know about de-TOASTing. The walk
  // needs no setting: its `@@` is on a computed value no index can serve, and the date order with
  // a small limit makes the date index the plan. A generic plan: PostgreSQL would otherwise plan
  // each call afresh (~1.8 ms; a custom plan, knowing which branch runs, always looks cheaper),
  // and the generic one runs as fast (measured: 3.4 ms against 4.0 ms with planning 0.08 ms). (JIT
  // is off on our PostgreSQL connections, platform/db/client.ts: at 50,000 articles this plan's
  // estimated cost passes jit_above_cost, and compiling it took 1.5 s of a 1.56 s execution.)
  const rows = await executePrepared<FoundRow>(
    db,
    SEARCH,
    [{ text: tsquery }, ...filterArgs(parkId, filters), { int: offset }, { int: upTo }],
    { enable_seqscan: 'off', plan_cache_mode: 'force_generic_plan' },
  );
  const count = Number(rows[0]?.probe ?? 0);
  const page = rows.filter((r): r is FoundRow & PageHit => r.id !== null);
  if (count <= COUNT_BOUND) return { rows: page, count, exact: true };
  // Matches per visited row of the walk, times the rows in scope.
  const visited = Number(rows[0]?.visited ?? 0);
  const scopeSize = await articlesInScope(db, parkId, filters);
  const estimate = visited ? Math.round((Number(rows[0]!.walked) / visited) * scopeSize) : scopeSize;
  return { rows: page, count: Math.min(scopeSize, Math.max(COUNT_BOUND + 1, estimate)), exact: false };
}

/**
 * How many articles the filters reach (the denominator of a broad query's estimated count), kept
 * for a minute per park and filter set: it only scales an estimate shown as 「约 N 条」.
 */
const scopeCounts = new Map<string, { n: number; expiresAt: number }>();
const SCOPE_COUNT_MAX_AGE_MS = 60_000;

const SCOPE_COUNT = prepared(
  'search_scope',
  ['tsquery', 'uuid', 'uuid[]', 'text', 'text', 'uuid', 'uuid'],
  `select count(*)::int as n from portal_articles a where ${WHERE}`,
);

async function articlesInScope(db: Db, parkId: string, filters: SearchFilters): Promise<number> {
  const key = JSON.stringify([parkId, filters]);
  const kept = scopeCounts.get(key);
  if (kept && Date.now() < kept.expiresAt) return kept.n;
  const [row] = await executePrepared<{ n: number }>(db, SCOPE_COUNT, [
    { text: null },
    ...filterArgs(parkId, filters),
  ]);
  const n = Number(row?.n ?? 0);
  if (scopeCounts.size > 1000) scopeCounts.clear();
  scopeCounts.set(key, { n, expiresAt: Date.now() + SCOPE_COUNT_MAX_AGE_MS });
  return n;
}

export function searchConsole(db: Db, actor: Actor, q: ConsoleSearchQuery) {
  return searchArticlesInPark(db, actor.parkId, articleListScope(actor), q);
}
