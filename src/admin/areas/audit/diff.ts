export interface DiffRow {
  key: string;
  before: unknown;
  after: unknown;
  changed: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields of an audit entry's before/after snapshots side by side (top level only; nested
 * values compare as JSON). A missing side shows as undefined: creations have no before, deletions
 * no after. Non-object snapshots appear as one row "value".
 */
export function diffRows(before: unknown, after: unknown): DiffRow[] {
  if (before == null && after == null) return [];
  if (!isObject(before ?? {}) || !isObject(after ?? {})) {
    return [{ key: 'value', before, after, changed: !same(before, after) }];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)]));
  const rows = keys.map((key) => ({
    key,
    before: before == null ? undefined : b[key],
    after: after == null ? undefined : a[key],
    changed: !same(b[key], a[key]),
  }));
  // Changed fields first, each group in the snapshot's own order.
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}
