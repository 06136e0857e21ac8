import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { assets } from './assets';
import type { CachedPage } from './cache';
import * as q from './queries';
import { HTML, htmlPage, pageParam, send, sendPortalNotFound, str } from './reply';
import { withQuery, type Query } from './portal';
import { cachedSearch } from './search';
import { articlePage, VIEW_MARK } from './render/article';
import { columnListPage, downloadListPage, singlePageColumn } from './render/columns';
import { rssFeed, robots, sitemap } from './render/feeds';
import { sitemapPage } from './render/sitemap';
import { homePage } from './render/home';
import { columnHref, type SiteContext } from './render/layout';
import { newsletterIssuePage, newsletterListPage } from './render/newsletter';
import { searchPage } from './render/search';
import { showcaseFeed, showcasePage } from './render/showcase';
import { notSetUpPage } from './render/system';
import { thanksListPage, thanksPage } from './render/thanks';
import { vanguardPage } from './render/vanguard';
import { latestPublicity, publicVanguardPosts, publicVanguardYears } from '../assessment/public';
import { todayInShanghai } from '../../../common/dates';
import { listPublicDrives, publicThanksList } from '../donations/public';

/**
 * The public 「校园党建」 site at the root of the server: server-rendered pages (readable without
 * JavaScript), feeds, the showcase screen and the portal's static files. Every page is rendered
 * from queries/, kept in the PageCache (cache.ts) and emptied when content changes. Registered
 * in the public scope (app.ts); the Portal it serves from is the root's (portal.ts).
 */

export { sendPortalNotFound };

export const portalRoutes: FastifyPluginAsync = async (app) => {
  const portal = app.portal;

  // Anyone may read the site. Not in the OpenAPI document; and no per-request log lines for
  // public pages, which would record every visitor's address (and cost time on the hottest routes).
  const hidden = {
    schema: { hide: true },
    logLevel: 'warn' as const,
    config: { access: 'public' as const },
  };

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
      const { pinned, latest } = await q.homeArticles(portal.db, s.parkId, { pinned: 6, perColumn: 7 });
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
      const { items, total, schoolIds } = await q.columnArticlesPage(portal.db, s.parkId, column.id, {
        page,
        schoolId: school?.id,
      });
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
      // One statement: the article, its columns and attachments, its neighbours (queries/articleDetail.ts).
      const found = await q.getPublicArticlePage(portal.db, site.parkId, id);
      if (!found) return null;
      const { article, nav } = found;
      const column = article.columns[0] ?? null;
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
    // Not in the page cache (each query is a new key that would push pages out): the results are
    // kept in their own short-lived cache (search.ts) and the page is rendered around them.
    const base = portal.baseUrl(req);
    if (!text) {
      return send(
        portal,
        reply,
        htmlPage(
          searchPage(site, base, {
            q: '',
            columnId,
            schoolId,
            page: 1,
            pages: 1,
            total: 0,
            totalExact: true,
            hits: null,
          }),
        ),
      );
    }
    const found = await cachedSearch(portal.db, portal.cache, site, { q: text, columnId, schoolId, page });
    const pages = Math.max(1, Math.ceil(found.total / q.PAGE_SIZE));
    return send(
      portal,
      reply,
      htmlPage(
        searchPage(site, base, {
          q: text,
          columnId,
          schoolId,
          page,
          pages,
          total: found.total,
          totalExact: found.totalExact,
          hits: found.hits,
        }),
      ),
    );
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

  // 党员先锋岗: approved posts whose members agreed to show them; posts and decisions call
  // portalChanged, so the page is cached like the others.
  app.get('/vanguard', hidden, async (req, reply) => {
    const raw = Number(str((req.query as Record<string, unknown>).year));
    const thisYear = Number(todayInShanghai().slice(0, 4));
    const asked = Number.isInteger(raw) && raw >= 2000 && raw <= thisYear + 1 ? raw : null;
    return serve(req, reply, portal.key(req, '/vanguard', { year: asked }), async (s, base) => {
      const years = await publicVanguardYears(portal.db, s.parkId);
      const year = asked ?? years[0] ?? thisYear;
      const posts = await publicVanguardPosts(portal.db, s.parkId, year);
      const publicity = await latestPublicity(portal.db, s.parkId);
      return htmlPage(vanguardPage(s, base, { year, years, posts, publicity }));
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

  app.get('/sitemap', hidden, async (req, reply) =>
    serve(req, reply, portal.key(req, '/sitemap'), async (s, base) => {
      const { latest } = await q.homeArticles(portal.db, s.parkId, { pinned: 0, perColumn: 5 });
      return htmlPage(sitemapPage(s, base, latest));
    }),
  );

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
};
