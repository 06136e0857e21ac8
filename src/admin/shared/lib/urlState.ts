import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List state (filters, sort, page) kept in the URL, so back/forward, reload and shared links all
 * restore the same list. Setting a filter resets the page to 1.
 */
export function useUrlState<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<
    K,
    string | undefined
  >;
  const set = useCallback(
    (patch: Partial<Record<K | 'page' | 'pageSize', string | number | null | undefined>>, keepPage = false) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          if (!keepPage && !('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || 20));
  return { values, set, page, pageSize, params };
}
