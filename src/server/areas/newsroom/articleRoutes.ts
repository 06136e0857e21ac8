import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { newsroomContracts as c } from '../../../common/contracts/newsroom';
import { noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { EDITORIAL, NEWSROOM } from './access';
import { createArticle } from './commands/createArticle';
import { deleteArticle } from './commands/deleteArticle';
import { restoreRevision } from './commands/restoreRevision';
import { transitionArticle } from './commands/transitionArticle';
import { updateArticle } from './commands/updateArticle';
import { getArticle, getRevision, listArticles, listPortalSchools, listRevisions } from './queries/articles';
import { searchConsole } from './search';

/** Articles: the workflow, revisions and the console's search. */
export const articleRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const tags = ['portal'];

  // ------------------------------------------------------------ articles
  app.get(
    '/portal/schools',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '园区的学校（mine：在本人负责范围内）',
        response: { 200: c.listSchools.response },
      },
    },
    async (req) => ({ items: await listPortalSchools(db, actorOf(req)) }),
  );
  // Reads of articles reach what the actor's scope reaches: nothing (an empty list, 404) without one.
  app.get(
    '/portal/articles',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '文章列表（按权限范围；queue=mine 我的稿件，review 待审核，signoff 待签发，scheduled 定时）',
        querystring: c.listArticles.querystring,
        response: { 200: c.listArticles.response },
      },
    },
    async (req) => listArticles(db, actorOf(req), req.query),
  );
  app.post(
    '/portal/articles',
    {
      config: { access: 'portal.edit' },
      schema: {
        tags,
        summary: '新建文章（草稿）',
        body: c.createArticle.body,
        response: { 201: c.createArticle.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createArticle(db, req.ctx, actorOf(req), req.body)),
  );
  app.get(
    '/portal/articles/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '文章详情（含流程记录、可执行操作）',
        params: c.getArticle.params,
        response: { 200: c.getArticle.response },
      },
    },
    async (req) => getArticle(db, actorOf(req), req.params.id),
  );
  app.patch(
    '/portal/articles/:id',
    {
      config: { access: EDITORIAL },
      schema: {
        tags,
        summary: '修改文章（保存标题或正文即生成一个版本；version 用于并发检查）',
        params: c.updateArticle.params,
        body: c.updateArticle.body,
        response: { 200: c.updateArticle.response },
      },
    },
    async (req) => updateArticle(db, req.ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/articles/:id',
    {
      config: { access: 'portal.edit' },
      schema: { tags, summary: '删除草稿', params: c.deleteArticle.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteArticle(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/portal/articles/:id/transitions',
    {
      config: { access: EDITORIAL },
      schema: {
        tags,
        summary:
          '流程操作：submit 提交、withdraw 撤回、approve 审核通过、return 退回、signOff 签发、takeDown 撤下、reopen 重新编辑',
        params: c.transition.params,
        body: c.transition.body,
        response: { 200: c.transition.response },
      },
    },
    async (req) =>
      transitionArticle(db, req.ctx, actorOf(req), req.params.id, req.body.action, {
        reason: req.body.reason,
      }),
  );
  app.get(
    '/portal/articles/:id/revisions',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '版本历史',
        params: c.listRevisions.params,
        response: { 200: c.listRevisions.response },
      },
    },
    async (req) => ({ items: await listRevisions(db, actorOf(req), req.params.id) }),
  );
  app.get(
    '/portal/articles/:id/revisions/:number',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '某一版本的内容',
        params: c.getRevision.params,
        response: { 200: c.getRevision.response },
      },
    },
    async (req) => getRevision(db, actorOf(req), req.params.id, req.params.number),
  );
  app.post(
    '/portal/articles/:id/revisions/:number/restore',
    {
      config: { access: EDITORIAL },
      schema: {
        tags,
        summary: '恢复到某一版本（记为新版本）',
        params: c.restoreRevision.params,
        response: { 200: c.restoreRevision.response },
      },
    },
    async (req) => restoreRevision(db, req.ctx, actorOf(req), req.params.id, req.params.number),
  );

  app.get(
    '/portal/search',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '全文检索（含草稿，按权限范围；标题命中优先）',
        querystring: c.search.querystring,
        response: { 200: c.search.response },
      },
    },
    async (req) => searchConsole(db, actorOf(req), req.query),
  );
};
