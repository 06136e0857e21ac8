import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../../platform/db/client';
import { assets } from './assets';
import { listenForPortalChanges, PageCache, type CachedPage } from './cache';
import { esc } from './html';
import * as q from './queries';
import { searchArticles } from './search';
import { rssFeed, robots, sitemap } from './render/feeds';
import { columnHref, type SiteContext } from './render/layout';
import {
  articlePage,
  columnListPage,
  downloadListPage,
  homePage,
  newsletterIssuePage,
  newsletterListPage,
  notFoundPage,
  searchPage,
  singlePageColumn,
  VIEW_MARK,
  notSetUpPage,
  thanksListPage,
  thanksPage,
} from './render/pages';
import { listPublicDrives, publicThanksList } from '../donations/public';
import { showcaseFeed, showcasePage } from './render/showcase';
import { ViewCounter } from './views';

/**
 * The public 「校园党建」 site at the root of the server: server-rendered pages (readable without
 * JavaScript), feeds, the showcase screen and the portal's static files. Every page is rendered
 * from queries.ts, kept in the PageCache (cache.ts) and emptied when content changes.
 */

export interface PortalOptions {
  database: Database;
  /** Absolute base for canonical/Open Graph/feed URLs; when unset, the request's own host. */
  publicUrl?: string;
  /** Milliseconds between writes of counted views (tests flush by hand). */
  viewFlushMs?: number;
}

export class Portal {
  readonly cache = new PageCache();
  readonly views = new ViewCounter();
  private site: Promise<SiteContext | null> | null = null;

  constructor(
    readonly database: Database,
    readonly publicUrl: string | undefined,
  ) {
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
    const loading = this.loadSite();
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

type Query = Record<string, string | number | null>;

/** A path with the given query values (empty ones left out), in a fixed order. */
function withQuery(path: string, query: Query): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return `${path}${parts.length ? `?${parts.join('&')}` : ''}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    portal: Portal;
  }
}

const HTML = 'text/html; charset=utf-8';

const htmlPage = (body: string, status = 200): CachedPage => ({
  status,
  contentType: HTML,
  body: Buffer.from(body),
});

function send(portal: Portal, reply: FastifyReply, page: CachedPage) {
  reply.code(page.status).header('content-type', page.contentType);
  reply.header('cache-control', 'no-cache');
  if (page.headers) for (const [k, v] of Object.entries(page.headers)) reply.header(k, v);
  if (page.views) {
    const v = page.views;
    const live = v.base + (portal.views.total(v.articleId) - v.counterAtRender);
    return reply.send(Buffer.concat([page.body, Buffer.from(String(live)), v.tail]));
  }
  return reply.send(page.body);
}

/** A positive page number from the query; anything else is page 1. */
function pageParam(raw: unknown): number {
  const s = typeof raw === 'string' ? raw : '';
  if (!/^\d{1,5}$/.test(s)) return 1;
  return Math.max(1, Number(s));
}

const str = (raw: unknown): string =>
  typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[0] ?? '') : '';

/** Renders the real 404 page (also used by app.ts's not-found handler for non-API paths). */
export async function sendPortalNotFound(req: FastifyRequest, reply: FastifyReply) {
  const portal = req.server.portal;
  const site = portal ? await portal.siteContext().catch(() => null) : null;
  reply.code(404).header('content-type', HTML).header('cache-control', 'no-cache');
  if (!site || !portal) {
    return reply.send(
      esc`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>页面不存在</title></head><body><h1>页面不存在</h1><p><a href="/">返回首页</a></p></body></html>`
        .value,
    );
  }
  return reply.send(notFoundPage(site, portal.baseUrl(req), req.url.split('?')[0] ?? '/'));
}

export const portalRoutes = fp(
  async (app: FastifyInstance, opts: PortalOptions) => {
    const portal = new Portal(opts.database, opts.publicUrl);
    app.decorate('portal', portal);

    const stopListening = await listenForPortalChanges(opts.database, portal.cache, app.log);
    portal.views.start(opts.database.db, opts.viewFlushMs ?? 30_000, (err) =>
      app.log.warn({ err }, 'portal: writing view counts failed'),
    );
    app.addHook('onClose', async () => {
      await stopListening();
      await portal.views.stop(opts.database.db).catch(() => undefined);
    });

    // Not in the OpenAPI document; and no per-request log lines for public pages, which would
    // record every visitor's address (and cost time on the hottest routes).
    const hidden = { schema: { hide: true }, logLevel: 'warn' as const };

    /** Serves `key` from the cache or renders it; null from the renderer means 404. */
    async function serve(
      req: FastifyRequest,
      reply: FastifyReply,
      key: string,
      render: (site: SiteContext, baseUrl: string) => Promise<CachedPage | null>,
    ) {
      const page = await portal.cache.getOrRender(key, async () => {
        const site = await portal.siteContext();
        if (!site) return null;
        return render(site, portal.baseUrl(req));
      });
      if (!page) return sendPortalNotFound(req, reply);
      return send(portal, reply, page);
    }

    const countView = (
      req: FastifyRequest,
      kind: 'article' | 'column' | 'site',
      id: string,
      parkId: string,
    ) => {
      if (req.method === 'GET') portal.views.record(parkId, kind, id);
    };

    app.get('/', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      // A new installation has no park until the first administrator is set up: say so, not 404.
      if (!site) return send(portal, reply, htmlPage(notSetUpPage()));
      countView(req, 'site', site.parkId, site.parkId);
      return serve(req, reply, portal.key(req, '/'), async (s, base) => {
        const [pinned, latest] = await Promise.all([
          q.listPinned(portal.db, s.parkId, 6),
          q.latestByColumn(portal.db, s.parkId, 7),
        ]);
        let featured = pinned;
        if (!featured.length) {
          // Nothing pinned: the newest articles with a cover picture, then any.
          const all = [...latest.values()]
            .flat()
            .filter((a, i, arr) => arr.findIndex((b) => b.id === a.id) === i);
          all.sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
          featured = [...all.filter((a) => a.coverUrl), ...all.filter((a) => !a.coverUrl)].slice(0, 4);
        }
        return htmlPage(homePage(s, base, { featured, latest }));
      });
    });

    app.get<{ Params: { slug: string } }>('/column/:slug', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      const column = site?.columns.find((c) => c.slug === req.params.slug);
      if (!site || !column) return sendPortalNotFound(req, reply);
      const query = req.query as Record<string, unknown>;
      const page = pageParam(query.page);
      const schoolRaw = str(query.school);
      const school = site.schools.find((s) => s.id === schoolRaw) ?? null;
      countView(req, 'column', column.id, site.parkId);
      const path = columnHref(column);
      const keyQuery: Query =
        column.kind === 'singlePage' ? {} : { page: page > 1 ? page : null, school: school?.id ?? null };
      return serve(req, reply, portal.key(req, path, keyQuery), async (s, base) => {
        const fullPath = withQuery(path, keyQuery);
        if (column.kind === 'singlePage') {
          const content = await q.getColumnPage(portal.db, s.parkId, column.id);
          return htmlPage(singlePageColumn(s, base, column, content));
        }
        if (column.kind === 'downloadList') {
          const { items, total } = await q.listColumnDownloads(portal.db, s.parkId, column.id, { page });
          const pages = Math.max(1, Math.ceil(total / q.PAGE_SIZE));
          if (page > pages) return null;
          return htmlPage(downloadListPage(s, base, column, { items, page, pages }, fullPath));
        }
        const [{ items, total }, schoolIds] = await Promise.all([
          q.listColumnArticles(portal.db, s.parkId, column.id, { page, schoolId: school?.id }),
          q.schoolsInColumn(portal.db, s.parkId, column.id),
        ]);
        const pages = Math.max(1, Math.ceil(total / q.PAGE_SIZE));
        if (page > pages) return null;
        const schools = s.schools.filter((sc) => schoolIds.includes(sc.id) || sc.id === school?.id);
        return htmlPage(
          columnListPage(s, base, { column, items, total, page, pages, schools, school }, fullPath),
        );
      });
    });

    app.get<{ Params: { id: string } }>('/article/:id', hidden, async (req, reply) => {
      const id = req.params.id.toLowerCase();
      if (!q.UUID.test(id)) return sendPortalNotFound(req, reply);
      const path = `/article/${id}`;
      const page = await portal.cache.getOrRender(portal.key(req, path), async () => {
        const site = await portal.siteContext();
        if (!site) return null;
        const counterAtRender = portal.views.total(id);
        const article = await q.getPublicArticle(portal.db, site.parkId, id);
        if (!article) return null;
        const column = article.columns[0] ?? null;
        const nav = column
          ? await q.prevNextInColumn(portal.db, site.parkId, column.id, article)
          : { prev: null, next: null };
        const body = articlePage(site, portal.baseUrl(req), article, column, nav);
        const at = body.indexOf(VIEW_MARK);
        return {
          status: 200,
          contentType: HTML,
          body: Buffer.from(body.slice(0, at)),
          views: {
            articleId: id,
            base: article.viewCount,
            counterAtRender,
            tail: Buffer.from(body.slice(at + VIEW_MARK.length)),
          },
        };
      });
      if (!page) return sendPortalNotFound(req, reply);
      const site = await portal.siteContext();
      if (site) countView(req, 'article', id, site.parkId);
      return send(portal, reply, page);
    });

    app.get('/search', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      if (!site) return sendPortalNotFound(req, reply);
      const query = req.query as Record<string, unknown>;
      const text = str(query.q).trim().slice(0, 100);
      const columnId = site.columns.find((c) => c.id === str(query.column))?.id ?? null;
      const schoolId = site.schools.find((s) => s.id === str(query.school))?.id ?? null;
      const page = pageParam(query.page);
      const key = portal.key(req, '/search', {
        q: text,
        column: columnId,
        school: schoolId,
        page: page > 1 ? page : null,
      });
      return serve(req, reply, key, async (s, base) => {
        if (!text) {
          return htmlPage(
            searchPage(s, base, { q: '', columnId, schoolId, page: 1, pages: 1, total: 0, hits: null }),
          );
        }
        const found = await searchArticles(portal.db, s, { q: text, columnId, schoolId, page });
        const pages = Math.max(1, Math.ceil(found.total / q.PAGE_SIZE));
        return htmlPage(
          searchPage(s, base, {
            q: text,
            columnId,
            schoolId,
            page,
            pages,
            total: found.total,
            hits: found.hits,
          }),
        );
      });
    });

    app.get('/newsletter', hidden, async (req, reply) =>
      serve(req, reply, portal.key(req, '/newsletter'), async (s, base) =>
        htmlPage(newsletterListPage(s, base, await q.listPublishedNewsletters(portal.db, s.parkId))),
      ),
    );

    app.get<{ Params: { id: string } }>('/newsletter/:id', hidden, async (req, reply) => {
      const id = req.params.id.toLowerCase();
      if (!q.UUID.test(id)) return sendPortalNotFound(req, reply);
      return serve(req, reply, portal.key(req, `/newsletter/${id}`), async (s, base) => {
        const issue = await q.getPublishedNewsletter(portal.db, s.parkId, id);
        return issue ? htmlPage(newsletterIssuePage(s, base, issue)) : null;
      });
    });

    // Thank-you lists change with every gift booked: rendered on each request, never cached.
    app.get('/thanks', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      if (!site) return sendPortalNotFound(req, reply);
      const drives = await listPublicDrives(portal.db, site.parkId);
      return send(portal, reply, htmlPage(thanksListPage(site, portal.baseUrl(req), drives)));
    });
    app.get<{ Params: { id: string } }>('/thanks/:id', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      const list = site ? await publicThanksList(portal.db, req.params.id.toLowerCase()) : null;
      if (!site || !list) return sendPortalNotFound(req, reply);
      return send(portal, reply, htmlPage(thanksPage(site, portal.baseUrl(req), list)));
    });

    const showcaseJson = (req: FastifyRequest) =>
      portal.cache.getOrRender(portal.key(req, '/showcase/slides.json'), async () => {
        const site = await portal.siteContext();
        if (!site) return null;
        const feed = showcaseFeed(await q.listShowcaseSlides(portal.db, site.parkId));
        return {
          status: 200,
          contentType: 'application/json; charset=utf-8',
          body: Buffer.from(JSON.stringify(feed)),
          headers: { etag: `"${feed.version}"` },
        };
      });

    app.get('/showcase', hidden, async (req, reply) =>
      serve(req, reply, portal.key(req, '/showcase'), async (s) => {
        const json = await showcaseJson(req);
        if (!json) return null;
        return htmlPage(showcasePage(s, JSON.parse(json.body.toString())));
      }),
    );

    app.get('/showcase/slides.json', hidden, async (req, reply) => {
      const page = await showcaseJson(req);
      if (!page) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: '橱窗内容不存在' } });
      if (req.headers['if-none-match'] === page.headers?.etag) {
        return reply.code(304).header('etag', page.headers!.etag).header('cache-control', 'no-cache').send();
      }
      return send(portal, reply, page);
    });

    const xml = (body: string, type = 'application/xml; charset=utf-8'): CachedPage => ({
      status: 200,
      contentType: type,
      body: Buffer.from(body),
    });

    app.get('/rss.xml', hidden, async (req, reply) =>
      serve(req, reply, portal.key(req, '/rss.xml'), async (s, base) =>
        xml(
          rssFeed(s, base, null, await q.feedItems(portal.db, s.parkId, null, 30)),
          'application/rss+xml; charset=utf-8',
        ),
      ),
    );

    app.get<{ Params: { slug: string } }>('/column/:slug/rss.xml', hidden, async (req, reply) => {
      const site = await portal.siteContext();
      const column = site?.columns.find((c) => c.slug === req.params.slug);
      if (!column) return sendPortalNotFound(req, reply);
      return serve(req, reply, portal.key(req, `${columnHref(column)}/rss.xml`), async (s, base) =>
        xml(
          rssFeed(s, base, column, await q.feedItems(portal.db, s.parkId, column.id, 30)),
          'application/rss+xml; charset=utf-8',
        ),
      );
    });

    app.get('/sitemap.xml', hidden, async (req, reply) =>
      serve(req, reply, portal.key(req, '/sitemap.xml'), async (s, base) => {
        const [articles, issues] = await Promise.all([
          q.sitemapArticles(portal.db, s.parkId, 45_000),
          q.listPublishedNewsletters(portal.db, s.parkId),
        ]);
        return xml(sitemap(s, base, articles, issues));
      }),
    );

    app.get('/robots.txt', hidden, async (req, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send(robots(portal.baseUrl(req))),
    );

    app.get<{ Params: { name: string } }>('/static/:name', hidden, async (req, reply) => {
      const asset = assets().get(req.params.name);
      if (!asset) return sendPortalNotFound(req, reply);
      const versioned = str((req.query as Record<string, unknown>).v) === asset.hash;
      return reply
        .header('content-type', asset.type)
        .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('etag', `"${asset.hash}"`)
        .send(asset.body);
    });
  },
  { name: 'portal' },
);
