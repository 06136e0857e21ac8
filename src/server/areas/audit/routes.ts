import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/http/auth';
import { badRequest } from '../../errors';
import { searchAudit } from './service';

/** A real calendar day written 'YYYY-MM-DD'. */
const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what}须为 YYYY-MM-DD 格式`)
    .refine((d) => {
      const t = new Date(`${d}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    }, `${what}不是有效的日期`);

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志检索（园区管理员；日期按北京时间，含结束日）',
        querystring: z.object({
          actor: z.string().trim().max(100, '操作人过长').optional(),
          action: z.string().trim().max(100, '操作类型过长').optional(),
          entityType: z.string().trim().max(100, '对象类型过长').optional(),
          entityId: z.string().trim().max(100, '对象编号过长').optional(),
          from: day('开始日期').optional(),
          to: day('结束日期').optional(),
          page: z.coerce.number().int('页码须为整数').min(1, '页码从 1 开始').max(100000).default(1),
          pageSize: z.coerce.number().int('每页条数须为整数').min(1).max(100, '每页最多 100 条').default(20),
        }),
        response: {
          200: z.object({
            items: z.array(entrySchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'audit.read');
      const { page, pageSize, ...filters } = req.query;
      if (filters.from && filters.to && filters.from > filters.to) {
        throw badRequest('VALIDATION_FAILED', '查询参数有误，请检查后重试', {
          to: '结束日期不能早于开始日期',
        });
      }
      const clean = Object.fromEntries(
        Object.entries(filters).filter(([, v]) => v !== '' && v !== undefined),
      );
      return searchAudit(db, actor, clean, { page, pageSize });
    },
  );
};
