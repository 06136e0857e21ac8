import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { activityContracts as c } from '../../../common/contracts/activities';
import { file } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { notFound } from '../../errors';
import { checkinPath, checkinQr } from './checkin';
import { addAward } from './commands/addAward';
import { addParticipants } from './commands/addParticipants';
import { addPhoto } from './commands/addPhoto';
import { createActivity } from './commands/createActivity';
import { createKind } from './commands/createKind';
import { draftArticle } from './commands/draftArticle';
import { issueCheckinToken } from './commands/issueCheckinToken';
import { markAttendance } from './commands/markAttendance';
import { removeAward } from './commands/removeAward';
import { removeParticipant } from './commands/removeParticipant';
import { removePhoto } from './commands/removePhoto';
import { revokeCheckinTokens } from './commands/revokeCheckinTokens';
import { updateActivity } from './commands/updateActivity';
import { currentCheckinToken, listParticipants } from './participantQueries';
import { activityFeedRoutes, baseUrl, personalActivityRoutes } from './personalRoutes';
import { getActivity, listActivities, listCalendar, listKinds } from './queries';

export { activityFeedRoutes };

const tags = ['activities'];

/**
 * Activities API under /api/activities. HTTP only: contracts from common/contracts/activities.ts,
 * the rest in commands and queries. Writes on an activity need `activities.manage` somewhere; whether
 * it reaches THIS activity (404 for those who cannot read it, 403 for its participants) is asked by
 * queries.loadManageableActivity. Reads are open to every signed-in account and scoped there too.
 * One's own history, calendar link and QR sign-in are personalRoutes.ts; the QR sign-in phone page
 * (GET/POST /checkin/:token, outside /api) is checkinPage.ts.
 */
export const activityRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  await app.register(personalActivityRoutes);

  app.get(
    '/activities/kinds',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '活动类型（内置与本园区自定义）', response: { 200: c.kinds.response } },
    },
    async (req) => listKinds(db, actorOf(req)),
  );

  app.post(
    '/activities/kinds',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '新增自定义活动类型',
        body: c.createKind.body,
        response: { 201: c.createKind.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createKind(db, req.ctx, actorOf(req), req.body.name)),
  );

  app.get(
    '/activities',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '活动列表（按权限范围）',
        querystring: c.list.querystring,
        response: { 200: c.list.response },
      },
    },
    async (req) => listActivities(db, actorOf(req), req.query),
  );

  app.get(
    '/activities/calendar',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '日历视图：某段日期内的活动（含首尾两天，北京时间）',
        querystring: c.calendar.querystring,
        response: { 200: c.calendar.response },
      },
    },
    async (req) => listCalendar(db, actorOf(req), req.query),
  );

  // ------------------------------------------------------------ one activity

  app.post(
    '/activities',
    {
      config: { access: 'activities.manage' },
      schema: { tags, summary: '新建活动', body: c.create.body, response: { 201: c.create.response } },
    },
    async (req, reply) => reply.status(201).send(await createActivity(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/activities/:id',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '活动详情', params: c.get.params, response: { 200: c.get.response } },
    },
    async (req) => getActivity(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/activities/:id',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '修改活动（含状态、活动成果）',
        params: c.update.params,
        body: c.update.body,
        response: { 200: c.update.response },
      },
    },
    async (req) => updateActivity(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  // Manager-only reads stay 'signedIn': the record decides between 404 (cannot read) and 403 (participant).
  app.get(
    '/activities/:id/participants',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '参加人员与签到情况',
        params: c.participants.params,
        response: { 200: c.participants.response },
      },
    },
    async (req) => listParticipants(db, actorOf(req), req.params.id),
  );

  app.post(
    '/activities/:id/participants',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary:
          '添加参加人员：个人，或整个班级 / 年级 / 科室 / 支部 / 党小组 / 学校（按当前人员展开，并记住该集体）',
        params: c.addParticipants.params,
        body: c.addParticipants.body,
        response: { 200: c.addParticipants.response },
      },
    },
    async (req) => addParticipants(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/activities/:id/participants/:personId',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '移除参加人员',
        params: c.removeParticipant.params,
        response: { 204: c.removeParticipant.response },
      },
    },
    async (req, reply) => {
      await removeParticipant(db, req.ctx, actorOf(req), req.params.id, req.params.personId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/activities/:id/attendance',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '组织者代签到（勾选到场人员）或取消签到',
        params: c.attendance.params,
        body: c.attendance.body,
        response: { 200: c.attendance.response },
      },
    },
    async (req) => markAttendance(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/activities/:id/checkin-token',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '生成签到二维码链接（旧的随即失效）；默认有效至活动结束后 2 小时',
        params: c.issueToken.params,
        body: c.issueToken.body,
        response: { 201: c.issueToken.response },
      },
    },
    async (req, reply) => {
      const t = await issueCheckinToken(db, req.ctx, actorOf(req), req.params.id, req.body.minutes);
      return reply.status(201).send({ ...t, url: `${baseUrl(req)}${checkinPath(t.token)}` });
    },
  );

  app.get(
    '/activities/:id/checkin-token',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '当前有效的签到链接（没有则为 null）',
        params: c.currentToken.params,
        response: { 200: c.currentToken.response },
      },
    },
    async (req) => {
      const t = await currentCheckinToken(db, actorOf(req), req.params.id);
      return { current: t ? { ...t, url: `${baseUrl(req)}${checkinPath(t.token)}` } : null };
    },
  );

  app.delete(
    '/activities/:id/checkin-token',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '停用签到二维码',
        params: c.revokeTokens.params,
        response: { 204: c.revokeTokens.response },
      },
    },
    async (req, reply) => {
      await revokeCheckinTokens(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/activities/:id/checkin-qr',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '当前签到二维码图片（PNG 或 SVG）',
        params: c.qr.params,
        querystring: c.qr.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const t = await currentCheckinToken(db, actorOf(req), req.params.id);
      if (!t) throw notFound('没有有效的签到二维码，请先生成');
      const image = await checkinQr(`${baseUrl(req)}${checkinPath(t.token)}`, req.query.format);
      return sendFile(reply, {
        type: req.query.format === 'png' ? 'image/png' : 'image/svg+xml',
        fileName: `签到二维码.${req.query.format}`,
        body: image,
        disposition: 'inline',
      });
    },
  );

  app.post(
    '/activities/:id/awards',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '登记获奖（个人或集体，二选一）',
        params: c.addAward.params,
        body: c.addAward.body,
        response: { 201: c.addAward.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addAward(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/activities/:id/awards/:awardId',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '删除获奖记录',
        params: c.removeAward.params,
        response: { 204: c.removeAward.response },
      },
    },
    async (req, reply) => {
      await removeAward(db, req.ctx, actorOf(req), req.params.id, req.params.awardId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/activities/:id/photos',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '添加活动照片（先经媒体库上传得到 mediaId）',
        params: c.addPhoto.params,
        body: c.addPhoto.body,
        response: { 201: c.addPhoto.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addPhoto(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.delete(
    '/activities/:id/photos/:photoId',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary: '移除活动照片',
        params: c.removePhoto.params,
        response: { 204: c.removePhoto.response },
      },
    },
    async (req, reply) => {
      await removePhoto(db, req.ctx, actorOf(req), req.params.id, req.params.photoId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/activities/:id/article-draft',
    {
      config: { access: 'activities.manage' },
      schema: {
        tags,
        summary:
          '一键生成网站文章草稿：有网站编辑权限时直接建立草稿文章（create=false 只返回内容），否则返回标题、摘要、正文 HTML、封面供网站编辑使用',
        params: c.articleDraft.params,
        body: c.articleDraft.body,
        response: { 200: c.articleDraft.response },
      },
    },
    async (req) => draftArticle(db, req.ctx, actorOf(req), req.params.id, req.body),
  );
};
