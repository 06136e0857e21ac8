import type { z } from 'zod';
import type { PersonDetail, RevealedNumbers, peopleContracts } from '../../../common/contracts/people';
import { api, download, type Query } from '../../shared/api/client';

/** The people area's calls (/api/people); types are the server's contracts. */
type C = typeof peopleContracts;
export type {
  MemberStatus,
  MembershipView,
  PersonDetail,
  PersonKind,
  PersonListItem,
  RevealField,
  RevealedNumbers,
} from '../../../common/contracts/people';
export type PeoplePage = z.infer<C['list']['response']>;
export type CreatePersonBody = z.input<C['create']['body']>;
export type UpdatePersonBody = z.input<C['update']['body']>;
export type RevealBody = z.input<C['reveal']['body']>;
/** The list's query as the console sends it: the kind, filters from the URL, then paging. */
export type PeopleListParams = Record<string, string | number>;

export const peopleKeys = {
  /** Everything of the area (lists and people's pages): invalidated after a membership change. */
  all: ['people'] as const,
  /** The lists' prefix: invalidated after any write to a person. */
  lists: ['people', 'list'] as const,
  list: (params: PeopleListParams) => ['people', 'list', params] as const,
  detail: (id: string) => ['people', 'detail', id] as const,
};

export const peopleApi = {
  list: (params: PeopleListParams, signal?: AbortSignal) => api.get<PeoplePage>('/people', params, signal),
  get: (id: string, signal?: AbortSignal) => api.get<PersonDetail>(`/people/${id}`, undefined, signal),
  create: (body: CreatePersonBody) => api.post<PersonDetail>('/people', body),
  update: (id: string, body: UpdatePersonBody) => api.patch<PersonDetail>(`/people/${id}`, body),
  reveal: (id: string, body: RevealBody) => api.post<RevealedNumbers>(`/people/${id}/reveal`, body),
  /** Saves the filtered list as .xlsx; resolves to the file name. */
  export: (query: Query, fallbackName: string) => download('/people/export', query, fallbackName),
};
