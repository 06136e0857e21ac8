import { useQuery } from '@tanstack/react-query';
import { api } from '../../shared/api/client';
import type { RoleInfo } from '../../shared/api/types';

/** The role catalogue (GET /roles): labels, the node kinds each is held over, its permissions. */
export function useRoles() {
  return useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => api.get<{ items: RoleInfo[] }>('/roles', undefined, signal),
    staleTime: 10 * 60_000,
  });
}
