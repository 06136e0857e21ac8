import { useCallback, useEffect, useState, type Key, type ReactNode } from 'react';
import { Card, Empty, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { keepPreviousData, useQuery, type QueryKey, type UseQueryResult } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useDebounced } from '../hooks/useDebounced';
import {
  PAGE_SIZE_OPTIONS,
  applyUrlPatch,
  columnSortOrder,
  hasFilters,
  readTableState,
  tableChangePatch,
  toApiParams,
  type PagingKey,
  type TableChange,
  type TableDefaults,
  type TableState,
  type UrlPatch,
} from '../lib/tableState';
import { ErrorState } from './States';
import { t } from '../../locales';

/** A paged answer of the API (`page(item)` in src/common/schemas.ts). */
export interface PageOf<T> {
  items: T[];
  total: number;
  page?: number;
  pageSize?: number;
}
/** An unpaged answer (`list(item)`). */
export interface ListOf<T> {
  items: T[];
}

export type TablePatch<K extends string> = Partial<Record<K | PagingKey, string | number | null | undefined>>;

/** useTableState's result: the list's state in the URL and the ways to change it. */
export interface TableController<K extends string> extends TableState<K> {
  /** Filters, page and sort as the API takes them (`order` only with `sort`). */
  params: Record<string, string | number>;
  /** Any filter set (not counting paging and sort): picks "no match" over "empty" text. */
  hasFilters: boolean;
  /** Changes filters (back to page 1 unless keepPage) or paging; empty values leave the URL. */
  set: (patch: TablePatch<K>, keepPage?: boolean) => void;
  /** Removes every filter (keeps page size and sort). */
  clear: () => void;
  /** Applies a table change (page, page size, sort), as DataTable does. */
  change: (c: TableChange) => void;
}

/**
 * The state of a paged list kept in the URL (`?q=…&page=2&pageSize=50&sort=name&order=desc`), so
 * back/forward, reload and shared links restore the same list. `keys` are the page's filters;
 * `defaults.scope` prefixes the parameters of a second list on the same page.
 */
export function useTableState<K extends string>(
  keys: readonly K[],
  defaults: TableDefaults = {},
): TableController<K> {
  const [params, setParams] = useSearchParams();
  const state = readTableState(params, keys, defaults);
  const scope = defaults.scope;
  const set = useCallback(
    (patch: TablePatch<K>, keepPage = false) =>
      setParams((p) => applyUrlPatch(p, patch as UrlPatch, keepPage, scope), { replace: true }),
    [setParams, scope],
  );
  const keyList = keys.join(',');
  const clear = useCallback(
    () => set(Object.fromEntries(keyList.split(',').map((k) => [k, null])) as TablePatch<K>),
    [set, keyList],
  );
  const { page, pageSize, sort, order } = state;
  const change = useCallback(
    (c: TableChange) => set(tableChangePatch({ page, pageSize, sort, order }, c) as TablePatch<K>, true),
    [set, page, pageSize, sort, order],
  );
  return { ...state, params: toApiParams(state), hasFilters: hasFilters(state), set, clear, change };
}

/**
 * A text filter typed into an input: the URL follows the text once typing pauses, and the text
 * follows the URL when it changes elsewhere (clear filters, back/forward, a click that filters).
 */
export function useTableSearch<K extends string>(table: TableController<K>, key: K, ms = 400) {
  const inUrl = table.filters[key] ?? '';
  const [text, setText] = useState(inUrl);
  const [seen, setSeen] = useState(inUrl);
  if (inUrl !== seen) {
    // Adjusting state during render (react.dev "you might not need an effect"), not in an effect.
    setSeen(inUrl);
    if (inUrl !== text.trim()) setText(inUrl);
  }
  const debounced = useDebounced(text.trim(), ms);
  const { set } = table;
  useEffect(() => {
    if (debounced !== inUrl) set({ [key]: debounced } as TablePatch<K>);
    // Only the typed text drives this; the URL is written from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return {
    value: text,
    setValue: setText,
    /** Writes the text to the URL now (Enter, the search button). */
    commit: (v: string) => {
      setText(v);
      set({ [key]: v.trim() } as TablePatch<K>);
    },
  };
}

type Common<T extends object> = {
  /** antd columns. A column with `sorter: true` and a `key` sorts on the server by that key
   *  (the API's `sort`); DataTable controls its `sortOrder` from the URL. */
  columns: TableColumnsType<T>;
  rowKey: TableProps<T>['rowKey'];
  /** data-testid of the table (e2e tests find rows and the empty text inside it). */
  testId?: string;
  /** Filters and buttons above the table, in a toolbar card. */
  toolbar?: ReactNode;
  /** Shown when the list is empty; `noMatchText` instead while filters are set. */
  emptyText?: ReactNode;
  noMatchText?: ReactNode;
  /** The 404 wording of the error state. */
  notFoundText?: string;
  /** 'card' (default): the table in a borderless card; 'plain': the bare table (inside a tab, a card). */
  frame?: 'card' | 'plain';
  size?: TableProps<T>['size'];
  /** The pager's count text (default 「共 N 条」), e.g. 「约 N 条」 for a search's rounded count. */
  totalText?: (total: number, data: PageOf<T> | ListOf<T> | undefined) => ReactNode;
  /** Any other antd Table prop (onRow, expandable, rowSelection, scroll…). */
  tableProps?: Omit<
    TableProps<T>,
    'columns' | 'dataSource' | 'rowKey' | 'loading' | 'pagination' | 'onChange'
  >;
};

type Source<T extends object> =
  | {
      /** The list as a query the page runs itself (its key must include `table.params`) … */
      query: UseQueryResult<PageOf<T> | ListOf<T>>;
      queryKey?: never;
      fetch?: never;
    }
  | {
      query?: never;
      /** … or a key and a fetcher: DataTable runs the query, appending `table.params` to the key. */
      queryKey: QueryKey;
      fetch: (params: Record<string, string | number>, signal: AbortSignal) => Promise<PageOf<T> | ListOf<T>>;
    };

export type DataTableProps<T extends object> = Common<T> &
  Source<T> & {
    /** The URL state from useTableState; without it the list is shown whole, unpaged. */
    table?: TableController<string>;
  };

/**
 * THE list of the console: server-side paging and sorting with the state in the URL, loading,
 * empty and error (with retry) states, and a toolbar slot. Pages keep only their columns and
 * filters. See AccountsPage and AuditPage.
 */
export function DataTable<T extends object>(props: DataTableProps<T>) {
  if (props.query) return <DataTableView<T> {...props} query={props.query} />;
  return <FetchingDataTable<T> {...props} />;
}

function FetchingDataTable<T extends object>(props: DataTableProps<T>) {
  const params = props.table?.params ?? {};
  const query = useQuery({
    queryKey: [...(props.queryKey ?? []), params],
    queryFn: ({ signal }) => props.fetch!(params, signal),
    placeholderData: keepPreviousData,
  });
  return <DataTableView<T> {...props} query={query} />;
}

type ViewProps<T extends object> = Common<T> & {
  table?: TableController<string>;
  query: UseQueryResult<PageOf<T> | ListOf<T>>;
};

function DataTableView<T extends object>(props: ViewProps<T>) {
  const { query, table } = props;
  const columns = table
    ? props.columns.map((c) =>
        'sorter' in c && c.sorter === true && c.key !== undefined
          ? { ...c, sortOrder: columnSortOrder(table, String(c.key as Key)) }
          : c,
      )
    : props.columns;
  const data = query.data;
  const total = data && 'total' in data ? data.total : (data?.items.length ?? 0);
  const empty =
    table?.hasFilters && props.noMatchText ? props.noMatchText : (props.emptyText ?? t.common.empty);

  const body =
    query.isError && !data ? (
      <ErrorState
        error={query.error}
        onRetry={() => void query.refetch()}
        notFoundText={props.notFoundText}
      />
    ) : (
      <Table<T>
        rowKey={props.rowKey}
        size={props.size ?? 'small'}
        scroll={{ x: 'max-content' }}
        {...props.tableProps}
        data-testid={props.testId}
        columns={columns}
        dataSource={data?.items}
        loading={query.isFetching}
        // While loading, antd's spinner is enough; "no data" would flash first.
        locale={{ emptyText: query.isFetching ? ' ' : <Empty description={empty} /> }}
        onChange={table ? (pagination, _f, sorter) => table.change({ pagination, sorter }) : undefined}
        pagination={
          table
            ? {
                current: table.page,
                pageSize: table.pageSize,
                total,
                showSizeChanger: true,
                pageSizeOptions: PAGE_SIZE_OPTIONS,
                showTotal: (n) => (props.totalText ? props.totalText(n, data) : t.common.total(n)),
              }
            : false
        }
      />
    );

  return (
    <>
      {props.toolbar ? (
        <Card size="small" className="toolbar">
          {props.toolbar}
        </Card>
      ) : null}
      {props.frame === 'plain' || (query.isError && !data) ? (
        body
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          {body}
        </Card>
      )}
    </>
  );
}
