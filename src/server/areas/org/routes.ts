import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requirePermission } from '../../platform/http/auth';
import { ORG_KINDS } from '../../../common/orgTree';
import { createNode, deleteNode, listTree, updateNode } from './service';

const nodeSchema = z.object({
  id: z.string().uuid(),
  parentId: z.string().uuid().nullable(),
  kind: z.enum(ORG_KINDS),
  kindLabel: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  sortOrder: z.number(),
  schoolId: z.string().nullable(),
  disabled: z.boolean(),
  peopleCount: z.number(),
  memberCount: z.number(),
});
const name = z.string().trim().min(1, '请输入名称').max(100, '名称不能超过 100 个字');
const code = z.string().trim().max(50, '编码不能超过 50 个字').nullable().optional();
const idParams = z.object({ id: z.string().uuid('节点编号格式不正确') });

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/org/tree',
    {
      schema: {
        tags: ['org'],
        summary: '组织架构树（扁平列表，上级在前）',
        querystring: z.object({ includeDisabled: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(nodeSchema) }) },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return { items: await listTree(db, actor, { includeDisabled: req.query.includeDisabled === 'true' }) };
    },
  );

  app.post(
    '/org/nodes',
    {
      schema: {
        tags: ['org'],
        summary: '新增组织节点',
        body: z.object({
          parentId: z.string().uuid('请选择上级节点'),
          kind: z.enum(ORG_KINDS.filter((k) => k !== 'park') as [string, ...string[]], '节点类型不正确'),
          name,
          code,
          sortOrder: z.number().int().min(0).max(100000).optional(),
        }),
        response: { 201: nodeSchema },
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, 'org.write');
      const node = await createNode(db, req.ctx, actor, req.body as Parameters<typeof createNode>[3]);
      return reply.status(201).send(node);
    },
  );

  app.patch(
    '/org/nodes/:id',
    {
      schema: {
        tags: ['org'],
        summary: '修改、移动或停用组织节点',
        params: idParams,
        body: z.object({
          name: name.optional(),
          code,
          sortOrder: z.number().int().min(0).max(100000).optional(),
          parentId: z.string().uuid().optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 200: nodeSchema },
      },
    },
    async (req) => {
      const actor = requirePermission(req, 'org.write');
      return updateNode(db, req.ctx, actor, req.params.id, req.body);
    },
  );

  app.delete(
    '/org/nodes/:id',
    { schema: { tags: ['org'], summary: '删除空的组织节点', params: idParams } },
    async (req, reply) => {
      const actor = requirePermission(req, 'org.write');
      await deleteNode(db, req.ctx, actor, req.params.id);
      return reply.status(204).send();
    },
  );
};
