import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth';
import { listNotifications, markRead } from './service';

export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: '我的通知',
        querystring: z.object({
          unreadOnly: z.enum(['true', 'false']).default('false'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) =>
      listNotifications(db, requireActor(req), { ...req.query, unreadOnly: req.query.unreadOnly === 'true' }),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: '标记通知为已读（不传 id 则全部）',
        body: z.object({ id: z.string().uuid().optional() }).default({}),
      },
    },
    async (req) => {
      await markRead(db, requireActor(req), req.body.id);
      return { ok: true };
    },
  );
};
