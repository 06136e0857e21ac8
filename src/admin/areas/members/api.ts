import type { z } from 'zod';
import type { membersContracts } from '../../../common/contracts/members';
import type { MembershipView } from '../../../common/contracts/people';
import { api } from '../../shared/api/client';

/** The members area's calls (/api/members, /api/people/:id/membership); types are the server's contracts. */
type C = typeof membersContracts;
export type { MemberListItem } from '../../../common/contracts/members';
export type MembersPage = z.infer<C['list']['response']>;
export type MembershipBody = z.input<C['put']['body']>;
/** The list's query as the console sends it: filters straight from the URL, then paging. */
export type MembersListParams = Record<string, string | number>;

export const membersKeys = {
  /** Everything of the area: invalidated after a membership change. */
  all: ['members'] as const,
  /** The lists' prefix; DataTable appends the params (= list(params)). */
  lists: ['members', 'list'] as const,
  list: (params: MembersListParams) => ['members', 'list', params] as const,
};

export const membersApi = {
  list: (params: MembersListParams, signal?: AbortSignal) => api.get<MembersPage>('/members', params, signal),
  put: (personId: string, body: MembershipBody) =>
    api.put<MembershipView>(`/people/${personId}/membership`, body),
  remove: (personId: string) => api.del(`/people/${personId}/membership`),
};
