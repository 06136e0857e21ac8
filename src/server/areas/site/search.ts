import type { Db } from '../../platform/db/client';
import { searchArticlesInPark } from '../newsroom/search';
import type { PageCache } from './cache';
import { PAGE_SIZE } from './queries';
import type { SiteContext } from './render/layout';
import { runShared } from '../../platform/load';

/**
 * Public search: the newsroom's Chinese full-text search (newsroom/search.ts) limited to
 * published articles, with the column each hit is shown under. Titles and snippets come back as
 * escaped HTML with <mark>s around the hits (platform/search/text.ts escapes them).
 *
 * Results are kept in a small cache of their own (SearchResultCache), not in the page cache: every
 * distinct query is a new key, and a burst of them would push the home, column and article pages
 * out of the page cache's bounded space. A repeated query (a popular term, the pages of one query,
 * a reload) is answered without the database for a short while, and never after the portal changed.
 */

export interface SearchHitView {
  id: string;
  titleHtml: string;
  snippetHtml: string;
  publishedAt: Date;
  columnName: string | null;
  schoolName: string | null;
}

export interface SearchFound {
  /** Exact when totalExact; otherwise rounded, shown as 「约 N 条」. */
  total: number;
  totalExact: boolean;
  hits: SearchHitView[];
}

export interface SearchOptions {
  q: string;
  columnId: string | null;
  schoolId: string | null;
  page: number;
}

export async function searchArticles(db: Db, site: SiteContext, opts: SearchOptions): Promise<SearchFound> {
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
  return {
    total: found.total,
    totalExact: found.totalExact,
    hits: found.items.map((h) => {
      // The first visible column (site.columns is in column order) the article is in.
      const mine = new Set(h.columnIds);
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

export interface SearchResultCacheOptions {
  /** Most results kept (oldest dropped first). */
  maxEntries?: number;
  /** How long a result is reused at most, even without a change. */
  maxAgeMs?: number;
}

/**
 * Short-lived, bounded results of public searches, keyed by park, query, filters and page.
 * Emptied whenever the page cache is (PageCache.onInvalidate: a portal change on any instance, the
 * clock reaching a scheduled publication, the change notifications lost or regained), and not used
 * while the page cache is disabled, so it is never staler than the pages. A search that started
 * before an invalidation is not stored; concurrent misses of one key share one query.
 */
export class SearchResultCache {
  private entries = new Map<string, { found: SearchFound; expiresAt: number }>();
  private inflight = new Map<string, Promise<SearchFound>>();
  private generation = 0;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly pages: PageCache,
    opts: SearchResultCacheOptions = {},
  ) {
    this.maxEntries = opts.maxEntries ?? 500;
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
    pages.onInvalidate(() => this.clear());
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.inflight.clear();
  }

  static key(parkId: string, o: SearchOptions): string {
    return JSON.stringify([parkId, o.q, o.columnId, o.schoolId, o.page]);
  }

  async get(key: string, run: () => Promise<SearchFound>): Promise<SearchFound> {
    // PageCache.get applies the clock-based expiry (and invalidates, hence clears us) first.
    this.pages.get('');
    if (!this.pages.enabled) return run();
    const hit = this.entries.get(key);
    if (hit && Date.now() < hit.expiresAt) {
      // Recently used last: the Map's order is the eviction order.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.found;
    }
    if (hit) this.entries.delete(key);
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    // Shared by every request asking the same: one client hanging up must not fail the rest.
    const promise = runShared(run).finally(() => {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, promise);
    const found = await promise;
    if (generation === this.generation && this.pages.enabled) {
      this.entries.set(key, { found, expiresAt: Date.now() + this.maxAgeMs });
      for (const k of this.entries.keys()) {
        if (this.entries.size <= this.maxEntries) break;
        this.entries.delete(k);
      }
    }
    return found;
  }
}

const caches = new WeakMap<PageCache, SearchResultCache>();

/** The result cache that follows `pages` (one per portal). */
export function searchResultCache(pages: PageCache): SearchResultCache {
  let cache = caches.get(pages);
  if (!cache) {
    cache = new SearchResultCache(pages);
    caches.set(pages, cache);
  }
  return cache;
}

/** A public search through the portal's result cache. */
export function cachedSearch(
  db: Db,
  pages: PageCache,
  site: SiteContext,
  opts: SearchOptions,
): Promise<SearchFound> {
  return searchResultCache(pages).get(SearchResultCache.key(site.parkId, opts), () =>
    searchArticles(db, site, opts),
  );
}
