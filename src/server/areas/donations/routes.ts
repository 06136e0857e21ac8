import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth';
import { isIsoDate } from '../../../common/dates';
import { yuanSchema } from '../../../common/money';
import { AppError, badRequest, notFound } from '../../errors';
import { donationTemplate, importEntries } from './import';
import { DONOR_CATEGORIES, DRIVE_TYPES, PAYMENT_METHODS, RECEIPT_PREFIX } from './ledger';
import { publicThanksList } from './public';
import {
  closeDrive,
  createDrive,
  deleteDrive,
  driveTotals,
  getDrive,
  getEntry,
  listDrives,
  listEntries,
  myGifts,
  recordEntry,
  refuseEntryChange,
  reverseEntry,
  typeSummary,
  updateDrive,
} from './service';

/** Donation drives (爱心捐款) and special dues (特殊党费), issue 4 §3, under /api/donations. */
const uuid = (what: string) => z.string().uuid(`${what}格式不正确`);
const idParams = z.object({ id: uuid('编号') });
const day = (what: string) => z.string().refine(isIsoDate, `${what}格式应为 YYYY-MM-DD`);
const optionalText = (max: number, what: string) =>
  z.string().trim().max(max, `${what}不能超过 ${max} 个字`).nullable().optional();
const eligible = z
  .array(z.enum(DONOR_CATEGORIES, '捐款对象只能是教职工、学生、党员、班级'))
  .min(1, '请至少选择一类捐款对象');
const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const donationRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/donations/drives',
    {
      schema: {
        tags: ['donations'],
        summary: '捐款 / 特殊党费活动列表（含权限范围内的净额）',
        querystring: z.object({
          type: z.enum(DRIVE_TYPES).optional(),
          status: z.enum(['open', 'closed']).optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const { items, total } = await listDrives(
        db,
        requireActor(req),
        { type: q.type, status: q.status },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      );
      return { items, total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/donations/drives',
    {
      schema: {
        tags: ['donations'],
        summary: '发起捐款或特殊党费活动（特殊党费只收党员自愿交纳，无定额、无催缴）',
        body: z.object({
          type: z.enum(DRIVE_TYPES, '类型只能是爱心捐款或特殊党费'),
          title: z.string().trim().min(1, '请输入名称').max(200, '名称不能超过 200 个字'),
          purpose: optionalText(2000, '用途'),
          startsOn: day('开始日期'),
          endsOn: day('结束日期').nullable().optional(),
          organiserId: uuid('发起单位'),
          eligible: eligible.default(['staff', 'student', 'member', 'class']),
          publicThanks: z.boolean().optional(),
          publicAmounts: z.boolean().optional(),
          receiptPrefix: z
            .string()
            .trim()
            .regex(RECEIPT_PREFIX, '收据编号前缀为 2–16 位大写字母或数字，以字母开头')
            .optional(),
        }),
      },
    },
    async (req, reply) => reply.status(201).send(await createDrive(db, req.ctx, requireActor(req), req.body)),
  );

  app.get(
    '/donations/drives/:id',
    { schema: { tags: ['donations'], summary: '捐款活动详情', params: idParams } },
    async (req) => getDrive(db, requireActor(req), req.params.id),
  );

  app.patch(
    '/donations/drives/:id',
    {
      schema: {
        tags: ['donations'],
        summary: '修改捐款活动（封账后只能修改公开致谢设置）',
        params: idParams,
        body: z.object({
          title: z.string().trim().min(1, '请输入名称').max(200, '名称不能超过 200 个字').optional(),
          purpose: optionalText(2000, '用途'),
          startsOn: day('开始日期').optional(),
          endsOn: day('结束日期').nullable().optional(),
          eligible: eligible.optional(),
          publicThanks: z.boolean().optional(),
          publicAmounts: z.boolean().optional(),
        }),
      },
    },
    async (req) => updateDrive(db, req.ctx, requireActor(req), req.params.id, req.body),
  );

  app.delete(
    '/donations/drives/:id',
    { schema: { tags: ['donations'], summary: '删除尚无记录的捐款活动', params: idParams } },
    async (req, reply) => {
      await deleteDrive(db, req.ctx, requireActor(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/donations/drives/:id/close',
    { schema: { tags: ['donations'], summary: '结束并封账（此后只能冲正）', params: idParams } },
    async (req) => closeDrive(db, req.ctx, requireActor(req), req.params.id),
  );

  app.get(
    '/donations/drives/:id/totals',
    {
      schema: {
        tags: ['donations'],
        summary: '合计：全校、按学校、班级、支部（净额，含冲正）',
        params: idParams,
      },
    },
    async (req) => driveTotals(db, requireActor(req), req.params.id),
  );

  app.get(
    '/donations/drives/:id/entries',
    {
      schema: {
        tags: ['donations'],
        summary: '捐款记录（按权限范围）',
        params: idParams,
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          donorType: z.enum(['person', 'class']).optional(),
          ...pageQuery,
        }),
      },
    },
    async (req) => {
      const q = req.query;
      const result = await listEntries(
        db,
        requireActor(req),
        req.params.id,
        { q: q.q || undefined, donorType: q.donorType },
        { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
      );
      return { ...result, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/donations/drives/:id/entries',
    {
      schema: {
        tags: ['donations'],
        summary: '登记一笔捐款（个人或班级集体）；登记后不能修改，只能冲正',
        params: idParams,
        body: z.object({
          donorType: z.enum(['person', 'class'], '捐款方只能是个人或班级'),
          personId: uuid('捐款人').optional(),
          classId: uuid('班级').optional(),
          amount: yuanSchema(),
          method: z.enum(PAYMENT_METHODS, '支付方式不正确').default('cash'),
          givenOn: day('日期').optional(),
          note: optionalText(500, '备注'),
          anonymous: z.boolean().optional(),
        }),
      },
    },
    async (req, reply) => {
      const { amount, ...rest } = req.body;
      if (rest.donorType === 'person' && !rest.personId)
        throw badRequest('VALIDATION_FAILED', '请选择捐款人', { personId: '请选择捐款人' });
      if (rest.donorType === 'class' && !rest.classId)
        throw badRequest('VALIDATION_FAILED', '请选择班级', { classId: '请选择班级' });
      const entry = await recordEntry(db, req.ctx, requireActor(req), req.params.id, {
        ...rest,
        amountFen: amount,
      });
      return reply.status(201).send(entry);
    },
  );

  app.get(
    '/donations/drives/:id/import-template',
    { schema: { tags: ['donations'], summary: '批量登记模板（.xlsx）', params: idParams } },
    async (req, reply) => {
      await getDrive(db, requireActor(req), req.params.id);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent('捐款登记模板.xlsx')}`,
        )
        .send(await donationTemplate());
    },
  );

  app.post(
    '/donations/drives/:id/import',
    {
      schema: {
        tags: ['donations'],
        summary:
          '从 .xlsx 批量登记（multipart，字段名 file）：先逐行校验，全部无误才一次写入；dryRun=true 只校验',
        params: idParams,
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
        consumes: ['multipart/form-data'],
      },
    },
    async (req) => {
      const actor = requireActor(req);
      if (!req.isMultipart())
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
      let file;
      try {
        file = await req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
      } catch {
        throw badRequest('INVALID_UPLOAD', '上传的内容无法读取，请重新选择文件上传');
      }
      if (!file || file.fieldname !== 'file')
        throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
      let buffer: Buffer;
      try {
        buffer = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError(413, 'PAYLOAD_TOO_LARGE', '文件不能超过 5 MB');
        throw badRequest('INVALID_UPLOAD', '上传中断或内容不完整，请重新上传');
      }
      return importEntries(
        db,
        req.ctx,
        actor,
        req.params.id,
        { fileName: file.filename || 'upload.xlsx', buffer },
        req.query.dryRun === 'true',
      );
    },
  );

  app.get(
    '/donations/entries/:id',
    { schema: { tags: ['donations'], summary: '一条捐款记录', params: idParams } },
    async (req) => getEntry(db, requireActor(req), req.params.id),
  );

  app.post(
    '/donations/entries/:id/reverse',
    {
      schema: {
        tags: ['donations'],
        summary: '冲正（红冲）一条记录：登记等额负数记录并注明原因；封账后也可冲正',
        params: idParams,
        body: z.object({
          reason: z.string().trim().min(2, '请填写冲正原因').max(500, '冲正原因不能超过 500 个字'),
        }),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await reverseEntry(db, req.ctx, requireActor(req), req.params.id, req.body.reason)),
  );

  // Entries are never edited or deleted: these answer why (409 ENTRY_IMMUTABLE / DRIVE_CLOSED).
  app.patch(
    '/donations/entries/:id',
    { schema: { tags: ['donations'], summary: '（不允许）修改捐款记录：请冲正', params: idParams } },
    async (req) => refuseEntryChange(db, requireActor(req), req.params.id),
  );
  app.delete(
    '/donations/entries/:id',
    { schema: { tags: ['donations'], summary: '（不允许）删除捐款记录：请冲正', params: idParams } },
    async (req) => refuseEntryChange(db, requireActor(req), req.params.id),
  );

  app.get(
    '/donations/summary',
    {
      schema: {
        tags: ['donations'],
        summary: '某一类（爱心捐款或特殊党费，分开统计）各次活动的净额',
        querystring: z.object({
          type: z.enum(DRIVE_TYPES, '请指定类型：donation 或 specialDues'),
          year: z.coerce.number().int().min(2000).max(2100).optional(),
        }),
      },
    },
    async (req) => typeSummary(db, requireActor(req), req.query.type, req.query.year),
  );

  app.get(
    '/donations/mine',
    { schema: { tags: ['donations'], summary: '我的捐款与特殊党费记录' } },
    async (req) => myGifts(db, requireActor(req)),
  );

  app.get(
    '/donations/public/drives/:id/thanks',
    {
      schema: {
        tags: ['donations'],
        summary: '公开致谢名单（无需登录；按活动设置显示或不显示金额）',
        params: z.object({ id: z.string().max(64) }),
      },
    },
    async (req, reply) => {
      const list = await publicThanksList(db, req.params.id);
      if (!list) throw notFound('致谢名单不存在或未公开');
      return reply.header('cache-control', 'public, max-age=300').send(list);
    },
  );
};
