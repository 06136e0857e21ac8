import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify';
import type { Actor } from '../../access/actor';
import type { Permission } from '../../access/roles';
import { hasPermission } from '../../access/scope';
import { forbidden, unauthorized } from '../../errors';

/**
 * Who may call a route, declared in its options (`config: { access }`):
 * - `'public'`: anyone, signed in or not (only in the public scope);
 * - `'signedIn'`: any signed-in account — for self-service (one's own profile, reports, gifts);
 * - a permission, or a list of which any one will do: the actor must hold it somewhere. Whether
 *   it reaches the record at hand is the area policy's question, asked by the command or query.
 */
export type Access = 'public' | 'signedIn' | Permission | readonly Permission[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set by the scope the route was registered in; read by the route catalogue. */
    scope?: 'public' | 'authenticated';
    /** Reachable by an account that must change its password first (the password page needs it). */
    duringPasswordChange?: boolean;
    /** A write that starts a session (login, setup): no CSRF token can exist yet. */
    csrfExempt?: boolean;
  }
  interface FastifyInstance {
    routeCatalog: RouteEntry[];
  }
}

/** One registered route as the structural tests see it. */
export interface RouteEntry {
  method: string;
  url: string;
  scope: 'public' | 'authenticated' | null;
  access: Access | null;
  hasResponseSchema: boolean;
  hidden: boolean;
}

/** Records every route of the app (app.ts installs it first), for the route-walk tests. */
export function installRouteCatalog(app: FastifyInstance) {
  const catalog: RouteEntry[] = [];
  app.decorate('routeCatalog', catalog);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      const schema = r.schema as { response?: Record<string, unknown>; hide?: boolean } | undefined;
      catalog.push({
        method,
        url: r.url,
        scope: r.config?.scope ?? null,
        access: r.config?.access ?? null,
        hasResponseSchema: Object.keys(schema?.response ?? {}).some((k) => /^(2..|2xx|default)$/.test(k)),
        hidden: schema?.hide === true,
      });
    }
  });
}

const setConfig = (r: RouteOptions, patch: Partial<NonNullable<RouteOptions['config']>>) => {
  r.config = { ...(r.config ?? {}), ...patch } as RouteOptions['config'];
};

/**
 * The root's onRoute hook (the catalogue) runs before a scope's own, so the scope writes itself
 * into the catalogue entries of the route it has just claimed.
 */
function claim(app: FastifyInstance, r: RouteOptions, scope: 'public' | 'authenticated') {
  setConfig(r, { scope });
  // The OpenAPI document says which routes need the session cookie (and tools such as the fuzz
  // suite, test/support/fuzz.ts, read it from there).
  r.schema = {
    ...(r.schema ?? {}),
    security: scope === 'authenticated' ? [{ session: [] }] : [],
  } as RouteOptions['schema'];
  const methods = new Set([r.method].flat());
  for (const e of app.routeCatalog ?? [])
    if (e.url === r.url && methods.has(e.method) && e.scope === null) e.scope = scope;
}

/**
 * The encapsulated scope for routes that need a signed-in account. Every route in it declares its
 * access (start-up fails otherwise), and the guard runs before the handler: 401 without a
 * session, 403 without the permission anywhere.
 */
export const authenticatedScope =
  (plugins: readonly FastifyPluginAsync[]): FastifyPluginAsync =>
  async (app) => {
    app.addHook('onRoute', (r) => {
      const access = r.config?.access;
      if (access === undefined || access === 'public')
        throw new Error(`${String(r.method)} ${r.url}: declare config.access (a permission, or 'signedIn')`);
      claim(app, r, 'authenticated');
    });
    app.addHook('onRequest', async (req) => {
      const actor = req.ctx.actor;
      if (!actor) throw unauthorized();
      const access = req.routeOptions.config.access;
      if (access === 'signedIn' || access === undefined || access === 'public') return;
      const any = typeof access === 'string' ? [access] : access;
      if (!any.some((p) => hasPermission(actor, p))) throw forbidden();
    });
    for (const plugin of plugins) await app.register(plugin);
  };

/** The encapsulated scope for routes anyone may call; each says so (`config: { access: 'public' }`). */
export const publicScope =
  (plugins: readonly FastifyPluginAsync[]): FastifyPluginAsync =>
  async (app) => {
    app.addHook('onRoute', (r) => {
      if (r.config?.access !== 'public')
        throw new Error(`${String(r.method)} ${r.url}: a public route declares config.access 'public'`);
      claim(app, r, 'public');
    });
    for (const plugin of plugins) await app.register(plugin);
  };

/** The signed-in actor of a route in the authenticated scope (the guard has made sure of it). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.ctx.actor) throw unauthorized();
  return req.ctx.actor;
}
