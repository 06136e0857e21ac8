import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditContracts as c } from '../../../common/contracts/audit';
import { actorOf } from '../../platform/http/guard';
import { badRequest } from '../../errors';
import { searchAudit } from './service';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: '审计日志检索（园区管理员；日期按北京时间，含结束日）',
        querystring: c.search.querystring,
        response: { 200: c.search.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
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
