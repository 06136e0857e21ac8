import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activityContracts as c } from '../../../common/contracts/activities';
import { file } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { contentDisposition } from '../../platform/http/files';
import { notFound } from '../../errors';
import { checkinInfo } from './checkin';
import { checkInWithToken } from './commands/checkIn';
import { createFeed } from './commands/createFeed';
import { revokeFeed } from './commands/revokeFeed';
import { feedStatus, renderFeed } from './feed';
import { myHistory, personHistory } from './participantQueries';

const tags = ['activities'];

/** The origin links are made for (QR sign-in, calendar feed): PUBLIC_URL, else the request's own. */
export function baseUrl(req: FastifyRequest): string {
  const configured = req.server.deps.config.PUBLIC_URL;
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

/**
 * What a person does about their own part in activities: their history, their calendar link, and
 * signing themselves in by QR code. Any signed-in account; registered by routes.ts.
 */
export const personalActivityRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/activities/mine',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '我的活动参与记录', response: { 200: c.mine.response } },
    },
    async (req) => myHistory(db, actorOf(req)),
  );

  app.get(
    '/activities/people/:personId/history',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '某人的活动参与记录',
        params: c.history.params,
        response: { 200: c.history.response },
      },
    },
    async (req) => personHistory(db, actorOf(req), req.params.personId),
  );

  // ------------------------------------------------------------ calendar feed (self-service)

  app.get(
    '/activities/calendar-feed',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '我的日历订阅状态', response: { 200: c.feedStatus.response } },
    },
    async (req) => feedStatus(db, actorOf(req)),
  );

  app.post(
    '/activities/calendar-feed',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '生成（或重新生成）我的日历订阅链接；旧链接随即失效。链接只显示这一次',
        response: { 201: c.createFeed.response },
      },
    },
    async (req, reply) => {
      const { path } = await createFeed(db, req.ctx, actorOf(req));
      const url = `${baseUrl(req)}${path}`;
      return reply.status(201).send({ url, webcalUrl: url.replace(/^https?:/, 'webcal:') });
    },
  );

  app.delete(
    '/activities/calendar-feed',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '停用我的日历订阅链接', response: { 204: c.revokeFeed.response } },
    },
    async (req, reply) => {
      await revokeFeed(db, req.ctx, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------ QR sign-in (JSON, self-service)

  app.get(
    '/activities/checkin/:token',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '扫码签到：查看活动与签到资格',
        params: c.checkinInfo.params,
        response: { 200: c.checkinInfo.response },
      },
    },
    async (req) => checkinInfo(db, actorOf(req), req.params.token),
  );

  app.post(
    '/activities/checkin/:token',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '扫码签到', params: c.checkIn.params, response: { 200: c.checkIn.response } },
    },
    async (req) => checkInWithToken(db, req.ctx, actorOf(req), req.params.token),
  );
};

/**
 * The personal iCal feed, in the public scope: calendar apps send no cookie, so the private token
 * in the URL is the only credential (feed.ts).
 */
export const activityFeedRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/activities/feed/:file',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: '个人活动日历（iCalendar，凭私有链接访问，无需登录）',
        params: c.feed.params,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const token = req.params.file.replace(/\.ics$/, '');
      const body = await renderFeed(db, token, baseUrl(req));
      if (body === null) throw notFound('日历订阅链接无效或已停用');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', contentDisposition('inline', 'activities.ics'))
        .send(body);
    },
  );
};
