import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { todayInShanghai } from '../../../../common/dates';

export const thisYear = () => Number(todayInShanghai().slice(0, 4));

/**
 * The assessment year a page shows, kept in the URL (`?year=2026`) so that a reload, a shared link
 * or a link from the workbench opens the same year; this year (Shanghai) when none is given.
 * Changing it goes back to the first page of the page's list.
 */
export function useYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('year'));
  const year = Number.isInteger(raw) && raw >= 1990 && raw <= 2100 ? raw : thisYear();
  const set = useCallback(
    (y: number) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          next.set('year', String(y));
          next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [year, set];
}
