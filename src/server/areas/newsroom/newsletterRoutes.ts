import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { newsroomContracts as c } from '../../../common/contracts/newsroom';
import { file, noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { createStorage } from '../../platform/storage';
import { NEWSLETTER, NEWSROOM } from './access';
import { createIssue } from './commands/createIssue';
import { deleteIssue } from './commands/deleteIssue';
import { setIssuePublished } from './commands/setIssuePublished';
import { updateIssue } from './commands/updateIssue';
import { exportIssueDocx, exportIssueHtml, getIssue, listIssues } from './queries/newsletters';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 简讯 issues: composition, publishing, Word export and the printable page. */
export const newsletterRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const tags = ['portal'];
  // The Word export embeds the articles' pictures, read where /media serves them from.
  const media = {
    storage: createStorage({ config: app.deps.config, db }),
    siteUrl: app.deps.config.PUBLIC_URL,
  };

  // ------------------------------------------------------------ newsletter
  app.get(
    '/portal/newsletters',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '简讯列表',
        querystring: c.listIssues.querystring,
        response: { 200: c.listIssues.response },
      },
    },
    async (req) => listIssues(db, actorOf(req), req.query),
  );
  app.post(
    '/portal/newsletters',
    {
      config: { access: NEWSLETTER },
      schema: {
        tags,
        summary: '新建一期简讯',
        body: c.createIssue.body,
        response: { 201: c.createIssue.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createIssue(db, req.ctx, actorOf(req), req.body)),
  );
  app.get(
    '/portal/newsletters/:id',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '简讯详情',
        params: c.getIssue.params,
        response: { 200: c.getIssue.response },
      },
    },
    async (req) => getIssue(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/portal/newsletters/:id',
    {
      config: { access: NEWSLETTER },
      schema: {
        tags,
        summary: '修改简讯',
        params: c.updateIssue.params,
        body: c.updateIssue.body,
        response: { 200: c.updateIssue.response },
      },
    },
    async (req) => updateIssue(db, req.ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/newsletters/:id',
    {
      config: { access: NEWSLETTER },
      schema: {
        tags,
        summary: '删除未发布的简讯',
        params: c.deleteIssue.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteIssue(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/portal/newsletters/:id/publish',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '发布简讯到网站',
        params: c.publishIssue.params,
        response: { 200: c.publishIssue.response },
      },
    },
    async (req) => setIssuePublished(db, req.ctx, actorOf(req), req.params.id, true),
  );
  app.post(
    '/portal/newsletters/:id/unpublish',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '撤回简讯',
        params: c.unpublishIssue.params,
        response: { 200: c.unpublishIssue.response },
      },
    },
    async (req) => setIssuePublished(db, req.ctx, actorOf(req), req.params.id, false),
  );
  app.get(
    '/portal/newsletters/:id/export.docx',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '导出 Word（A4 简讯版式）',
        params: c.exportIssue.params,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const out = await exportIssueDocx(db, actorOf(req), req.params.id, media);
      return sendFile(reply, { type: DOCX, fileName: out.fileName, body: out.body });
    },
  );
  app.get(
    '/portal/newsletters/:id/print',
    {
      config: { access: NEWSROOM },
      schema: { tags, summary: '可打印的网页版', params: c.printIssue.params, response: { 200: file } },
    },
    async (req, reply) => {
      const out = await exportIssueHtml(db, actorOf(req), req.params.id);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(out.body);
    },
  );
};
