import type { z } from 'zod';
import type { accountContracts } from '../../../common/contracts/accounts';
import { api } from '../../shared/api/client';

/** The accounts area's calls (/api/accounts, /api/roles); types are the server's contracts. */
type C = typeof accountContracts;
export type Account = z.infer<C['get']['response']>;
export type RoleGrant = Account['roles'][number];
export type RoleInfo = z.infer<C['roles']['response']>['items'][number];
export type AccountPage = z.infer<C['list']['response']>;
export type CreateAccountBody = z.input<C['create']['body']>;
export type CreatedAccount = z.infer<C['create']['response']>;
export type UpdateAccountBody = z.input<C['update']['body']>;
export type GrantBody = z.input<C['grant']['body']>;
export type AccountSession = z.infer<C['sessions']['response']>['items'][number];
/** The list's query as the console sends it: filters straight from the URL, then paging. */
export type AccountListParams = Record<string, string | number>;

export const accountKeys = {
  /** Everything of the area: invalidated after any write. */
  all: ['accounts'] as const,
  /** The lists' prefix; DataTable appends the params (= list(params)). */
  lists: ['accounts', 'list'] as const,
  list: (params: AccountListParams) => ['accounts', 'list', params] as const,
  roles: ['roles'] as const,
  sessions: (id: string) => ['accounts', 'sessions', id] as const,
};

export const accountsApi = {
  list: (params: AccountListParams, signal?: AbortSignal) =>
    api.get<AccountPage>('/accounts', params, signal),
  get: (id: string, signal?: AbortSignal) => api.get<Account>(`/accounts/${id}`, undefined, signal),
  create: (body: CreateAccountBody) => api.post<CreatedAccount>('/accounts', body),
  update: (id: string, body: UpdateAccountBody) => api.patch<Account>(`/accounts/${id}`, body),
  resetPassword: (id: string) =>
    api.post<z.infer<C['resetPassword']['response']>>(`/accounts/${id}/reset-password`),
  grant: (id: string, body: GrantBody) => api.post<RoleGrant>(`/accounts/${id}/roles`, body),
  revoke: (id: string, grantId: string) => api.del(`/accounts/${id}/roles/${grantId}`),
  sessions: (id: string, signal?: AbortSignal) =>
    api.get<z.infer<C['sessions']['response']>>(`/accounts/${id}/sessions`, undefined, signal),
  endSession: (id: string, sessionId: string) => api.del(`/accounts/${id}/sessions/${sessionId}`),
  endSessions: (id: string) => api.del<z.infer<C['endSessions']['response']>>(`/accounts/${id}/sessions`),
  roles: (signal?: AbortSignal) => api.get<z.infer<C['roles']['response']>>('/roles', undefined, signal),
};
