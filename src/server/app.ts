import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
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
import { AppError, type ErrorBody } from './errors';
import { authPlugin } from './platform/http/auth';
import { fromRoot } from './platform/paths';
import { registerApi } from './areas/index';
import { installRouteCatalog, publicScope } from './platform/http/guard';
import { checkinPageRoutes } from './areas/activities/checkinPage';
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
const adminDist = fromRoot('dist/admin');

/** Builds the whole application without listening: main.ts listens, tests call app.inject(). */
export async function buildApp(deps: AppDeps, opts: { logger?: boolean | object } = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.LOG_LEVEL },
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  installRouteCatalog(app);

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(cookie);
  await app.register(helmet, {
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
  });
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

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (err.fields) body.error.fields = err.fields;
      return reply.status(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const key =
          v.instancePath.replace(/^\//, '').replace(/\//g, '.') || err.validationContext || 'request';
        fields[key] ??= v.message ?? '格式不正确';
      }
      const where = err.validationContext === 'querystring' ? '查询参数' : '提交的内容';
      return reply
        .status(400)
        .send({ error: { code: 'VALIDATION_FAILED', message: `${where}有误，请检查后重试`, fields } });
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') {
      return reply
        .status(413)
        .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: '提交的内容或文件过大' } });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply
        .status(415)
        .send({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' } });
    }
    if (status >= 400 && status < 500) {
      const code = /JSON/.test(err.code ?? '') || err.name === 'SyntaxError' ? 'INVALID_JSON' : 'BAD_REQUEST';
      return reply
        .status(status)
        .send({ error: { code, message: code === 'INVALID_JSON' ? '请求内容不是有效的 JSON' : '请求有误' } });
    }
    req.log.error(err);
    return reply.status(500).send({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后重试' } });
  });

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
    sessionTtlHours: deps.config.SESSION_TTL_HOURS,
    secureCookies: (deps.config.PUBLIC_URL ?? '').startsWith('https://'),
  });
  await app.register(registerApi, { prefix: '/api' });
  // The public site's state sits on the root: the not-found handler above renders its 404 page.
  await app.register(portalPlugin, { database: deps.database, publicUrl: deps.config.PUBLIC_URL });
  // Pages at the root, outside /api: anyone may call them (each route says so). The check-in page
  // resolves the session itself and sends the visitor to the login page without one.
  await app.register(publicScope([checkinPageRoutes, portalRoutes, mediaServeRoutes]));

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
