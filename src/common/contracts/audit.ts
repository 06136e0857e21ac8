import { z } from 'zod';
import { day, page, pageQuery, searchText } from '../schemas';

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
      actor: searchText('操作人', 100).optional(),
      action: searchText('操作类型', 100).optional(),
      entityType: searchText('对象类型', 100).optional(),
      entityId: searchText('对象编号', 100).optional(),
      from: day('开始日期').optional(),
      to: day('结束日期').optional(),
    }),
    response: page(auditEntry),
  },
};
