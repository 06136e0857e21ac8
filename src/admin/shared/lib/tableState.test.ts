import { describe, expect, it } from 'vitest';
import {
  applyUrlPatch,
  columnSortOrder,
  hasFilters,
  readPaging,
  readTableState,
  tableChangePatch,
  toApiParams,
} from './tableState';

const url = (s: string) => new URLSearchParams(s);
const KEYS = ['q', 'role'] as const;

describe('list state in the URL', () => {
  it('reads filters, page, page size and sort, with defaults for what is missing or bad', () => {
    expect(readTableState(url('q=%E5%BC%A0&page=3&pageSize=50&sort=name&order=desc'), KEYS)).toEqual({
      filters: { q: '张', role: undefined },
      page: 3,
      pageSize: 50,
      sort: 'name',
      order: 'desc',
    });
    expect(readPaging(url(''))).toEqual({ page: 1, pageSize: 20 });
    expect(readPaging(url('page=0&pageSize=abc'))).toEqual({ page: 1, pageSize: 20 });
    expect(readPaging(url('page=-2&pageSize=5000'))).toEqual({ page: 1, pageSize: 100 });
    expect(readPaging(url('page=2.7'))).toEqual({ page: 2, pageSize: 20 });
    // A sort without a valid order is ascending; an empty filter counts as unset.
    expect(readPaging(url('sort=number&order=sideways'))).toEqual({
      page: 1,
      pageSize: 20,
      sort: 'number',
      order: 'asc',
    });
    expect(readTableState(url('q='), KEYS).filters.q).toBeUndefined();
  });

  it('applies the page default size and sort only while the URL names none', () => {
    expect(readPaging(url(''), { pageSize: 50, sort: 'at', order: 'desc' })).toEqual({
      page: 1,
      pageSize: 50,
      sort: 'at',
      order: 'desc',
    });
    // The URL's sort brings its own order (ascending when absent), not the default's.
    expect(readPaging(url('sort=name'), { sort: 'at', order: 'desc' })).toMatchObject({
      sort: 'name',
      order: 'asc',
    });
  });

  it('writes patches: empty values leave the URL, and a filter change goes back to page 1', () => {
    const start = url('q=a&page=4&pageSize=50&sort=name&order=asc');
    expect(applyUrlPatch(start, { role: 'parkAdmin' }).toString()).toBe(
      'q=a&pageSize=50&sort=name&order=asc&role=parkAdmin',
    );
    expect(applyUrlPatch(start, { q: '' }).toString()).toBe('pageSize=50&sort=name&order=asc');
    expect(applyUrlPatch(start, { q: null }, true).get('page')).toBe('4');
    expect(applyUrlPatch(start, { page: 2 }).get('page')).toBe('2');
    // The input is not changed.
    expect(start.get('page')).toBe('4');
  });

  it('gives the API the set filters and paging, with order only beside a sort', () => {
    const s = readTableState(url('q=x&page=2'), KEYS);
    expect(toApiParams(s)).toEqual({ q: 'x', page: 2, pageSize: 20 });
    expect(hasFilters(s)).toBe(true);
    const sorted = readTableState(url('sort=joinedOn&order=desc'), KEYS);
    expect(toApiParams(sorted)).toEqual({ page: 1, pageSize: 20, sort: 'joinedOn', order: 'desc' });
    expect(hasFilters(sorted)).toBe(false);
  });

  it("controls antd's sortOrder per column", () => {
    const p = readPaging(url('sort=name&order=desc'));
    expect(columnSortOrder(p, 'name')).toBe('descend');
    expect(columnSortOrder(p, 'number')).toBeNull();
    expect(columnSortOrder(readPaging(url('sort=name')), 'name')).toBe('ascend');
    expect(columnSortOrder(readPaging(url('')), 'name')).toBeNull();
  });

  it('turns table changes into URL patches: paging keeps the sort, a new sort starts at page 1', () => {
    const current = readPaging(url('page=3&pageSize=20&sort=name&order=asc'));
    // Next page, same sort.
    expect(
      tableChangePatch(current, {
        pagination: { current: 4, pageSize: 20 },
        sorter: { columnKey: 'name', order: 'ascend' },
      }),
    ).toEqual({ sort: 'name', order: 'asc', page: 4, pageSize: 20 });
    // Page size changed.
    expect(
      tableChangePatch(current, {
        pagination: { current: 2, pageSize: 50 },
        sorter: { columnKey: 'name', order: 'ascend' },
      }),
    ).toEqual({ sort: 'name', order: 'asc', page: 2, pageSize: 50 });
    // Same column, other direction: back to page 1.
    expect(
      tableChangePatch(current, {
        pagination: { current: 3, pageSize: 20 },
        sorter: { columnKey: 'name', order: 'descend' },
      }),
    ).toEqual({ sort: 'name', order: 'desc', page: 1, pageSize: 20 });
    // Another column (found by field when the column has no key).
    expect(
      tableChangePatch(current, {
        pagination: { current: 3, pageSize: 20 },
        sorter: [{ field: 'number', order: 'ascend' }],
      }),
    ).toEqual({ sort: 'number', order: 'asc', page: 1, pageSize: 20 });
    // Sort cleared (third click): removed from the URL.
    expect(
      tableChangePatch(current, {
        pagination: { current: 3, pageSize: 20 },
        sorter: { columnKey: 'name', order: null },
      }),
    ).toEqual({ sort: null, order: null, page: 1, pageSize: 20 });
    // Unsorted list, paging only.
    expect(
      tableChangePatch(readPaging(url('')), { pagination: { current: 2, pageSize: 20 }, sorter: {} }),
    ).toEqual({ sort: null, order: null, page: 2, pageSize: 20 });
  });
});

describe('two lists on one page', () => {
  it('keeps a scoped list under its own prefix, apart from the main list', () => {
    const start = url('q=a&page=2&entries.page=3&entries.q=b');
    expect(readTableState(start, KEYS, { scope: 'entries' })).toMatchObject({
      filters: { q: 'b' },
      page: 3,
    });
    expect(readTableState(start, KEYS)).toMatchObject({ filters: { q: 'a' }, page: 2 });
    const next = applyUrlPatch(start, { q: 'c' }, false, 'entries');
    expect(next.toString()).toBe('q=a&page=2&entries.q=c');
  });
});
