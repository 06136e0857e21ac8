import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { notificationContracts as c } from '../../../common/contracts/notifications';
import { actorOf } from '../../platform/http/guard';
import { listNotifications, markRead } from './service';

const tags = ['notifications'];

/** Everyone's own notifications: reading them needs no permission beyond being signed in. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/notifications',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '我的通知',
        querystring: c.list.querystring,
        response: { 200: c.list.response },
      },
    },
    async (req) =>
      listNotifications(db, actorOf(req), { ...req.query, unreadOnly: req.query.unreadOnly === 'true' }),
  );

  app.post(
    '/notifications/read',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '标记通知为已读（不传 id 则全部）',
        body: c.markRead.body,
        response: { 200: c.markRead.response },
      },
    },
    async (req) => {
      await markRead(db, actorOf(req), req.body.id);
      return { ok: true as const };
    },
  );
};
