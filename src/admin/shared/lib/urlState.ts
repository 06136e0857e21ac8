import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { applyUrlPatch, readPaging, type PagingKey, type UrlPatch } from './tableState';

/**
 * List state (filters, sort, page) kept in the URL, so back/forward, reload and shared links all
 * restore the same list. Setting a filter resets the page to 1. Paged lists use DataTable's
 * useTableState, which builds on this.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<
    K,
    string | undefined
  >;
  const set = useCallback(
    (patch: Partial<Record<K | PagingKey, string | number | null | undefined>>, keepPage = false) =>
      setParams((p) => applyUrlPatch(p, patch as UrlPatch, keepPage), { replace: true }),
    [setParams],
  );
  const { page, pageSize } = readPaging(params);
  return { values, set, page, pageSize, params };
}
