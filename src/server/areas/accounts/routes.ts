import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { passwordSchema } from '../auth/passwords';
import { requireActor, requirePermission } from '../../platform/http/auth';
import { ROLES } from '../../access/roles';
import { optionalEmailSchema } from '../../platform/mail/outbox';
import { accountSchema, roleCatalog, roleCatalogSchema, roleGrantSchema } from './presenter';
import {
  createAccount,
  getAccount,
  grantRole,
  listAccounts,
  resetPassword,
  revokeRole,
  updateAccount,
  usernameSchema,
} from './service';

const idParams = z.object({ id: z.string().uuid('账号编号格式不正确') });
const displayName = z.string().trim().min(1, '请输入显示名称').max(50, '显示名称不能超过 50 个字');
const roleEnum = z.enum(ROLES, '角色不存在');
const page = {
  page: z.coerce.number().int('页码须为整数').min(1, '页码从 1 开始').max(100000).default(1),
  pageSize: z.coerce.number().int('每页条数须为整数').min(1).max(100, '每页最多 100 条').default(20),
};

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/roles',
    {
      schema: {
        tags: ['accounts'],
        summary: '角色目录（中文名称、可分配的节点类型、权限）',
        response: { 200: roleCatalogSchema },
      },
    },
    async (req) => {
      requireActor(req);
      return roleCatalog();
    },
  );

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: '账号列表（按权限范围）',
        querystring: z.object({
          q: z.string().trim().max(100, '搜索词过长').optional(),
          role: roleEnum.optional(),
          disabled: z.enum(['true', 'false']).optional(),
          ...page,
        }),
        response: {
          200: z.object({
            items: z.array(accountSchema),
            total: z.number(),
            page: z.number(),
            pageSize: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'accounts.read');
      const { q, role, disabled, page: p, pageSize } = req.query;
      return listAccounts(
        db,
        actor,
        { q: q || undefined, role, disabled: disabled === undefined ? undefined : disabled === 'true' },
        { page: p, pageSize },
      );
    },
  );

  app.get(
    '/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: '账号详情',
        params: idParams,
        response: { 200: accountSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'accounts.read');
      return getAccount(db, actor, req.params.id);
    },
  );

  app.post(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: '创建账号（未给密码时生成临时密码，仅返回一次）',
        body: z.object({
          username: usernameSchema.optional(),
          displayName: displayName.optional(),
          personId: z.string().uuid('人员编号格式不正确').optional(),
          password: passwordSchema.optional(),
        }),
        response: {
          201: z.object({ account: accountSchema, temporaryPassword: z.string().optional() }),
        },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'accounts.write');
      const result = await createAccount(db, req.ctx, actor, req.body);
      return reply.status(201).header('cache-control', 'no-store').send(result);
    },
  );

  app.patch(
    '/accounts/:id',
    {
      schema: {
        tags: ['accounts'],
        summary: '修改显示名称、邮箱（空值清除），停用或启用账号（停用即结束其所有会话）',
        params: idParams,
        body: z.object({
          displayName: displayName.optional(),
          disabled: z.boolean().optional(),
          email: optionalEmailSchema.optional(),
        }),
        response: { 200: accountSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'accounts.write');
      return updateAccount(db, req.ctx, actor, req.params.id, req.body);
    },
  );

  app.post(
    '/accounts/:id/reset-password',
    {
      schema: {
        tags: ['accounts'],
        summary: '管理员重置密码（返回一次临时密码，下次登录须修改，结束其所有会话）',
        params: idParams,
        response: { 200: z.object({ temporaryPassword: z.string() }) },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'accounts.write');
      const result = await resetPassword(db, req.ctx, actor, req.params.id);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/accounts/:id/roles',
    {
      schema: {
        tags: ['accounts'],
        summary: '分配角色（角色须与范围节点类型相符）',
        params: idParams,
        body: z.object({
          role: roleEnum,
          scopeNodeId: z.string().uuid('请选择范围节点'),
        }),
        response: { 201: roleGrantSchema },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'accounts.write');
      const grant = await grantRole(db, req.ctx, actor, req.params.id, req.body);
      return reply.status(201).send(grant);
    },
  );

  app.delete(
    '/accounts/:id/roles/:grantId',
    {
      schema: {
        tags: ['accounts'],
        summary: '撤销角色',
        params: z.object({
          id: z.string().uuid('账号编号格式不正确'),
          grantId: z.string().uuid('角色编号格式不正确'),
        }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'accounts.write');
      await revokeRole(db, req.ctx, actor, req.params.id, req.params.grantId);
      return reply.status(204).send();
    },
  );
};
