import zlib from 'node:zlib';
import type pg from 'pg';
import type { Database, Db } from '../../platform/db/client';
import { notifyPortalChanged, PORTAL_CHANNEL } from '../newsroom/events';
import { lazy } from '../../platform/lazy';
import { runShared } from '../../platform/load';

/** node-postgres is loaded only on PostgreSQL (platform/db/client.ts), not at a PGlite start. */
const loadPg = lazy(async () => (await import('pg')).default);

/**
 * The public site's page cache: rendered pages kept in memory, keyed by URL (plus the query values a
 * page reads), emptied when the portal's content changes. Bounded by bytes (PAGE_CACHE_MB, least
 * recently used out first); a page it cannot hold is rendered from one query (queries/).
 *
 * How a change reaches every instance: whoever changes public content (publish, edit, take down,
 * scheduled publishing, columns, settings, showcase, newsletter) calls `portalChanged(tx)` inside
 * its transaction. That is a `pg_notify('portal_changed', …)`, which PostgreSQL delivers when the
 * transaction commits — never before, so no instance can re-cache the old state after the
 * notification — to every instance LISTENing on the channel, this one included (on PGlite, the
 * single embedded instance listens through `pglite.listen`). While an instance's listening
 * connection is down it serves pages uncached. Besides that, every page expires after MAX_AGE_MS
 * and at the next moment the content changes by the clock alone (queries/site.ts nextTimedChange).
 */

export { PORTAL_CHANNEL };

/**
 * Tells every instance that public portal content changed; call it inside the writing transaction.
 * The same notification as the newsroom's notifyPortalChanged (newsroom/events.ts).
 */
export async function portalChanged(tx: Db, parkId = ''): Promise<void> {
  await notifyPortalChanged(tx, parkId);
}

export interface CachedPage {
  status: number;
  contentType: string;
  /** The encoded body; for a page with a live view count, the part before the count. */
  body: Buffer;
  /** A page with a live view count: the count is written between `body` and `tail` (routes.ts). */
  views?: { articleId: string; base: number; counterAtRender: number; tail: Buffer };
  /** Extra response headers (ETag …). */
  headers?: Record<string, string>;
  /**
   * The body gzipped, made once when the page is stored (not for pages with a live view count,
   * whose bytes change per request): sent to clients that accept gzip, as every browser does.
   */
  gzip?: Buffer;
}

/** Pages smaller than this are sent as they are: compressing them saves less than it costs. */
const GZIP_MIN_BYTES = 1024;

interface Entry {
  page: CachedPage;
  size: number;
  expiresAt: number;
}

export interface PageCacheOptions {
  /**
   * Memory for pages (PAGE_CACHE_MB): the encoded bodies plus an estimate of each entry's overhead.
   * 0 stores nothing (concurrent misses of one page still share one render).
   */
  maxBytes?: number;
  /** A bound on the number of pages besides the bytes (tests); none by default. */
  maxEntries?: number;
  /** The longest a page lives even without a change notification. */
  maxAgeMs?: number;
}

/** The default memory for pages: 64 MiB holds ~3,000 article pages of ~20 KB. */
export const DEFAULT_PAGE_CACHE_BYTES = 64 * 2 ** 20;
/** What an entry costs besides its body: the key (UTF-16), the entry objects, the Map slot. */
const ENTRY_OVERHEAD = 200;

export class PageCache {
  private entries = new Map<string, Entry>();
  private inflight = new Map<string, Promise<CachedPage | null>>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  /** Incremented by every invalidation; a render that started before one is not stored. */
  generation = 0;
  /** When everything expires by the clock (the next scheduled publication …). */
  private timedExpiry = Number.POSITIVE_INFINITY;
  /** False while the change notifications cannot be received: pages are then not cached. */
  enabled = true;
  private listeners: (() => void)[] = [];

  constructor(opts: PageCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? Number.POSITIVE_INFINITY;
    this.maxBytes = opts.maxBytes ?? DEFAULT_PAGE_CACHE_BYTES;
    this.maxAgeMs = opts.maxAgeMs ?? 5 * 60_000;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The memory the stored pages take, as counted against maxBytes. */
  get storedBytes(): number {
    return this.bytes;
  }

  /** Empties the cache; renders in flight will not be stored. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.inflight.clear();
    this.bytes = 0;
    this.timedExpiry = Number.POSITIVE_INFINITY;
    for (const l of this.listeners) l();
  }

  /** Runs `fn` after every invalidation (the site context is reloaded then). */
  onInvalidate(fn: () => void): void {
    this.listeners.push(fn);
  }

  /** Expire everything at `at` (the next timed change), if that is sooner than already planned. */
  expireAt(at: Date | null): void {
    if (at) this.timedExpiry = Math.min(this.timedExpiry, at.getTime());
  }

  get(key: string): CachedPage | undefined {
    const now = Date.now();
    if (now >= this.timedExpiry) this.invalidate();
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (now >= e.expiresAt) {
      this.delete(key);
      return undefined;
    }
    // Recently used last: the Map's order is the eviction order (least recently used first).
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.page;
  }

  private delete(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.bytes -= e.size;
    this.entries.delete(key);
  }

  private store(key: string, page: CachedPage, generation: number) {
    if (!this.enabled || generation !== this.generation) return;
    // Not for a page with an ETag (one entity tag per representation) nor a live view count.
    if (!page.views && !page.headers?.etag && !page.gzip && page.body.length >= GZIP_MIN_BYTES)
      page.gzip = zlib.gzipSync(page.body, { level: 6 });
    const size = pageBytes(key, page);
    // One page may take at most an eighth of the cache, so a few huge pages cannot empty it.
    if (size > this.maxBytes / 8) return;
    this.delete(key);
    this.entries.set(key, { page, size, expiresAt: Date.now() + this.maxAgeMs });
    this.bytes += size;
    // Least recently used first: a Map iterates in insertion order.
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(k);
    }
  }

  /**
   * The cached page for `key`, or `render()`'s result, stored when it is cacheable. Concurrent
   * misses of one key share one render, so a burst after an invalidation renders each page once.
   * A render returning null (not found) is not stored.
   */
  async getOrRender(key: string, render: () => Promise<CachedPage | null>): Promise<CachedPage | null> {
    const hit = this.get(key);
    if (hit) return hit;
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    // Shared by every request waiting on this key: one client hanging up must not fail the rest.
    const promise = runShared(render).then(
      (page) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        if (page && page.status === 200) this.store(key, page, generation);
        return page;
      },
      (err: unknown) => {
        if (this.inflight.get(key) === promise) this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, promise);
    return promise;
  }
}

/** What a page costs the cache: its encoded bytes, its headers and key, and the entry's overhead. */
export function pageBytes(key: string, page: CachedPage): number {
  let n =
    page.body.length +
    (page.views?.tail.length ?? 0) +
    (page.gzip?.length ?? 0) +
    key.length * 2 +
    ENTRY_OVERHEAD;
  if (page.headers) for (const [k, v] of Object.entries(page.headers)) n += (k.length + v.length) * 2;
  return n;
}

interface Logger {
  warn(obj: unknown, msg?: string): void;
}

/**
 * Subscribes `cache` to the change notifications of `database` and returns the function that stops
 * listening. PostgreSQL: one dedicated connection (not from the pool) that reconnects when lost;
 * while it is down the cache is disabled, and it is emptied on reconnect.
 */
export async function listenForPortalChanges(
  database: Database,
  cache: PageCache,
  log: Logger,
): Promise<() => Promise<void>> {
  if (database.kind === 'pglite' && database.pglite) {
    const unlisten = await database.pglite.listen(PORTAL_CHANNEL, () => cache.invalidate());
    return async () => {
      if (!database.pglite!.closed) await unlisten().catch(() => undefined);
    };
  }
  if (!database.pool) {
    // No way to hear about changes: never cache.
    cache.enabled = false;
    return async () => undefined;
  }
  const options = database.pool.options;
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const { Client } = await loadPg();
    if (stopped) return;
    const c = new Client({ ...options, keepAlive: true });
    const lost = (err?: unknown) => {
      if (client !== c) return;
      client = null;
      cache.enabled = false;
      cache.invalidate();
      c.end().catch(() => undefined);
      if (stopped) return;
      if (err) log.warn({ err }, 'portal cache: change notifications lost, reconnecting');
      retry = setTimeout(() => void connect(), 1000);
    };
    try {
      client = c;
      c.on('notification', (msg) => {
        if (msg.channel === PORTAL_CHANNEL) cache.invalidate();
      });
      c.on('error', lost);
      c.on('end', () => lost());
      await c.connect();
      await c.query(`listen ${PORTAL_CHANNEL}`);
      if (client !== c) return;
      // Anything may have changed while we were not listening.
      cache.invalidate();
      cache.enabled = true;
    } catch (err) {
      lost(err);
    }
  };

  cache.enabled = false;
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    if (c) await c.end().catch(() => undefined);
  };
}
