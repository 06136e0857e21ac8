import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { membersContracts as c } from '../../../common/contracts/members';
import { noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { deleteMembership } from './commands/deleteMembership';
import { putMembership } from './commands/putMembership';
import { listMembers } from './queries';

const tags = ['members'];

/** Party members. HTTP only: contracts from common/contracts/members.ts, the rest in commands and queries. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/members',
    {
      config: { access: 'members.read' },
      schema: {
        tags,
        summary: '党员列表（按权限范围）',
        querystring: c.list.querystring,
        response: { 200: c.list.response },
      },
    },
    async (req) => {
      const { page, pageSize, sort, order, status, ...filters } = req.query;
      return listMembers(
        db,
        actorOf(req),
        { ...filters, memberStatus: status },
        { page, pageSize, sort, order },
      );
    },
  );

  app.put(
    '/people/:id/membership',
    {
      config: { access: 'members.write' },
      schema: {
        tags,
        summary: '登记或修改党员信息',
        params: c.put.params,
        body: c.put.body,
        response: { 200: c.put.response },
      },
    },
    async (req) => putMembership(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/people/:id/membership',
    {
      config: { access: 'members.write' },
      schema: { tags, summary: '删除党员信息', params: c.remove.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteMembership(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
