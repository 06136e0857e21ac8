import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/http/auth';
import { AppError, badRequest } from '../../errors';
import { commitImport, getImport, MAX_IMPORT_BYTES, uploadImport } from './service';
import { buildTemplate } from './template';

const kindParams = z.object({ kind: z.enum(['staff', 'student'], '类别只能是 staff 或 student') });
const idParams = z.object({ id: z.string().uuid('导入任务编号格式不正确') });

const importJobSchema = z.object({
  id: z.string(),
  kind: z.enum(['staff', 'student']),
  fileName: z.string(),
  status: z.enum(['validated', 'invalid', 'committing', 'committed', 'failed']),
  totalRows: z.number(),
  toCreate: z.number(),
  toUpdate: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  progress: z.object({ done: z.number(), total: z.number() }),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
});

const tooLarge = () =>
  new AppError(413, 'FILE_TOO_LARGE', `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB，请拆分后分批导入`);

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, cipher } = app.deps;
  const db = database.db;

  app.get(
    '/imports/templates/:kind',
    {
      schema: {
        tags: ['imports'],
        summary: '下载导入模板（中文表头）',
        params: kindParams,
        querystring: z.object({ format: z.enum(['xlsx', 'csv'], '格式只能是 xlsx 或 csv').default('xlsx') }),
      },
    },
    async (req, reply) => {
      requirePermission(req, 'people.import');
      const { kind } = req.params;
      const { format } = req.query;
      const buffer = await buildTemplate(kind, format);
      const name = `${kind === 'staff' ? '教职工' : '学生'}导入模板.${format}`;
      return reply
        .header(
          'content-type',
          format === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/csv; charset=utf-8',
        )
        .header(
          'content-disposition',
          `attachment; filename="${kind}-template.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .send(buffer);
    },
  );

  app.post(
    '/imports/:kind',
    {
      schema: {
        tags: ['imports'],
        summary: '上传 .xlsx / .csv 并逐行校验（multipart，字段名 file）；有错误时不会写入',
        params: kindParams,
        consumes: ['multipart/form-data'],
        response: { 200: importJobSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.import');
      if (!req.isMultipart())
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
      let file;
      try {
        file = await req.file({ limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } });
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw badRequest('INVALID_UPLOAD', '上传的内容无法读取，请重新选择文件上传');
      }
      if (!file || file.fieldname !== 'file')
        throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
      let buffer: Buffer;
      try {
        buffer = await file.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw badRequest('INVALID_UPLOAD', '上传中断或内容不完整，请重新上传');
      }
      return uploadImport(db, cipher, actor, req.params.kind, {
        fileName: file.filename || 'upload',
        buffer,
      });
    },
  );

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['imports'],
        summary: '导入任务（含错误报告和写入进度）',
        params: idParams,
        response: { 200: importJobSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.import');
      return getImport(db, actor, req.params.id);
    },
  );

  app.post(
    '/imports/:id/commit',
    {
      schema: {
        tags: ['imports'],
        summary: '确认导入：一个事务全部写入（全部成功或全部不写）',
        params: idParams,
        response: { 200: importJobSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'people.import');
      return commitImport(db, req.ctx, actor, req.params.id);
    },
  );
};
