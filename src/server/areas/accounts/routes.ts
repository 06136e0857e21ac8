import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountContracts as c } from '../../../common/contracts/accounts';
import { noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { roleCatalog } from './presenter';
import { createAccount } from './commands/createAccount';
import { grantRole } from './commands/grantRole';
import { resetPassword } from './commands/resetPassword';
import { revokeRole } from './commands/revokeRole';
import { updateAccount } from './commands/updateAccount';
import { endAccountSession, endAccountSessions } from './commands/endSessions';
import { listAccountSessions } from './sessions';
import { getAccount, listAccounts } from './reads';

const tags = ['accounts'];

/** Accounts and role grants. Temporary passwords are shown once and never cached. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/roles',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '角色目录（中文名称、可分配的节点类型、权限）',
        response: { 200: c.roles.response },
      },
    },
    async () => roleCatalog(),
  );

  app.get(
    '/accounts',
    {
      config: { access: 'accounts.read' },
      schema: {
        tags,
        summary: '账号列表（按权限范围）',
        querystring: c.list.querystring,
        response: { 200: c.list.response },
      },
    },
    async (req) => {
      const { q, role, disabled, page, pageSize } = req.query;
      return listAccounts(
        db,
        actorOf(req),
        { q: q || undefined, role, disabled: disabled === undefined ? undefined : disabled === 'true' },
        { page, pageSize },
      );
    },
  );

  app.get(
    '/accounts/:id',
    {
      config: { access: 'accounts.read' },
      schema: { tags, summary: '账号详情', params: c.get.params, response: { 200: c.get.response } },
    },
    async (req) => getAccount(db, actorOf(req), req.params.id),
  );

  app.post(
    '/accounts',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '创建账号（未给密码时生成临时密码，仅返回一次）',
        body: c.create.body,
        response: { 201: c.create.response },
      },
    },
    async (req, reply) => {
      const result = await createAccount(db, req.ctx, actorOf(req), req.body);
      return reply.status(201).header('cache-control', 'no-store').send(result);
    },
  );

  app.patch(
    '/accounts/:id',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '修改显示名称、邮箱（空值清除），停用或启用账号（停用即结束其所有会话）',
        params: c.update.params,
        body: c.update.body,
        response: { 200: c.update.response },
      },
    },
    async (req) => updateAccount(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/accounts/:id/reset-password',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '管理员重置密码（返回一次临时密码，下次登录须修改，结束其所有会话）',
        params: c.resetPassword.params,
        response: { 200: c.resetPassword.response },
      },
    },
    async (req, reply) => {
      const result = await resetPassword(db, req.ctx, actorOf(req), req.params.id);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/accounts/:id/roles',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '分配角色（角色须与范围节点类型相符）',
        params: c.grant.params,
        body: c.grant.body,
        response: { 201: c.grant.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await grantRole(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.get(
    '/accounts/:id/sessions',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '账号的当前会话（登录时间、最近活动、IP、设备）',
        params: c.sessions.params,
        response: { 200: c.sessions.response },
      },
    },
    async (req, reply) => {
      const result = await listAccountSessions(db, actorOf(req), req.params.id, req.session?.id ?? null);
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.delete(
    '/accounts/:id/sessions/:sessionId',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '结束账号的一个会话',
        params: c.endSession.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await endAccountSession(db, req.ctx, actorOf(req), req.params.id, req.params.sessionId);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/accounts/:id/sessions',
    {
      config: { access: 'accounts.write' },
      schema: {
        tags,
        summary: '结束账号的全部会话',
        params: c.endSessions.params,
        response: { 200: c.endSessions.response },
      },
    },
    async (req) => {
      const sessionsEnded = await endAccountSessions(db, req.ctx, actorOf(req), req.params.id);
      return { ok: true as const, sessionsEnded };
    },
  );

  app.delete(
    '/accounts/:id/roles/:grantId',
    {
      config: { access: 'accounts.write' },
      schema: { tags, summary: '撤销角色', params: c.revoke.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await revokeRole(db, req.ctx, actorOf(req), req.params.id, req.params.grantId);
      return reply.status(204).send(null);
    },
  );
};
