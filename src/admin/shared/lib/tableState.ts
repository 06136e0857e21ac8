/**
 * The state of a server-paged list (filters, page, page size, sort) read from and written to the
 * URL's search parameters. Pure: DataTable and useUrlState are the React side of it.
 */

export type SortOrder = 'asc' | 'desc';

export const PAGE_SIZE_OPTIONS = [10, 20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;
/** The API's pageQuery caps pageSize at 100 (src/common/schemas.ts). */
export const MAX_PAGE_SIZE = 100;

/** Keys DataTable owns in the URL; a page's filter keys must not reuse them. */
export type PagingKey = 'page' | 'pageSize' | 'sort' | 'order';

export interface Paging {
  page: number;
  pageSize: number;
  /** The column key the list is sorted by (the API's `sort`), if any. */
  sort?: string;
  /** Only present with `sort`. */
  order?: SortOrder;
}

export interface TableState<K extends string> extends Paging {
  filters: Record<K, string | undefined>;
}

export interface TableDefaults {
  /**
   * Prefix of this list's URL parameters (`members.page`), for a page showing two paged lists;
   * none for the page's main list.
   */
  scope?: string;
  pageSize?: number;
  /** Applied while the URL names no sort. */
  sort?: string;
  order?: SortOrder;
}

export type UrlPatch = Record<string, string | number | null | undefined>;

const positiveInt = (v: string | null): number | undefined => {
  const n = Math.floor(Number(v));
  return Number.isFinite(n) && n >= 1 ? n : undefined;
};

export function readPaging(params: URLSearchParams, defaults: TableDefaults = {}): Paging {
  const page = positiveInt(params.get('page')) ?? 1;
  const pageSize = Math.min(
    MAX_PAGE_SIZE,
    positiveInt(params.get('pageSize')) ?? defaults.pageSize ?? DEFAULT_PAGE_SIZE,
  );
  const sort = params.get('sort') || defaults.sort || undefined;
  if (!sort) return { page, pageSize };
  const raw = params.get('sort') ? params.get('order') : (defaults.order ?? null);
  return { page, pageSize, sort, order: raw === 'desc' ? 'desc' : 'asc' };
}

/** The parameters of one list: those under `scope.` with the prefix removed (all, without scope). */
export function scoped(params: URLSearchParams, scope?: string): URLSearchParams {
  if (!scope) return params;
  const out = new URLSearchParams();
  for (const [k, v] of params) if (k.startsWith(`${scope}.`)) out.append(k.slice(scope.length + 1), v);
  return out;
}

export function readTableState<K extends string>(
  all: URLSearchParams,
  keys: readonly K[],
  defaults: TableDefaults = {},
): TableState<K> {
  const params = scoped(all, defaults.scope);
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) || undefined])) as Record<
    K,
    string | undefined
  >;
  return { filters, ...readPaging(params, defaults) };
}

/**
 * The URL after a patch: empty values are removed; changing anything but the page sends the list
 * back to page 1 (a filtered list's page 7 may not exist), unless `keepPage`.
 */
export function applyUrlPatch(
  params: URLSearchParams,
  patch: UrlPatch,
  keepPage = false,
  scope?: string,
): URLSearchParams {
  const name = (k: string) => (scope ? `${scope}.${k}` : k);
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') next.delete(name(k));
    else next.set(name(k), String(v));
  }
  if (!keepPage && !('page' in patch)) next.delete(name('page'));
  return next;
}

/** What the API receives: the filters that are set, then paging; `order` only with `sort`. */
export function toApiParams<K extends string>(state: TableState<K>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(state.filters) as [string, string | undefined][]) {
    if (v !== undefined && v !== '') out[k] = v;
  }
  out.page = state.page;
  out.pageSize = state.pageSize;
  if (state.sort) {
    out.sort = state.sort;
    out.order = state.order ?? 'asc';
  }
  return out;
}

export const hasFilters = <K extends string>(state: TableState<K>) =>
  Object.values<string | undefined>(state.filters).some((v) => v !== undefined && v !== '');

/** antd's controlled `sortOrder` of the column `key`. */
export function columnSortOrder(paging: Paging, key: string): 'ascend' | 'descend' | null {
  if (paging.sort !== key) return null;
  return paging.order === 'desc' ? 'descend' : 'ascend';
}

/** The parts of antd Table's onChange arguments that matter here. */
export interface TableChange {
  pagination: { current?: number; pageSize?: number };
  sorter?:
    | { columnKey?: unknown; field?: unknown; order?: 'ascend' | 'descend' | null }
    | { columnKey?: unknown; field?: unknown; order?: 'ascend' | 'descend' | null }[];
}

/**
 * The URL patch for a table change (page, page size or sort). A new sort starts again at page 1;
 * clearing the sort removes it from the URL. The patch is applied with keepPage = true.
 */
export function tableChangePatch(current: Paging, change: TableChange): UrlPatch {
  const s = Array.isArray(change.sorter) ? change.sorter[0] : change.sorter;
  const field = Array.isArray(s?.field) ? s.field.join('.') : s?.field;
  const key = s?.order ? String(s.columnKey ?? field ?? '') : '';
  const order: SortOrder = s?.order === 'descend' ? 'desc' : 'asc';
  const sortChanged = (key || undefined) !== current.sort || (!!key && order !== (current.order ?? 'asc'));
  return {
    sort: key || null,
    order: key ? order : null,
    page: sortChanged ? 1 : (change.pagination.current ?? current.page),
    pageSize: change.pagination.pageSize ?? current.pageSize,
  };
}
