import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgContracts as c } from '../../../common/contracts/org';
import { noContent } from '../../../common/schemas';
import { actorOf } from '../../platform/http/guard';
import { createNode } from './commands/createNode';
import { deleteNode } from './commands/deleteNode';
import { updateNode } from './commands/updateNode';
import { listTree } from './queries';

const tags = ['org'];

/** The organisation tree. HTTP only: contracts from common/contracts/org.ts, the rest in commands and queries. */
export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/org/tree',
    {
      config: { access: 'org.read' },
      schema: {
        tags,
        summary: '组织架构树（扁平列表，上级在前）',
        querystring: c.tree.querystring,
        response: { 200: c.tree.response },
      },
    },
    async (req) => ({
      items: await listTree(db, actorOf(req), { includeDisabled: req.query.includeDisabled === 'true' }),
    }),
  );

  app.post(
    '/org/nodes',
    {
      config: { access: 'org.write' },
      schema: { tags, summary: '新增组织节点', body: c.create.body, response: { 201: c.create.response } },
    },
    async (req, reply) => reply.status(201).send(await createNode(db, req.ctx, actorOf(req), req.body)),
  );

  app.patch(
    '/org/nodes/:id',
    {
      config: { access: 'org.write' },
      schema: {
        tags,
        summary: '修改、移动或停用组织节点',
        params: c.update.params,
        body: c.update.body,
        response: { 200: c.update.response },
      },
    },
    async (req) => updateNode(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/org/nodes/:id',
    {
      config: { access: 'org.write' },
      schema: { tags, summary: '删除空的组织节点', params: c.remove.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteNode(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
