import type { z } from 'zod';
import type { auditContracts } from '../../../common/contracts/audit';
import { api } from '../../shared/api/client';

/** The audit trail search (/api/audit); types are the server's contract. */
type C = typeof auditContracts;
export type AuditPageOf = z.infer<C['search']['response']>;
export type AuditEntry = AuditPageOf['items'][number];
/** Filters straight from the URL (actor, action, entityType, entityId, from, to), then paging. */
export type AuditParams = Record<string, string | number>;

export const auditKeys = {
  all: ['audit'] as const,
  /** The searches' prefix; DataTable appends the params (= search(params)). */
  searches: ['audit', 'search'] as const,
  search: (params: AuditParams) => ['audit', 'search', params] as const,
};

export const auditApi = {
  search: (params: AuditParams, signal?: AbortSignal) => api.get<AuditPageOf>('/audit', params, signal),
};
