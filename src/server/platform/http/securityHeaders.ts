import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The security headers (Content-Security-Policy, X-Frame-Options …) of every response, computed
 * once at start. Registered as a plugin, @fastify/helmet builds its middleware and parses the
 * policy again on every request (a tenth of the cached home page's CPU time, measured). With the
 * options we use the headers do not depend on the request (no CSP nonces), so helmet runs once, on
 * one request to a throwaway instance, and every response gets the headers it produced: the same
 * header values by construction, with helmet still the one that knows how to write them.
 */

/** helmet's options, without per-request nonces (enableCSPNonces) or per-route settings. */
export type SecurityHeaderOptions = FastifyHelmetOptions;

/** The headers helmet sets with `options`, lower-cased names. */
export async function computeSecurityHeaders(
  options: SecurityHeaderOptions,
): Promise<Record<string, string>> {
  if (options.enableCSPNonces || options.global === false) {
    throw new Error('security headers: nonces and per-route settings differ per request, not precomputable');
  }
  const probe = Fastify({ logger: false });
  let captured: Record<string, unknown> = {};
  try {
    await probe.register(helmet, options);
    // In the handler only the onRequest hooks (helmet's) have set headers; Fastify adds its own
    // (content-type, content-length) later, when the reply is sent.
    probe.get('/', async (_req, reply) => {
      captured = reply.getHeaders();
      return '';
    });
    await probe.inject({ method: 'GET', url: '/' });
  } finally {
    await probe.close();
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(captured)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
  }
  if (!out['content-security-policy']) throw new Error('helmet set no Content-Security-Policy');
  return out;
}

/**
 * Sets the precomputed headers on every response of `app` (a root-level onRequest hook, where
 * helmet's own hook ran, so 404s, errors and static files get them too). A route may still
 * override one (the media route's sandboxing CSP).
 */
export async function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions) {
  const headers = await computeSecurityHeaders(options);
  const entries = Object.entries(headers);
  app.addHook('onRequest', (_req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    for (const [name, value] of entries) reply.header(name, value);
    done();
  });
  return headers;
}
