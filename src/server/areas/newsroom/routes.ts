import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { newsroomContracts as c } from '../../../common/contracts/newsroom';
import { file, noContent } from '../../../common/schemas';
import type { Permission } from '../../access/roles';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { createStorage } from '../../platform/storage';
import { createArticle } from './commands/createArticle';
import { createColumn } from './commands/createColumn';
import { createIssue } from './commands/createIssue';
import { createShowcaseItem } from './commands/createShowcaseItem';
import { deleteArticle } from './commands/deleteArticle';
import { deleteColumn } from './commands/deleteColumn';
import { deleteIssue } from './commands/deleteIssue';
import { deleteShowcaseItem } from './commands/deleteShowcaseItem';
import { restoreRevision } from './commands/restoreRevision';
import { setIssuePublished } from './commands/setIssuePublished';
import { transitionArticle } from './commands/transitionArticle';
import { updateArticle } from './commands/updateArticle';
import { updateColumn } from './commands/updateColumn';
import { updateIssue } from './commands/updateIssue';
import { updateSettings } from './commands/updateSettings';
import { updateShowcaseItem } from './commands/updateShowcaseItem';
import { openUploadStream, uploadMedia } from './commands/uploadMedia';
import { getArticle, getRevision, listArticles, listPortalSchools, listRevisions } from './queries/articles';
import { listColumns } from './queries/columns';
import { getMediaForPark, listMedia } from './queries/media';
import { exportIssueDocx, exportIssueHtml, getIssue, listIssues } from './queries/newsletters';
import { getPortalSettings } from './queries/settings';
import { listShowcase } from './queries/showcase';
import { statsSummary, viewsOverTime } from './queries/stats';
import { presentMedia } from './presenter';
import { searchConsole } from './search';

/**
 * The newsroom API under /api/portal: columns, articles (workflow, revisions), media, search,
 * newsletter issues, showcase items, settings and statistics. HTTP only: shapes from
 * common/contracts/newsroom.ts; the route names who may call it at all, and the commands and
 * queries ask policy.ts about the record at hand.
 */

/** Anyone in the newsroom (policy.ts canUseNewsroom). */
const NEWSROOM: readonly Permission[] = ['portal.edit', 'portal.review', 'portal.signoff', 'portal.site'];
/** Whoever may take part in an article's workflow. */
const EDITORIAL: readonly Permission[] = ['portal.edit', 'portal.review', 'portal.signoff'];
/** Newsletter issues are composed by editors and site managers (policy.ts canEditNewsletter). */
const NEWSLETTER: readonly Permission[] = ['portal.edit', 'portal.site'];
/** Those who run organisational life upload photos and attachments too (policy.ts canUploadMedia). */
const UPLOAD: readonly Permission[] = [...NEWSROOM, 'activities.manage', 'members.write'];

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const newsroomRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const storage = createStorage({ dataDir: app.deps.config.dataDir });
  const mediaDeps = { storage, tmpDir: path.join(app.deps.config.dataDir, 'tmp') };
  const tags = ['portal'];

  // ------------------------------------------------------------ columns
  app.get(
    '/portal/columns',
    {
      config: { access: NEWSROOM },
      schema: { tags, summary: '栏目列表', response: { 200: c.listColumns.response } },
    },
    async (req) => ({ items: await listColumns(db, actorOf(req)) }),
  );
  app.post(
    '/portal/columns',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '新增栏目',
        body: c.createColumn.body,
        response: { 201: c.createColumn.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createColumn(db, req.ctx, actorOf(req), req.body)),
  );
  app.patch(
    '/portal/columns/:id',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '修改栏目（名称、路径、顺序、显示、类型）',
        params: c.updateColumn.params,
        body: c.updateColumn.body,
        response: { 200: c.updateColumn.response },
      },
    },
    async (req) => updateColumn(db, req.ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/columns/:id',
    {
      config: { access: 'portal.site' },
      schema: { tags, summary: '删除空栏目', params: c.deleteColumn.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteColumn(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

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

  // ------------------------------------------------------------ media
  app.post(
    '/portal/media',
    {
      config: { access: UPLOAD },
      schema: {
        tags,
        summary: '上传文件（multipart，字段 file；purpose=image|attachment|audio|video）',
        querystring: c.uploadMedia.querystring,
        response: { 201: c.uploadMedia.response },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const incoming = await openUploadStream(req);
      const media = await uploadMedia(db, req.ctx, actor, mediaDeps, req.query.purpose, incoming);
      return reply.status(201).send(media);
    },
  );
  app.get(
    '/portal/media',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '已上传的文件',
        querystring: c.listMedia.querystring,
        response: { 200: c.listMedia.response },
      },
    },
    async (req) => listMedia(db, actorOf(req), req.query),
  );
  // Any account of the park: activities and meetings show the files attached to them.
  app.get(
    '/portal/media/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '文件信息',
        params: c.getMedia.params,
        response: { 200: c.getMedia.response },
      },
    },
    async (req) => presentMedia(await getMediaForPark(db, actorOf(req).parkId, req.params.id)),
  );

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
      const out = await exportIssueDocx(db, actorOf(req), req.params.id);
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

  // ------------------------------------------------------------ showcase
  app.get(
    '/portal/showcase',
    {
      config: { access: NEWSROOM },
      schema: { tags, summary: '宣传橱窗条目', response: { 200: c.listShowcase.response } },
    },
    async (req) => ({ items: await listShowcase(db, actorOf(req)) }),
  );
  app.post(
    '/portal/showcase',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '新增橱窗条目',
        body: c.createShowcase.body,
        response: { 201: c.createShowcase.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createShowcaseItem(db, req.ctx, actorOf(req), req.body)),
  );
  app.patch(
    '/portal/showcase/:id',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '修改橱窗条目',
        params: c.updateShowcase.params,
        body: c.updateShowcase.body,
        response: { 200: c.updateShowcase.response },
      },
    },
    async (req) => updateShowcaseItem(db, req.ctx, actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/showcase/:id',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '删除橱窗条目',
        params: c.deleteShowcase.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteShowcaseItem(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // ------------------------------------------------------------ settings
  app.get(
    '/portal/settings',
    {
      config: { access: NEWSROOM },
      schema: { tags, summary: '网站设置', response: { 200: c.getSettings.response } },
    },
    async (req) => getPortalSettings(db, actorOf(req)),
  );
  app.put(
    '/portal/settings',
    {
      config: { access: 'portal.site' },
      schema: {
        tags,
        summary: '修改网站设置（首页标语、大图、背景音乐、二级签发开关）',
        body: c.updateSettings.body,
        response: { 200: c.updateSettings.response },
      },
    },
    async (req) => updateSettings(db, req.ctx, actorOf(req), req.body),
  );

  // ------------------------------------------------------------ statistics
  app.get(
    '/portal/stats/views',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '每日浏览量（全站文章、某篇文章或某栏目页）',
        querystring: c.views.querystring,
        response: { 200: c.views.response },
      },
    },
    async (req) => viewsOverTime(db, actorOf(req), req.query),
  );
  app.get(
    '/portal/stats/summary',
    {
      config: { access: NEWSROOM },
      schema: {
        tags,
        summary: '浏览排行与各栏目浏览量',
        querystring: c.summary.querystring,
        response: { 200: c.summary.response },
      },
    },
    async (req) => statsSummary(db, actorOf(req), req.query),
  );
};
