import { useQuery } from '@tanstack/react-query';
import type { Permission } from '../../common/permissions';
import { authApi, authKeys } from '../areas/auth/api';

export const meKey = authKeys.me;

export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => authApi.me(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/**
 * `can(p)`: the user holds the permission somewhere, including over themselves (everyone with a
 * person record may read and reveal their own record) — decides buttons and actions.
 * `canUse(p)`: the permission comes from one of the user's roles — decides the menu and the list
 * pages, so that a student is not shown a "people" page that could only ever list themselves.
 */
export function usePermissions() {
  const { data } = useMe();
  const held = new Set<string>(data?.permissions ?? []);
  const fromRoles = new Set<string>(data?.rolePermissions ?? []);
  return {
    me: data,
    can: (p: Permission) => held.has(p),
    canUse: (p: Permission) => held.has(p) && fromRoles.has(p),
  };
}
