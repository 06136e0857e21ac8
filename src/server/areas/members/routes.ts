import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/http/auth';
import { membershipSchema, pageSchema, personListItemSchema } from '../people/routes';
import { DUES_GROUPS, MEMBER_STATUSES } from './presenter';
import { deleteMembership, listMembers, putMembership } from './service';

const uuid = (what: string) => z.string().uuid(`${what}格式不正确`);
const date = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 YYYY-MM-DD`);

const membershipBody = z
  .object({
    status: z.enum(MEMBER_STATUSES, '请选择预备党员或正式党员'),
    branchId: uuid('党支部编号'),
    partyGroupId: uuid('党小组编号').nullable().optional(),
    joinedOn: date('入党时间'),
    fullOn: date('转正时间').nullable().optional(),
    probationExtensionMonths: z.number().int().min(0).max(12, '预备期最多延长 12 个月').optional(),
    duesBaseFen: z.number().int('党费基数以分为单位，应为整数').min(0).max(100_000_000).nullable().optional(),
    duesGroup: z.enum(DUES_GROUPS, '党费类别不正确').optional(),
  })
  .strict();

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/members',
    {
      schema: {
        tags: ['members'],
        summary: '党员列表（按权限范围）',
        querystring: pageSchema.extend({
          branchId: uuid('党支部编号').optional(),
          status: z.enum(MEMBER_STATUSES).optional(),
          q: z.string().max(50).optional(),
          kind: z.enum(['staff', 'student']).optional(),
          schoolId: uuid('学校编号').optional(),
          joinedMonth: z.coerce.number().int().min(1, '月份为 1–12').max(12, '月份为 1–12').optional(),
          sort: z.enum(['name', 'number', 'joinedOn']).default('name'),
        }),
        response: {
          200: z.object({
            items: z.array(personListItemSchema.extend({ membership: membershipSchema.nullable() })),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'members.read');
      const { page, pageSize, sort, order, status, ...filters } = req.query;
      return listMembers(db, actor, { ...filters, memberStatus: status }, { page, pageSize, sort, order });
    },
  );

  app.put(
    '/people/:id/membership',
    {
      schema: {
        tags: ['members'],
        summary: '登记或修改党员信息',
        params: z.object({ id: uuid('人员编号') }),
        body: membershipBody,
        response: { 200: membershipSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'members.write');
      return putMembership(db, req.ctx, actor, req.params.id, req.body);
    },
  );

  app.delete(
    '/people/:id/membership',
    {
      schema: { tags: ['members'], summary: '删除党员信息', params: z.object({ id: uuid('人员编号') }) },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'members.write');
      await deleteMembership(db, req.ctx, actor, req.params.id);
      return reply.status(204).send();
    },
  );
};
