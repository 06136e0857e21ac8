import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { newsroomContracts as c } from '../../../common/contracts/newsroom';
import { noContent } from '../../../common/schemas';
import { NEWSROOM, UPLOAD } from './access';
import { articleRoutes } from './articleRoutes';
import { newsletterRoutes } from './newsletterRoutes';
import { actorOf } from '../../platform/http/guard';
import { readUploadStream } from '../../platform/http/files';
import { createStorage } from '../../platform/storage';
import { createColumn } from './commands/createColumn';
import { createShowcaseItem } from './commands/createShowcaseItem';
import { deleteColumn } from './commands/deleteColumn';
import { deleteShowcaseItem } from './commands/deleteShowcaseItem';
import { updateColumn } from './commands/updateColumn';
import { updateSettings } from './commands/updateSettings';
import { updateShowcaseItem } from './commands/updateShowcaseItem';
import { uploadMedia } from './commands/uploadMedia';
import { listColumns } from './queries/columns';
import { getMediaForPark, listMedia } from './queries/media';
import { getPortalSettings } from './queries/settings';
import { listShowcase } from './queries/showcase';
import { statsSummary, viewsOverTime } from './queries/stats';
import { presentMedia } from './presenter';

/**
 * The newsroom API under /api/portal: columns, articles (workflow, revisions), media, search,
 * newsletter issues, showcase items, settings and statistics. HTTP only: shapes from
 * common/contracts/newsroom.ts; the route names who may call it at all, and the commands and
 * queries ask policy.ts about the record at hand.
 */

export const newsroomRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(articleRoutes);
  await app.register(newsletterRoutes);
  const db = app.deps.database.db;
  const storage = createStorage({ config: app.deps.config, db: app.deps.database.db });
  const mediaDeps = { storage };
  // Uploads spool here, on the same disk as DATA_DIR.
  const tmpDir = path.join(app.deps.config.dataDir, 'tmp');
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
      const media = await uploadMedia(db, req.ctx, actor, mediaDeps, req.query.purpose, (limit) =>
        readUploadStream(req, { ...limit, tmpDir }),
      );
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
