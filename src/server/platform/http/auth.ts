import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client';
import type { RequestContext } from '../../context';
import { AppError } from '../../errors';
import { CSRF_COOKIE, SESSION_COOKIE, loadSession } from '../../areas/auth/sessions';

/** The request's session: its secret hash stays on the server; `id` is its public name. */
export interface RequestSession {
  id: string;
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  idleExpiresAt: Date;
  idleSeconds: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
    session: RequestSession | null;
  }
  interface FastifyContextConfig {
    /**
     * The request does not count as activity: the session's idle deadline stays where it is (the
     * console's check of that deadline must not keep an unattended session alive).
     */
    passiveSession?: boolean;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export interface AuthOptions {
  database: Database;
  secureCookies: boolean;
}

/**
 * Resolves the session cookie to `req.ctx.actor` on every /api request, enforces CSRF on
 * cookie-authenticated writes (the `x-csrf-token` header must equal the session's token, which the
 * client reads from the `csrf` cookie), and holds accounts that must change their password.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthOptions) => {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('session', null);
  // A callback hook with a synchronous way out: the public site and its files (everything outside
  // /api) never read a session, and pay no promise for it on every request.
  app.addHook('onRequest', (req, _reply, done) => {
    req.ctx = { actor: null, requestId: req.id, ip: req.ip ?? null };
    if (!req.url.startsWith('/api/')) return done();
    resolveSession(req).then(() => done(), done);
  });

  async function resolveSession(req: FastifyRequest) {
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      const loaded = await loadSession(opts.database.db, token, {
        passive: req.routeOptions.config?.passiveSession === true,
      });
      if (loaded) {
        req.ctx.actor = loaded.actor;
        req.session = {
          id: loaded.id,
          tokenHash: loaded.tokenHash,
          csrfToken: loaded.csrfToken,
          expiresAt: loaded.expiresAt,
          idleExpiresAt: loaded.idleExpiresAt,
          idleSeconds: loaded.idleSeconds,
        };
      }
    }
    // A write made with a session cookie must carry the session's CSRF token, except the writes
    // that start a session (route option csrfExempt: login, setup).
    if (UNSAFE.has(req.method) && req.session && !req.routeOptions.config?.csrfExempt) {
      if (req.headers['x-csrf-token'] !== req.session.csrfToken) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', '页面已过期，请刷新后重试');
      }
    }
    if (req.ctx.actor?.mustChangePassword && !req.routeOptions.config?.duringPasswordChange) {
      throw new AppError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码');
    }
  }
});

export function setSessionCookies(
  reply: FastifyReply,
  s: { token: string; csrfToken: string; expiresAt: Date },
  secure: boolean,
) {
  const base = { path: '/', sameSite: 'lax' as const, secure, expires: s.expiresAt };
  reply.setCookie(SESSION_COOKIE, s.token, { ...base, httpOnly: true });
  reply.setCookie(CSRF_COOKIE, s.csrfToken, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
