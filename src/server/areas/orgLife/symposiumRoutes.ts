import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { file } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { ORGLIFE_READ, ORGLIFE_WRITE } from './policy';
import { createSymposium } from './commands/createSymposium';
import { updateSymposium } from './commands/updateSymposium';
import { putAttendees } from './commands/putAttendees';
import { startCardBatch } from './commands/startCardBatch';
import { getSymposium, listSymposiums } from './queries/symposiums';
import { cardBatchPdf, getCardBatch, memberCard } from './queries/cards';

const tags = ['orgLife'];

/**
 * Political-birthday symposiums (arranged, attended, minuted) and birthday cards: one member's
 * card as PNG or PDF, and a month's cards as one PDF made by a background batch. The symposium
 * and batch reads are 'signedIn' because a member sees their branch's. Registered by routes.ts.
 */
export const symposiumRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  // ——— symposiums ———

  app.get(
    '/orglife/symposiums',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '政治生日座谈会列表',
        querystring: c.symposiums.querystring,
        response: { 200: c.symposiums.response },
      },
    },
    async (req) => listSymposiums(db, actorOf(req), req.query),
  );

  app.post(
    '/orglife/symposiums',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '安排政治生日座谈会（支部或党总支；参加人员默认取当月名单）',
        body: c.createSymposium.body,
        response: { 201: c.createSymposium.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createSymposium(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/symposiums/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '座谈会详情',
        params: c.symposium.params,
        response: { 200: c.symposium.response },
      },
    },
    async (req) => getSymposium(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/orglife/symposiums/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '修改座谈会：时间地点、状态、纪要、照片',
        params: c.updateSymposium.params,
        body: c.updateSymposium.body,
        response: { 200: c.updateSymposium.response },
      },
    },
    async (req) => updateSymposium(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.put(
    '/orglife/symposiums/:id/attendees',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '参加人员与出席情况',
        params: c.putAttendees.params,
        body: c.putAttendees.body,
        response: { 200: c.putAttendees.response },
      },
    },
    async (req) => putAttendees(db, req.ctx, actorOf(req), req.params.id, req.body.items),
  );

  // ——— cards ———

  app.get(
    '/orglife/cards/:personId',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '政治生日贺卡（PNG 或 PDF）',
        params: c.card.params,
        querystring: c.card.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const { year, format, download } = req.query;
      const card = await memberCard(db, actorOf(req), req.params.personId, year, format);
      return sendFile(reply, {
        type: format === 'png' ? 'image/png' : 'application/pdf',
        fileName: card.fileName,
        body: card.body,
        disposition: download ? 'attachment' : 'inline',
      });
    },
  );

  app.post(
    '/orglife/cards/batches',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '生成一个月的全部贺卡（一个 PDF，后台进行，可查询进度）',
        body: c.startCardBatch.body,
        response: { 202: c.startCardBatch.response },
      },
    },
    async (req, reply) => reply.status(202).send(await startCardBatch(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/cards/batches/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '贺卡批次进度',
        params: c.cardBatch.params,
        response: { 200: c.cardBatch.response },
      },
    },
    async (req) => getCardBatch(db, actorOf(req), req.params.id),
  );

  app.get(
    '/orglife/cards/batches/:id/pdf',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '下载贺卡批次 PDF', params: c.cardBatchPdf.params, response: { 200: file } },
    },
    async (req, reply) => {
      const pdf = await cardBatchPdf(db, actorOf(req), req.params.id);
      return sendFile(reply, { type: 'application/pdf', fileName: pdf.fileName, body: pdf.body });
    },
  );
};
