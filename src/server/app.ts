import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { zhCN } from 'zod/locales';
import type { Config } from './config';
import type { Database } from './platform/db/client';
import type { FieldCipher } from './platform/crypto';
import { authPlugin } from './platform/http/auth';
import { clientErrorHandler, errorHandler, frameworkErrors } from './platform/http/errors';
import { withLogRedaction } from './platform/http/logging';
import { RequestLogController } from './platform/http/requestLog';
import { installSecurityHeaders, type SecurityHeaderOptions } from './platform/http/securityHeaders';
import { installLoadContext } from './platform/http/load';
import { fromRoot } from './platform/paths';
import { registerApi } from './areas/index';
import { installRouteCatalog, publicScope } from './platform/http/guard';
import { checkinPageRoutes } from './areas/activities/checkinPage';
import { vanguardPublicityRoutes } from './areas/assessment/publicityPage';
import { portalPlugin } from './areas/site/portal';
import { portalRoutes, sendPortalNotFound } from './areas/site/routes';
import { mediaServeRoutes } from './areas/newsroom/mediaRoutes';

z.config(zhCN());

export interface AppDeps {
  config: Config;
  database: Database;
  cipher: FieldCipher;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export type App = FastifyInstance;

/** helmet's options: the security headers of every response (computed once, http/securityHeaders.ts). */
const SECURITY_HEADERS: SecurityHeaderOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // Ant Design writes its CSS-in-JS into <style> elements.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'self'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
};
const adminDist = fromRoot('dist/admin');

/** Builds the whole application without listening: main.ts listens, tests call app.inject(). */
export async function buildApp(deps: AppDeps, opts: { logger?: boolean | object } = {}): Promise<App> {
  const app = Fastify({
    // ID and phone numbers in URLs never reach the log, nor do request bodies (http/logging.ts).
    logger: withLogRedaction(opts.logger ?? { level: deps.config.LOG_LEVEL }),
    // One line per request, at the end: 5xx and slow requests always, the rest at debug (http/requestLog.ts).
    logController: new RequestLogController(deps.config.SLOW_REQUEST_MS),
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Errors Fastify raises before routing (a URL that does not decode …) answer in our format.
    frameworkErrors,
    // … and so is what Node's HTTP parser refuses before Fastify sees it (a 16 KB URL → 431).
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  installRouteCatalog(app);
  // First of all hooks: the database layer sheds work for clients that have gone (http/load.ts).
  installLoadContext(app);

  // A callback hook, not an async one: no promise per request on the hottest path.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.header('x-request-id', req.id);
    done(null, payload);
  });

  await app.register(cookie);
  // Computed once at start, not per request (http/securityHeaders.ts).
  await installSecurityHeaders(app, SECURITY_HEADERS);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(swagger, {
    openapi: {
      info: { title: '校园党建 API', version: '0.1.0', description: '「校园党建」平台接口' },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler(errorHandler);

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    }
    return sendPortalNotFound(req, reply);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({
    status: 'ok',
    database: deps.database.kind,
  }));

  await app.register(authPlugin, {
    database: deps.database,
    secureCookies: (deps.config.PUBLIC_URL ?? '').startsWith('https://'),
  });
  await app.register(registerApi, { prefix: '/api' });
  // The public site's state sits on the root: the not-found handler above renders its 404 page.
  await app.register(portalPlugin, {
    database: deps.database,
    publicUrl: deps.config.PUBLIC_URL,
    cacheBytes: Math.round(deps.config.PAGE_CACHE_MB * 2 ** 20),
  });
  // Pages at the root, outside /api: anyone may call them (each route says so). The check-in page
  // resolves the session itself and sends the visitor to the login page without one; the 公示
  // page takes its objection form from anyone.
  await app.register(
    publicScope([checkinPageRoutes, vanguardPublicityRoutes, portalRoutes, mediaServeRoutes]),
  );

  await registerAdminUi(app);
  return app;
}

/** Serves the built console (dist/admin) at /admin, with the SPA's index for every deep link. */
async function registerAdminUi(app: App) {
  const index = path.join(adminDist, 'index.html');
  if (!fs.existsSync(index)) {
    app.get('/admin', { schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send('<p>管理后台尚未构建：请运行 npm run build</p>'),
    );
    return;
  }
  await app.register(fastifyStatic, { root: adminDist, prefix: '/admin/', wildcard: false, index: false });
  const html = fs.readFileSync(index, 'utf8');
  const sendIndex = async (_req: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  app.get('/admin', { schema: { hide: true } }, sendIndex);
  app.get('/admin/*', { schema: { hide: true } }, async (req, reply) => {
    // Real files (hashed assets) are served by @fastify/static above; anything else is a console route.
    const rel = (req.params as { '*': string })['*'];
    if (rel.startsWith('assets/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '文件不存在' } });
    }
    return sendIndex(req, reply);
  });
}
