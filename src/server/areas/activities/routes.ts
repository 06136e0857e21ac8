import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth';
import { ACTIVITY_STATUSES } from './rules';
import { isIsoDate } from '../../../common/dates';
import { badRequest, forbidden, notFound } from '../../errors';
import { canManageActivities } from './policy';
import { createFeed, feedStatus, renderFeed, revokeFeed } from './calendar';
import { checkinInfo, checkInWithToken, checkinPath, checkinQr } from './checkin';
import { listActivities } from './queries';
import {
  addAward,
  addParticipants,
  addPhoto,
  articleDraft,
  createActivity,
  createKind,
  currentCheckinToken,
  getActivity,
  issueCheckinToken,
  listKinds,
  listParticipants,
  markAttendance,
  personHistory,
  removeAward,
  removeParticipant,
  removePhoto,
  revokeCheckinTokens,
  updateActivity,
} from './service';

/**
 * Activities API (issue 4 §2), under /api/activities. The QR sign-in page itself (GET/POST
 * /checkin/:token, server-rendered, outside /api) is in checkinPage.ts.
 */
const uuid = (what: string) => z.string().uuid(`${what}格式不正确`);
const idParams = z.object({ id: uuid('活动编号') });
const instant = (what: string) =>
  z.iso
    .datetime({ offset: true, message: `${what}格式不正确（ISO 8601，带时区）` })
    .transform((s) => new Date(s));
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable().optional();
/** A JSON body that may be left out entirely (no body arrives as null). */
const optionalBody = <T extends z.ZodType>(schema: T) => z.preprocess((v) => v ?? {}, schema);
const calendarDay = (what: string) => z.string().refine(isIsoDate, `${what}格式应为 YYYY-MM-DD`);

/** The start of a calendar day in Asia/Shanghai (UTC+8, no daylight saving) as an instant. */
const shanghaiDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const nextDay = (day: string) => new Date(shanghaiDayStart(day).getTime() + 86_400_000);

const activityBody = z.object({
  kind: z.string().min(1, '请选择活动类型'),
  title: z.string().trim().min(1, '请输入活动名称').max(200, '活动名称不能超过 200 个字'),
  theme: optionalText(200, '活动主题'),
  organiserId: uuid('组织单位'),
  startsAt: instant('开始时间'),
  endsAt: instant('结束时间'),
  place: optionalText(200, '地点'),
  description: optionalText(20000, '活动内容'),
  isOpen: z.boolean().optional(),
});

export function baseUrl(req: FastifyRequest): string {
  const configured = req.server.deps.config.PUBLIC_URL;
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/activities/kinds',
    { schema: { tags: ['activities'], summary: '活动类型（内置与本园区自定义）' } },
    async (req) => listKinds(db, requireActor(req)),
  );

  app.post(
    '/activities/kinds',
    {
      schema: {
        tags: ['activities'],
        summary: '新增自定义活动类型',
        body: z.object({
          name: z.string().trim().min(1, '请输入类型名称').max(50, '类型名称不能超过 50 个字'),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createKind(db, req.ctx, requireActor(req), req.body.name)),
  );

  app.get(
    '/activities',
    {
      schema: {
        tags: ['activities'],
        summary: '活动列表（按权限范围）',
        querystring: z.object({
          from: calendarDay('开始日期').optional(),
          to: calendarDay('结束日期').optional(),
          kind: z.string().optional(),
          organiserId: uuid('组织单位').optional(),
          status: z.enum(ACTIVITY_STATUSES).optional(),
          q: z.string().trim().max(100).optional(),
          mine: z.enum(['true', 'false']).default('false'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const q = req.query;
      const { items, total } = await listActivities(
        db,
        actor,
        {
          from: q.from ? shanghaiDayStart(q.from) : undefined,
          to: q.to ? nextDay(q.to) : undefined,
          kind: q.kind,
          organiserId: q.organiserId,
          status: q.status,
          q: q.q || undefined,
          mine: q.mine === 'true',
        },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      );
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/activities/calendar',
    {
      schema: {
        tags: ['activities'],
        summary: '日历视图：某段日期内的活动（含首尾两天，北京时间）',
        querystring: z.object({ from: calendarDay('开始日期'), to: calendarDay('结束日期') }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const from = shanghaiDayStart(req.query.from);
      const to = nextDay(req.query.to);
      if (to <= from)
        throw badRequest('VALIDATION_FAILED', '结束日期不能早于开始日期', { to: '结束日期不能早于开始日期' });
      if (to.getTime() - from.getTime() > 400 * 86_400_000) {
        throw badRequest('VALIDATION_FAILED', '日历一次最多查询 400 天', { to: '日期范围过大' });
      }
      const { items } = await listActivities(db, actor, { from, to }, { limit: 2000, offset: 0 });
      return {
        from: req.query.from,
        to: req.query.to,
        items: items.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
      };
    },
  );

  app.get(
    '/activities/mine',
    { schema: { tags: ['activities'], summary: '我的活动参与记录' } },
    async (req) => {
      const actor = requireActor(req);
      if (!actor.personId) return { items: [] };
      return personHistory(db, actor, actor.personId);
    },
  );

  app.get(
    '/activities/people/:personId/history',
    {
      schema: {
        tags: ['activities'],
        summary: '某人的活动参与记录',
        params: z.object({ personId: uuid('人员编号') }),
      },
    },
    async (req) => personHistory(db, requireActor(req), req.params.personId),
  );

  // ------------------------------------------------------------ calendar feed

  app.get(
    '/activities/calendar-feed',
    { schema: { tags: ['activities'], summary: '我的日历订阅状态' } },
    async (req) => feedStatus(db, requireActor(req)),
  );

  app.post(
    '/activities/calendar-feed',
    {
      schema: {
        tags: ['activities'],
        summary: '生成（或重新生成）我的日历订阅链接；旧链接随即失效。链接只显示这一次',
      },
    },
    async (req, reply) => {
      const { path } = await createFeed(db, req.ctx, requireActor(req));
      const url = `${baseUrl(req)}${path}`;
      return reply.status(201).send({ url, webcalUrl: url.replace(/^https?:/, 'webcal:') });
    },
  );

  app.delete(
    '/activities/calendar-feed',
    { schema: { tags: ['activities'], summary: '停用我的日历订阅链接' } },
    async (req, reply) => {
      await revokeFeed(db, req.ctx, requireActor(req));
      return reply.status(204).send();
    },
  );

  app.get(
    '/activities/feed/:file',
    {
      schema: {
        tags: ['activities'],
        summary: '个人活动日历（iCalendar，凭私有链接访问，无需登录）',
        params: z.object({ file: z.string().max(200) }),
      },
    },
    async (req, reply) => {
      const token = req.params.file.replace(/\.ics$/, '');
      const body = await renderFeed(db, token, baseUrl(req));
      if (body === null) throw notFound('日历订阅链接无效或已停用');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="activities.ics"')
        .send(body);
    },
  );

  // ------------------------------------------------------------ QR sign-in (JSON)

  const tokenParams = z.object({ token: z.string().min(1).max(100) });

  app.get(
    '/activities/checkin/:token',
    { schema: { tags: ['activities'], summary: '扫码签到：查看活动与签到资格', params: tokenParams } },
    async (req) => checkinInfo(db, requireActor(req), req.params.token),
  );

  app.post(
    '/activities/checkin/:token',
    { schema: { tags: ['activities'], summary: '扫码签到', params: tokenParams } },
    async (req) => checkInWithToken(db, req.ctx, requireActor(req), req.params.token),
  );

  // ------------------------------------------------------------ one activity

  app.post(
    '/activities',
    { schema: { tags: ['activities'], summary: '新建活动', body: activityBody } },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!canManageActivities(actor)) throw forbidden('只有活动组织者可以新建活动');
      return reply.status(201).send(await createActivity(db, req.ctx, actor, req.body));
    },
  );

  app.get(
    '/activities/:id',
    { schema: { tags: ['activities'], summary: '活动详情', params: idParams } },
    async (req) => getActivity(db, requireActor(req), req.params.id),
  );

  app.patch(
    '/activities/:id',
    {
      schema: {
        tags: ['activities'],
        summary: '修改活动（含状态、活动成果）',
        params: idParams,
        body: activityBody.partial().extend({
          status: z.enum(ACTIVITY_STATUSES, '活动状态不正确').optional(),
          results: optionalText(20000, '活动成果'),
        }),
      },
    },
    async (req) => updateActivity(db, req.ctx, requireActor(req), req.params.id, req.body),
  );

  app.get(
    '/activities/:id/participants',
    { schema: { tags: ['activities'], summary: '参加人员与签到情况', params: idParams } },
    async (req) => listParticipants(db, requireActor(req), req.params.id),
  );

  app.post(
    '/activities/:id/participants',
    {
      schema: {
        tags: ['activities'],
        summary:
          '添加参加人员：个人，或整个班级 / 年级 / 科室 / 支部 / 党小组 / 学校（按当前人员展开，并记住该集体）',
        params: idParams,
        body: z
          .object({
            personIds: z.array(uuid('人员编号')).max(5000).optional(),
            groupIds: z.array(uuid('单位编号')).max(200).optional(),
          })
          .refine((b) => (b.personIds?.length ?? 0) + (b.groupIds?.length ?? 0) > 0, {
            message: '请选择人员或集体',
            path: ['personIds'],
          }),
      },
    },
    async (req) => addParticipants(db, req.ctx, requireActor(req), req.params.id, req.body),
  );

  app.delete(
    '/activities/:id/participants/:personId',
    {
      schema: {
        tags: ['activities'],
        summary: '移除参加人员',
        params: z.object({ id: uuid('活动编号'), personId: uuid('人员编号') }),
      },
    },
    async (req, reply) => {
      await removeParticipant(db, req.ctx, requireActor(req), req.params.id, req.params.personId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/activities/:id/attendance',
    {
      schema: {
        tags: ['activities'],
        summary: '组织者代签到（勾选到场人员）或取消签到',
        params: idParams,
        body: z.object({
          personIds: z.array(uuid('人员编号')).min(1, '请选择人员').max(5000),
          present: z.boolean().default(true),
        }),
      },
    },
    async (req) => markAttendance(db, req.ctx, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/activities/:id/checkin-token',
    {
      schema: {
        tags: ['activities'],
        summary: '生成签到二维码链接（旧的随即失效）；默认有效至活动结束后 2 小时',
        params: idParams,
        body: optionalBody(
          z.object({
            minutes: z
              .number()
              .int()
              .min(1)
              .max(7 * 24 * 60, '有效期最长 7 天')
              .optional(),
          }),
        ),
      },
    },
    async (req, reply) => {
      const t = await issueCheckinToken(db, req.ctx, requireActor(req), req.params.id, req.body.minutes);
      return reply.status(201).send({ ...t, url: `${baseUrl(req)}${checkinPath(t.token)}` });
    },
  );

  app.get(
    '/activities/:id/checkin-token',
    { schema: { tags: ['activities'], summary: '当前有效的签到链接（没有则为 null）', params: idParams } },
    async (req) => {
      const t = await currentCheckinToken(db, requireActor(req), req.params.id);
      return { current: t ? { ...t, url: `${baseUrl(req)}${checkinPath(t.token)}` } : null };
    },
  );

  app.delete(
    '/activities/:id/checkin-token',
    { schema: { tags: ['activities'], summary: '停用签到二维码', params: idParams } },
    async (req, reply) => {
      await revokeCheckinTokens(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/activities/:id/checkin-qr',
    {
      schema: {
        tags: ['activities'],
        summary: '当前签到二维码图片（PNG 或 SVG）',
        params: idParams,
        querystring: z.object({ format: z.enum(['png', 'svg']).default('png') }),
      },
    },
    async (req, reply) => {
      const t = await currentCheckinToken(db, requireActor(req), req.params.id);
      if (!t) throw notFound('没有有效的签到二维码，请先生成');
      const image = await checkinQr(`${baseUrl(req)}${checkinPath(t.token)}`, req.query.format);
      return reply
        .type(req.query.format === 'png' ? 'image/png' : 'image/svg+xml')
        .header('cache-control', 'no-store')
        .send(image);
    },
  );

  app.post(
    '/activities/:id/awards',
    {
      schema: {
        tags: ['activities'],
        summary: '登记获奖（个人或集体，二选一）',
        params: idParams,
        body: z.object({
          award: z.string().trim().min(1, '请输入奖项，如“一等奖”').max(100, '奖项不能超过 100 个字'),
          personId: uuid('获奖人').optional(),
          orgNodeId: uuid('获奖集体').optional(),
          note: optionalText(500, '备注'),
          sortOrder: z.number().int().min(0).max(10000).optional(),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addAward(db, req.ctx, requireActor(req), req.params.id, req.body)),
  );

  app.delete(
    '/activities/:id/awards/:awardId',
    {
      schema: {
        tags: ['activities'],
        summary: '删除获奖记录',
        params: z.object({ id: uuid('活动编号'), awardId: uuid('获奖记录编号') }),
      },
    },
    async (req, reply) => {
      await removeAward(db, req.ctx, requireActor(req), req.params.id, req.params.awardId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/activities/:id/photos',
    {
      schema: {
        tags: ['activities'],
        summary: '添加活动照片（先经媒体库上传得到 mediaId）',
        params: idParams,
        body: z.object({
          mediaId: uuid('照片文件编号'),
          caption: optionalText(200, '照片说明'),
          sortOrder: z.number().int().min(0).max(10000).optional(),
        }),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addPhoto(db, req.ctx, requireActor(req), req.params.id, req.body)),
  );

  app.delete(
    '/activities/:id/photos/:photoId',
    {
      schema: {
        tags: ['activities'],
        summary: '移除活动照片',
        params: z.object({ id: uuid('活动编号'), photoId: uuid('照片编号') }),
      },
    },
    async (req, reply) => {
      await removePhoto(db, req.ctx, requireActor(req), req.params.id, req.params.photoId);
      return reply.status(204).send();
    },
  );

  app.post(
    '/activities/:id/article-draft',
    {
      schema: {
        tags: ['activities'],
        summary:
          '一键生成网站文章草稿：有网站编辑权限时直接建立草稿文章（create=false 只返回内容），否则返回标题、摘要、正文 HTML、封面供网站编辑使用',
        params: idParams,
        body: optionalBody(z.object({ create: z.boolean().default(true) })),
      },
    },
    async (req) => articleDraft(db, req.ctx, requireActor(req), req.params.id, req.body),
  );
};
