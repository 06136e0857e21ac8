import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth';
import { ARTICLE_STATUSES, WORKFLOW_ACTIONS } from './rules';
import { AppError } from '../../errors';
import { createStorage } from '../../platform/storage';
import {
  ARTICLE_QUEUES,
  createArticle,
  deleteArticle,
  getArticle,
  getRevision,
  listArticles,
  listPortalSchools,
  listRevisions,
  restoreRevision,
  transitionArticle,
  updateArticle,
} from './articles';
import { COLUMN_KINDS, SLUG_PATTERN, createColumn, deleteColumn, listColumns, updateColumn } from './columns';
import {
  contentDisposition,
  getMediaForPark,
  listMedia,
  MEDIA_PURPOSES,
  presentMedia,
  uploadMedia,
} from './media';
import {
  createIssue,
  deleteIssue,
  exportIssue,
  getIssue,
  listIssues,
  setIssuePublished,
  updateIssue,
} from './newsletter';
import { searchConsole } from './search';
import { getPortalSettings, updatePortalSettings } from './settings';
import { createShowcaseItem, deleteShowcaseItem, listShowcase, updateShowcaseItem } from './showcase';
import { statsSummary, viewsOverTime } from './stats';

/**
 * The newsroom API under /api/portal: columns, articles (workflow, revisions), media, search,
 * newsletter issues, showcase items, settings and statistics. Every handler requires a signed-in
 * actor; what they may do is decided by policies/portal.ts inside the services.
 */

const uuid = (what: string) => z.string().uuid(`${what}格式不正确`);
const idParams = z.object({ id: uuid('编号') });
const paging = {
  page: z.coerce.number().int().min(1, '页码须为正整数').max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, '每页最多 100 条').default(20),
};
const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}不能超过 ${max} 个字`)
    .nullable()
    .optional()
    .transform((v) => (v === '' ? null : v));
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const isoInstant = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), '时间格式不正确（ISO 8601）');

const columnBody = z.object({
  name: z.string().trim().min(1, '请输入栏目名称').max(30, '栏目名称不能超过 30 个字'),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, '路径只能包含小写字母、数字和连字符，且不能以连字符开头或结尾（最多 40 个字符）'),
  kind: z.enum(COLUMN_KINDS, '栏目类型不正确'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  visible: z.boolean().optional(),
  description: optionalText(200, '栏目说明'),
});

const articleBody = z.object({
  title: z.string().trim().min(1, '请输入标题').max(200, '标题不能超过 200 个字'),
  subtitle: optionalText(200, '副标题'),
  summary: optionalText(500, '摘要'),
  bodyHtml: z.string().max(1_000_000, '正文过长（不能超过 1,000,000 个字符）').optional(),
  coverMediaId: uuid('封面').nullable().optional(),
  author: optionalText(50, '作者'),
  source: optionalText(100, '来源'),
  schoolId: uuid('学校').nullable().optional(),
  columnIds: z.array(uuid('栏目')).max(12, '最多选择 12 个栏目').optional(),
  tags: z
    .array(z.string().trim().min(1).max(20, '每个标签不能超过 20 个字'))
    .max(10, '最多 10 个标签')
    .optional(),
  pinned: z.boolean().optional(),
  publishAt: isoInstant.nullable().optional(),
  attachmentIds: z.array(uuid('附件')).max(50, '最多 50 个附件').optional(),
});

const showcaseBody = z.object({
  kind: z.enum(['article', 'photo'], '类型不正确'),
  articleId: uuid('文章').nullable().optional(),
  mediaId: uuid('照片').nullable().optional(),
  title: optionalText(100, '标题'),
  caption: optionalText(300, '说明'),
  sortOrder: z.number().int().min(0).max(100000).optional(),
  durationSeconds: z.number().int().min(3, '每页至少停留 3 秒').max(300, '每页最多停留 300 秒').optional(),
  active: z.boolean().optional(),
  startsAt: isoInstant.nullable().optional(),
  endsAt: isoInstant.nullable().optional(),
});

const issueBody = z.object({
  number: z.number().int().min(1, '期号须为正整数').max(100000).optional(),
  issueDate: isoDate,
  title: z.string().trim().min(1).max(50, '刊名不能超过 50 个字').optional(),
  editorNote: optionalText(2000, '编者按'),
  articleIds: z.array(uuid('文章')).max(50, '一期最多 50 篇文章'),
});

const settingsBody = z.object({
  siteTitle: z.string().trim().min(1, '请输入网站名称').max(50, '网站名称不能超过 50 个字').optional(),
  heroSlogan: z.string().trim().min(1, '请输入标语').max(50, '标语不能超过 50 个字').optional(),
  heroText: optionalText(300, '首页导语'),
  heroImageId: uuid('首页大图').nullable().optional(),
  musicMediaId: uuid('背景音乐').nullable().optional(),
  musicTitle: optionalText(50, '曲名'),
  footerText: optionalText(300, '页脚'),
  signoffRequired: z.boolean().optional(),
});

export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const storage = createStorage({ dataDir: app.deps.config.dataDir });
  const mediaDeps = { storage, tmpDir: path.join(app.deps.config.dataDir, 'tmp') };
  const tags = ['portal'];

  // ------------------------------------------------------------ columns
  app.get('/portal/columns', { schema: { tags, summary: '栏目列表' } }, async (req) => ({
    items: await listColumns(db, requireActor(req)),
  }));
  app.post(
    '/portal/columns',
    { schema: { tags, summary: '新增栏目', body: columnBody } },
    async (req, reply) =>
      reply.status(201).send(await createColumn(db, req.ctx, requireActor(req), req.body)),
  );
  app.patch(
    '/portal/columns/:id',
    {
      schema: {
        tags,
        summary: '修改栏目（名称、路径、顺序、显示、类型）',
        params: idParams,
        body: columnBody.partial(),
      },
    },
    async (req) => updateColumn(db, req.ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/columns/:id',
    { schema: { tags, summary: '删除空栏目', params: idParams } },
    async (req, reply) => {
      await deleteColumn(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ articles
  app.get(
    '/portal/schools',
    { schema: { tags, summary: '园区的学校（mine：在本人负责范围内）' } },
    async (req) => ({
      items: await listPortalSchools(db, requireActor(req)),
    }),
  );
  app.get(
    '/portal/articles',
    {
      schema: {
        tags,
        summary: '文章列表（按权限范围；queue=mine 我的稿件，review 待审核，signoff 待签发，scheduled 定时）',
        querystring: z.object({
          queue: z.enum(ARTICLE_QUEUES).default('all'),
          status: z.enum(ARTICLE_STATUSES).optional(),
          columnId: uuid('栏目').optional(),
          schoolId: uuid('学校').optional(),
          ...paging,
        }),
      },
    },
    async (req) => listArticles(db, requireActor(req), req.query),
  );
  app.post(
    '/portal/articles',
    { schema: { tags, summary: '新建文章（草稿）', body: articleBody } },
    async (req, reply) =>
      reply.status(201).send(await createArticle(db, req.ctx, requireActor(req), req.body)),
  );
  app.get(
    '/portal/articles/:id',
    { schema: { tags, summary: '文章详情（含流程记录、可执行操作）', params: idParams } },
    async (req) => getArticle(db, requireActor(req), req.params.id),
  );
  app.patch(
    '/portal/articles/:id',
    {
      schema: {
        tags,
        summary: '修改文章（保存标题或正文即生成一个版本；version 用于并发检查）',
        params: idParams,
        body: articleBody.partial().extend({ version: z.number().int().min(1).optional() }),
      },
    },
    async (req) => updateArticle(db, req.ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/articles/:id',
    { schema: { tags, summary: '删除草稿', params: idParams } },
    async (req, reply) => {
      await deleteArticle(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/portal/articles/:id/transitions',
    {
      schema: {
        tags,
        summary:
          '流程操作：submit 提交、withdraw 撤回、approve 审核通过、return 退回、signOff 签发、takeDown 撤下、reopen 重新编辑',
        params: idParams,
        body: z.object({
          action: z.enum(
            WORKFLOW_ACTIONS.filter((a) => a !== 'publishDue') as [string, ...string[]],
            '操作不正确',
          ),
          reason: z.string().trim().max(500, '原因不能超过 500 个字').nullable().optional(),
        }),
      },
    },
    async (req) =>
      transitionArticle(
        db,
        req.ctx,
        requireActor(req),
        req.params.id,
        req.body.action as (typeof WORKFLOW_ACTIONS)[number],
        { reason: req.body.reason },
      ),
  );
  app.get(
    '/portal/articles/:id/revisions',
    { schema: { tags, summary: '版本历史', params: idParams } },
    async (req) => ({
      items: await listRevisions(db, requireActor(req), req.params.id),
    }),
  );
  const revParams = z.object({ id: uuid('编号'), number: z.coerce.number().int().min(1, '版本号不正确') });
  app.get(
    '/portal/articles/:id/revisions/:number',
    { schema: { tags, summary: '某一版本的内容', params: revParams } },
    async (req) => getRevision(db, requireActor(req), req.params.id, req.params.number),
  );
  app.post(
    '/portal/articles/:id/revisions/:number/restore',
    { schema: { tags, summary: '恢复到某一版本（记为新版本）', params: revParams } },
    async (req) => restoreRevision(db, req.ctx, requireActor(req), req.params.id, req.params.number),
  );

  app.get(
    '/portal/search',
    {
      schema: {
        tags,
        summary: '全文检索（含草稿，按权限范围；标题命中优先）',
        querystring: z.object({
          q: z.string().trim().min(1, '请输入关键词').max(100, '关键词不能超过 100 个字'),
          status: z.enum(ARTICLE_STATUSES).optional(),
          columnId: uuid('栏目').optional(),
          schoolId: uuid('学校').optional(),
          ...paging,
        }),
      },
    },
    async (req) => searchConsole(db, requireActor(req), req.query),
  );

  // ------------------------------------------------------------ media
  app.post(
    '/portal/media',
    {
      schema: {
        tags,
        summary: '上传文件（multipart，字段 file；purpose=image|attachment|audio|video）',
        querystring: z.object({
          purpose: z.enum(MEDIA_PURPOSES, '用途须为 image、attachment、audio 或 video'),
        }),
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!req.isMultipart()) {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
      }
      const limits = { fileSize: 200 * 1024 * 1024 + 1, files: 1 };
      const file = await req.file({ limits, throwFileSizeLimit: false });
      if (!file) throw new AppError(400, 'FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
      const media = await uploadMedia(db, req.ctx, actor, mediaDeps, req.query.purpose, {
        filename: file.filename,
        stream: file.file,
      });
      return reply.status(201).send(media);
    },
  );
  app.get(
    '/portal/media',
    {
      schema: {
        tags,
        summary: '已上传的文件',
        querystring: z.object({ purpose: z.enum(MEDIA_PURPOSES).optional(), ...paging }),
      },
    },
    async (req) => listMedia(db, requireActor(req), req.query),
  );
  app.get('/portal/media/:id', { schema: { tags, summary: '文件信息', params: idParams } }, async (req) =>
    presentMedia(await getMediaForPark(db, requireActor(req).parkId, req.params.id)),
  );

  // ------------------------------------------------------------ newsletter
  app.get(
    '/portal/newsletters',
    { schema: { tags, summary: '简讯列表', querystring: z.object(paging) } },
    async (req) => listIssues(db, requireActor(req), req.query),
  );
  app.post(
    '/portal/newsletters',
    { schema: { tags, summary: '新建一期简讯', body: issueBody } },
    async (req, reply) => reply.status(201).send(await createIssue(db, req.ctx, requireActor(req), req.body)),
  );
  app.get(
    '/portal/newsletters/:id',
    { schema: { tags, summary: '简讯详情', params: idParams } },
    async (req) => getIssue(db, requireActor(req), req.params.id),
  );
  app.patch(
    '/portal/newsletters/:id',
    { schema: { tags, summary: '修改简讯', params: idParams, body: issueBody.partial() } },
    async (req) => updateIssue(db, req.ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/newsletters/:id',
    { schema: { tags, summary: '删除未发布的简讯', params: idParams } },
    async (req, reply) => {
      await deleteIssue(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );
  app.post(
    '/portal/newsletters/:id/publish',
    { schema: { tags, summary: '发布简讯到网站', params: idParams } },
    async (req) => setIssuePublished(db, req.ctx, requireActor(req), req.params.id, true),
  );
  app.post(
    '/portal/newsletters/:id/unpublish',
    { schema: { tags, summary: '撤回简讯', params: idParams } },
    async (req) => setIssuePublished(db, req.ctx, requireActor(req), req.params.id, false),
  );
  app.get(
    '/portal/newsletters/:id/export.docx',
    { schema: { tags, summary: '导出 Word（A4 简讯版式）', params: idParams } },
    async (req, reply) => {
      const out = await exportIssue(db, requireActor(req), req.params.id, 'docx');
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', contentDisposition('attachment', out.fileName))
        .header('cache-control', 'no-store')
        .send(out.body);
    },
  );
  app.get(
    '/portal/newsletters/:id/print',
    { schema: { tags, summary: '可打印的网页版', params: idParams } },
    async (req, reply) => {
      const out = await exportIssue(db, requireActor(req), req.params.id, 'html');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(out.body);
    },
  );

  // ------------------------------------------------------------ showcase
  app.get('/portal/showcase', { schema: { tags, summary: '宣传橱窗条目' } }, async (req) => ({
    items: await listShowcase(db, requireActor(req)),
  }));
  app.post(
    '/portal/showcase',
    { schema: { tags, summary: '新增橱窗条目', body: showcaseBody } },
    async (req, reply) =>
      reply.status(201).send(await createShowcaseItem(db, req.ctx, requireActor(req), req.body)),
  );
  app.patch(
    '/portal/showcase/:id',
    { schema: { tags, summary: '修改橱窗条目', params: idParams, body: showcaseBody.partial() } },
    async (req) => updateShowcaseItem(db, req.ctx, requireActor(req), req.params.id, req.body),
  );
  app.delete(
    '/portal/showcase/:id',
    { schema: { tags, summary: '删除橱窗条目', params: idParams } },
    async (req, reply) => {
      await deleteShowcaseItem(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  // ------------------------------------------------------------ settings
  app.get('/portal/settings', { schema: { tags, summary: '网站设置' } }, async (req) =>
    getPortalSettings(db, requireActor(req)),
  );
  app.put(
    '/portal/settings',
    {
      schema: { tags, summary: '修改网站设置（首页标语、大图、背景音乐、二级签发开关）', body: settingsBody },
    },
    async (req) => updatePortalSettings(db, req.ctx, requireActor(req), req.body),
  );

  // ------------------------------------------------------------ statistics
  const range = { from: isoDate.optional(), to: isoDate.optional() };
  app.get(
    '/portal/stats/views',
    {
      schema: {
        tags,
        summary: '每日浏览量（全站文章、某篇文章或某栏目页）',
        querystring: z.object({
          ...range,
          articleId: uuid('文章').optional(),
          columnId: uuid('栏目').optional(),
        }),
      },
    },
    async (req) => viewsOverTime(db, requireActor(req), req.query),
  );
  app.get(
    '/portal/stats/summary',
    {
      schema: {
        tags,
        summary: '浏览排行与各栏目浏览量',
        querystring: z.object({ ...range, limit: z.coerce.number().int().min(1).max(50).default(10) }),
      },
    },
    async (req) => statsSummary(db, requireActor(req), req.query),
  );
};
