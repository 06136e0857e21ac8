import { describe, expect, it } from 'vitest';
import { diffRows } from './diff';

describe('audit diffRows', () => {
  it('lists changed fields first and marks them', () => {
    const rows = diffRows(
      { name: '一中', code: 'A', sortOrder: 1 },
      { name: '第一中学', code: 'A', sortOrder: 1 },
    );
    expect(rows.map((r) => [r.key, r.changed])).toEqual([
      ['name', true],
      ['code', false],
      ['sortOrder', false],
    ]);
    expect(rows[0]).toMatchObject({ before: '一中', after: '第一中学' });
  });

  it('shows a creation as after-only and a deletion as before-only', () => {
    expect(diffRows(null, { a: 1 })).toEqual([{ key: 'a', before: undefined, after: 1, changed: true }]);
    expect(diffRows({ a: 1 }, null)).toEqual([{ key: 'a', before: 1, after: undefined, changed: true }]);
  });

  it('returns nothing when both sides are empty, one row for scalar snapshots', () => {
    expect(diffRows(null, null)).toEqual([]);
    expect(diffRows(null, undefined)).toEqual([]);
    expect(diffRows(1, 2)).toEqual([{ key: 'value', before: 1, after: 2, changed: true }]);
  });

  it('compares nested values as JSON', () => {
    const rows = diffRows({ roles: ['a'] }, { roles: ['a'] });
    expect(rows).toEqual([{ key: 'roles', before: ['a'], after: ['a'], changed: false }]);
  });
});
