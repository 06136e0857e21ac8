import { z } from 'zod';
import { day, page, pageQuery } from '../schemas';

/** The audit trail search (/api/audit): dates are Asia/Shanghai days, `to` inclusive. */
export const auditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actorName: z.string().nullable(),
  /** The current registry name (rows written under older names are mapped). */
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditContracts = {
  search: {
    querystring: pageQuery.extend({
      actor: z.string().trim().max(100, '操作人过长').optional(),
      action: z.string().trim().max(100, '操作类型过长').optional(),
      entityType: z.string().trim().max(100, '对象类型过长').optional(),
      entityId: z.string().trim().max(100, '对象编号过长').optional(),
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
    }),
    response: page(auditEntry),
  },
};
