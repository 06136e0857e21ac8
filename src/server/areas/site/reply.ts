import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CachedPage } from './cache';
import type { Portal } from './portal';
import { bareNotFoundPage, notFoundPage } from './render/system';

/** How the site's routes answer: HTML pages (cached or not), the 404 page, query values. */

export const HTML = 'text/html; charset=utf-8';

export const htmlPage = (body: string, status = 200): CachedPage => ({
  status,
  contentType: HTML,
  body: Buffer.from(body),
});

/**
 * Sends a page; an article page gets its live view count written in between its two parts. A
 * cached page's gzipped body (cache.ts) goes to a client that accepts gzip.
 */
export function send(portal: Portal, reply: FastifyReply, page: CachedPage) {
  reply.code(page.status).header('content-type', page.contentType);
  reply.header('cache-control', 'no-cache');
  if (page.headers) for (const [k, v] of Object.entries(page.headers)) reply.header(k, v);
  if (page.gzip) {
    reply.header('vary', 'accept-encoding');
    if (acceptsGzip(reply.request.headers['accept-encoding'])) {
      reply.header('content-encoding', 'gzip');
      return reply.send(page.gzip);
    }
  }
  if (page.views) {
    const v = page.views;
    const live = v.base + (portal.views.total(v.articleId) - v.counterAtRender);
    return reply.send(Buffer.concat([page.body, Buffer.from(String(live)), v.tail]));
  }
  return reply.send(page.body);
}

/**
 * Whether an Accept-Encoding header admits gzip (RFC 9110 §12.5.3): `gzip` or `*` with a non-zero
 * quality, and gzip not refused by name (`gzip;q=0`).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  let named: boolean | null = null;
  let star = false;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName!.trim().toLowerCase();
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') continue;
    const q = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name === '*') star = ok;
    else named = named === true || ok;
  }
  return named ?? star;
}

/** A positive page number from the query; anything else is page 1. */
export function pageParam(raw: unknown): number {
  const s = typeof raw === 'string' ? raw : '';
  if (!/^\d{1,5}$/.test(s)) return 1;
  return Math.max(1, Number(s));
}

/** A query value as one string ('' when absent; the first of repeated values). */
export const str = (raw: unknown): string =>
  typeof raw === 'string' ? raw : Array.isArray(raw) ? String(raw[0] ?? '') : '';

/** Renders the real 404 page (also used by app.ts's not-found handler for non-API paths). */
export async function sendPortalNotFound(req: FastifyRequest, reply: FastifyReply) {
  const portal = req.server.portal as Portal | undefined;
  const site = portal ? await portal.siteContext().catch(() => null) : null;
  reply.code(404).header('content-type', HTML).header('cache-control', 'no-cache');
  if (!site || !portal) return reply.send(bareNotFoundPage());
  return reply.send(notFoundPage(site, portal.baseUrl(req), req.url.split('?')[0] ?? '/'));
}
