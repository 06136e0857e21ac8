import type { z } from 'zod';
import type { OrgNodeView, orgContracts } from '../../../common/contracts/org';
import { api } from '../../shared/api/client';

/** The org area's calls (/api/org); types are the server's contracts. Reading the tree: shared/lib/orgTree.ts. */
type C = typeof orgContracts;
export type CreateNodeBody = z.input<C['create']['body']>;
export type UpdateNodeBody = z.input<C['update']['body']>;

/** Every query of the tree starts with this key; writes invalidate it. */
export const orgKeys = { all: ['org'] as const };

export const orgApi = {
  create: (body: CreateNodeBody) => api.post<OrgNodeView>('/org/nodes', body),
  update: (id: string, body: UpdateNodeBody) => api.patch<OrgNodeView>(`/org/nodes/${id}`, body),
  remove: (id: string) => api.del(`/org/nodes/${id}`),
};
