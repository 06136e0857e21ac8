import { useQuery } from '@tanstack/react-query';
import { accountKeys, accountsApi } from './api';

/** The role catalogue (GET /roles): labels, the node kinds each is held over, its permissions. */
export function useRoles() {
  return useQuery({
    queryKey: accountKeys.roles,
    queryFn: ({ signal }) => accountsApi.roles(signal),
    staleTime: 10 * 60_000,
  });
}
