import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../platform/db/client';
import { listenForPortalChanges, PageCache } from './cache';
import * as q from './queries';
import type { SiteContext } from './render/layout';
import { ViewCounter } from './views';
import { runShared } from '../../platform/load';

/**
 * The public site's state: the PageCache (cache.ts), the ViewCounter (views.ts) and the site
 * context every page needs. It lives on the root instance (`app.portal`), not in the public scope
 * the pages are registered in, because the root's not-found handler renders the site's 404 too.
 */

export interface PortalOptions {
  database: Database;
  /** Absolute base for canonical/Open Graph/feed URLs; when unset, the request's own host. */
  publicUrl?: string;
  /** Milliseconds between writes of counted views (tests flush by hand). */
  viewFlushMs?: number;
  /** Memory for rendered pages (PAGE_CACHE_MB in bytes; cache.ts). */
  cacheBytes?: number;
}

export type Query = Record<string, string | number | null>;

/** A path with the given query values (empty ones left out), in a fixed order. */
export function withQuery(path: string, query: Query): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return `${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

export class Portal {
  readonly cache: PageCache;
  readonly views = new ViewCounter();
  private site: Promise<SiteContext | null> | null = null;

  constructor(
    readonly database: Database,
    readonly publicUrl: string | undefined,
    cacheBytes?: number,
  ) {
    this.cache = new PageCache({ maxBytes: cacheBytes });
    this.cache.onInvalidate(() => {
      this.site = null;
    });
  }

  get db() {
    return this.database.db;
  }

  /** The park, settings, columns and schools every page needs; loaded once per cache generation. */
  siteContext(): Promise<SiteContext | null> {
    if (this.site && this.cache.enabled) return this.site;
    // Shared by every page being rendered: one client hanging up must not fail the rest.
    const loading = runShared(() => this.loadSite());
    this.site = loading;
    // Neither a failure nor "no park yet" (a new installation before its setup) is kept.
    loading.then(
      (site) => {
        if (!site && this.site === loading) this.site = null;
      },
      () => {
        if (this.site === loading) this.site = null;
      },
    );
    return loading;
  }

  private async loadSite(): Promise<SiteContext | null> {
    const parkId = await q.findPortalParkId(this.db);
    if (!parkId) return null;
    const [settings, columns, schools, nextChange] = await Promise.all([
      q.getSiteSettings(this.db, parkId),
      q.listVisibleColumns(this.db, parkId),
      q.listSchools(this.db, parkId),
      q.nextTimedChange(this.db, parkId),
    ]);
    this.cache.expireAt(nextChange);
    return { parkId, settings, columns, schools };
  }

  baseUrl(req: FastifyRequest): string {
    if (this.publicUrl) return this.publicUrl.replace(/\/+$/, '');
    return `${req.protocol}://${req.host}`;
  }

  /** The cache key: the page path and the query values it reads (plus the host, without PUBLIC_URL). */
  key(req: FastifyRequest, path: string, query: Query = {}): string {
    const host = this.publicUrl ? '' : `${req.protocol}://${req.host}`;
    return host + withQuery(path, query);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    portal: Portal;
  }
}

/** Decorates the app with its Portal, listens for content changes and writes counted views. */
export const portalPlugin = fp(
  async (app: FastifyInstance, opts: PortalOptions) => {
    const portal = new Portal(opts.database, opts.publicUrl, opts.cacheBytes);
    app.decorate('portal', portal);

    const stopListening = await listenForPortalChanges(opts.database, portal.cache, app.log);
    portal.views.start(opts.database.db, opts.viewFlushMs ?? 30_000, (err) =>
      app.log.warn({ err }, 'portal: writing view counts failed'),
    );
    app.addHook('onClose', async () => {
      await stopListening();
      await portal.views.stop(opts.database.db).catch(() => undefined);
    });
  },
  { name: 'portal' },
);
