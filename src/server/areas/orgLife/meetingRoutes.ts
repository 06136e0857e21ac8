import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { ORGLIFE_WRITE } from './policy';
import { createMeeting } from './commands/createMeeting';
import { updateMeeting } from './commands/updateMeeting';
import { deleteMeeting } from './commands/deleteMeeting';
import { complianceBoard, getMeeting, listMeetings } from './queries/meetings';

const tags = ['orgLife'];

/**
 * Meeting records (三会一课, 主题党日, 组织生活会) and the compliance board. Reads are 'signedIn'
 * because a member sees their branch's meetings (scoped in queries/meetings.ts). Registered by
 * routes.ts.
 */
export const meetingRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  // ——— meetings ———

  app.get(
    '/orglife/meetings/compliance',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '三会一课落实情况（红黄绿）',
        querystring: c.compliance.querystring,
        response: { 200: c.compliance.response },
      },
    },
    async (req) => complianceBoard(db, actorOf(req), req.query),
  );

  app.get(
    '/orglife/meetings',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '会议记录列表',
        querystring: c.meetings.querystring,
        response: { 200: c.meetings.response },
      },
    },
    async (req) => listMeetings(db, actorOf(req), req.query),
  );

  app.post(
    '/orglife/meetings',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '登记会议（三会一课、主题党日、组织生活会）',
        body: c.createMeeting.body,
        response: { 201: c.createMeeting.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createMeeting(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/meetings/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '会议记录详情',
        params: c.meeting.params,
        response: { 200: c.meeting.response },
      },
    },
    async (req) => getMeeting(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/orglife/meetings/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '修改会议记录',
        params: c.updateMeeting.params,
        body: c.updateMeeting.body,
        response: { 200: c.updateMeeting.response },
      },
    },
    async (req) => updateMeeting(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/orglife/meetings/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: { tags, summary: '删除会议记录', params: c.deleteMeeting.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteMeeting(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
