import { z } from 'zod';
import { ORG_KINDS } from '../orgTree';
import { id, idParams, list, optionalText, text } from '../schemas';

/** The organisation tree: request and response shapes of /api/org (server routes and console alike). */

export const orgNode = z.object({
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
export type OrgNodeView = z.infer<typeof orgNode>;

const name = text('名称', 100, '请输入名称');
const code = optionalText('编码', 50);
const sortOrder = z.number().int().min(0).max(100000).optional();
const placeableKinds = ORG_KINDS.filter((k) => k !== 'park') as [
  Exclude<(typeof ORG_KINDS)[number], 'park'>,
  ...Exclude<(typeof ORG_KINDS)[number], 'park'>[],
];

export const orgContracts = {
  tree: {
    querystring: z.object({ includeDisabled: z.enum(['true', 'false']).default('false') }),
    response: list(orgNode),
  },
  create: {
    body: z.object({
      parentId: id('上级节点').describe('上级节点'),
      kind: z.enum(placeableKinds, '节点类型不正确'),
      name,
      code,
      sortOrder,
    }),
    response: orgNode,
  },
  update: {
    params: idParams,
    body: z.object({
      name: name.optional(),
      code,
      sortOrder,
      parentId: id('上级节点').optional(),
      disabled: z.boolean().optional(),
    }),
    response: orgNode,
  },
  remove: { params: idParams },
};
export type CreateOrgNodeInput = z.infer<typeof orgContracts.create.body>;
export type UpdateOrgNodeInput = z.infer<typeof orgContracts.update.body>;
