import crypto from 'node:crypto';
import { ALLOWED_PARENTS, ORG_KIND_LABELS, canPlace, type OrgKind } from '../../../common/orgTree';
import type { ImportError } from '../../../common/contracts/imports';
import { newNodeValues } from '../org/commands/createNode';
import type { OrgImportField } from './orgColumns';

/**
 * Where each row of an org tree file goes, decided against the tree as it is and the other rows of
 * the file, in any order: a row's 上级 names an existing node or another row by the end of its path
 * of names ("2025级", "青溪职业技术学校/2025级", or the whole path from the park). A row whose node
 * already exists under the same parent with the same kind is unchanged, so a file can be imported
 * again. No IO: the caller loads the tree and decides who may write where.
 */

/** A row as read from the file; `kind` is null when the cell named no kind (already reported). */
export interface OrgImportInput {
  row: number;
  name: string;
  kind: OrgKind | null;
  /** The 上级 cell split into names; empty: the park's general branch. */
  parent: string[];
  code: string | null;
  sortOrder: number;
}

export interface ExistingOrgNode {
  id: string;
  parentId: string | null;
  kind: string;
  name: string;
  path: string;
  schoolId: string | null;
  disabledAt: Date | string | null;
}

export interface PlannedOrgNode {
  row: number;
  action: 'create' | 'unchanged';
  /** The new node's id (made here), or the existing node's. */
  id: string;
  kind: OrgKind;
  name: string;
  code: string | null;
  sortOrder: number;
  path: string;
  schoolId: string | null;
  parentId: string;
  /** The parent's names below the park, for the preview. */
  parentNames: string[];
}

export interface OrgPlan {
  errors: ImportError[];
  /** Parents before children. Empty unless every row is placed. */
  nodes: PlannedOrgNode[];
}

interface Known {
  key: string;
  id: string;
  name: string;
  kind: OrgKind | null;
  /** Names from the park down, the node's own last; null for a row whose own parent is unknown. */
  names: string[] | null;
  path: string | null;
  schoolId: string | null;
  disabledName: string | null;
  existing: boolean;
  row?: number;
}

const endsWith = (names: string[], tail: string[]) =>
  tail.length <= names.length && tail.every((n, i) => names[names.length - tail.length + i] === n);

const allowedUnder = (kind: OrgKind) => ALLOWED_PARENTS[kind].map((k) => ORG_KIND_LABELS[k]).join('、');

export function planOrgImport(
  rows: OrgImportInput[],
  existing: ExistingOrgNode[],
  opts: {
    parkId: string;
    /** May the actor write the node at this path (add a child under it, or keep it as it is)? */
    canWrite: (path: string) => boolean;
    /** The header of a field's column as the file spells it. */
    column: (field: OrgImportField) => string;
  },
): OrgPlan {
  const errors: ImportError[] = [];
  const fail = (row: number, field: OrgImportField, code: string, message: string) =>
    errors.push({ row, column: opts.column(field), message, code });

  // The tree as it is: names from the park down, and whether the node or one above it is disabled.
  const byId = new Map(existing.map((n) => [n.id, n]));
  const knownOf = new Map<string, Known>();
  const resolveExisting = (n: ExistingOrgNode): Known => {
    const done = knownOf.get(n.id);
    if (done) return done;
    const up = n.parentId ? byId.get(n.parentId) : undefined;
    const parent = up ? resolveExisting(up) : null;
    const k: Known = {
      key: `e:${n.id}`,
      id: n.id,
      name: n.name,
      kind: n.kind as OrgKind,
      names: [...(parent?.names ?? []), n.name],
      path: n.path,
      schoolId: n.schoolId,
      disabledName: n.disabledAt ? n.name : (parent?.disabledName ?? null),
      existing: true,
    };
    knownOf.set(n.id, k);
    return k;
  };
  const known: Known[] = existing.map(resolveExisting);
  const childrenOf = new Map<string, Known[]>();
  for (const n of existing) {
    if (!n.parentId) continue;
    childrenOf.set(n.parentId, [...(childrenOf.get(n.parentId) ?? []), knownOf.get(n.id)!]);
  }
  const roots = known.filter((k) => k.kind === 'generalBranch' && !k.disabledName);
  /** A node as the file would name it: from below the general branch (the general branch by its own name). */
  const shortPath = (k: Known) => {
    const names = k.names ?? [k.name];
    return names.slice(names.length > 2 ? 2 : names.length - 1).join('/');
  };

  const planned: PlannedOrgNode[] = [];
  const firstRowOfSibling = new Map<string, number>();
  let pending = [...rows];
  /** How many unplaced rows carry each name: a row waits while its parent could still be one of them. */
  const unplaced = new Map<string, number>();
  for (const r of rows) unplaced.set(r.name, (unplaced.get(r.name) ?? 0) + 1);
  const settled = (r: OrgImportInput) => unplaced.set(r.name, unplaced.get(r.name)! - 1);

  /** Places a row under the node its 上级 resolved to; false when the row is in error. */
  const place = (r: OrgImportInput, parent: Known) => {
    const onParent = (code: string, message: string) => fail(r.row, 'parent', code, message);
    const parentLabel = parent.kind ? ORG_KIND_LABELS[parent.kind] : '节点';
    let ok = true;
    if (parent.disabledName) {
      onParent('PARENT_DISABLED', `上级节点「${parent.disabledName}」已停用`);
      ok = false;
    } else if (r.kind && parent.kind && !canPlace(r.kind, parent.kind)) {
      onParent(
        'PARENT_KIND_NOT_ALLOWED',
        `${ORG_KIND_LABELS[r.kind]}只能设在${allowedUnder(r.kind)}之下，不能设在${parentLabel}「${parent.name}」之下`,
      );
      ok = false;
    }
    const siblingKey = `${parent.key}|${r.name}`;
    const first = firstRowOfSibling.get(siblingKey);
    if (first !== undefined) {
      fail(
        r.row,
        'name',
        'DUPLICATE_SIBLING',
        `与第 ${first} 行重复：「${parent.name}」下已有名为「${r.name}」的一行`,
      );
      ok = false;
    } else firstRowOfSibling.set(siblingKey, r.row);

    const same = parent.existing ? childrenOf.get(parent.id)?.find((c) => c.name === r.name) : undefined;
    if (same) {
      // The node is in the tree already: the row stands for it (its children find it by name).
      if (r.kind && same.kind !== r.kind) {
        fail(
          r.row,
          'name',
          'NAME_TAKEN',
          `「${parent.name}」下已有名为「${r.name}」的${same.kind ? ORG_KIND_LABELS[same.kind] : '节点'}，与本行的类型不同`,
        );
        return;
      }
      if (same.path && !opts.canWrite(same.path)) {
        fail(r.row, 'parent', 'FORBIDDEN', `没有权限管理「${shortPath(same)}」`);
        return;
      }
      if (ok && r.kind)
        planned.push({
          row: r.row,
          action: 'unchanged',
          id: same.id,
          kind: r.kind,
          name: r.name,
          code: r.code,
          sortOrder: r.sortOrder,
          path: same.path!,
          schoolId: same.schoolId,
          parentId: parent.id,
          parentNames: (parent.names ?? []).slice(1),
        });
      return;
    }
    if (parent.path && !opts.canWrite(parent.path)) {
      onParent('FORBIDDEN', `没有权限在「${shortPath(parent)}」下添加节点`);
      ok = false;
    }
    const id = crypto.randomUUID();
    const values =
      parent.path && r.kind
        ? newNodeValues(
            opts.parkId,
            { id: parent.id, path: parent.path, schoolId: parent.schoolId },
            { ...r, kind: r.kind },
            id,
          )
        : null;
    known.push({
      key: `r:${r.row}`,
      id,
      name: r.name,
      kind: r.kind,
      names: parent.names ? [...parent.names, r.name] : null,
      path: values?.path ?? null,
      schoolId: values?.schoolId ?? null,
      disabledName: null,
      existing: false,
      row: r.row,
    });
    if (ok && values)
      planned.push({
        row: r.row,
        action: 'create',
        id,
        kind: values.kind,
        name: r.name,
        code: values.code,
        sortOrder: values.sortOrder,
        path: values.path,
        schoolId: values.schoolId,
        parentId: parent.id,
        parentNames: (parent.names ?? []).slice(1),
      });
  };

  /** A row whose parent is unknown still has a name its own children may use. */
  const orphan = (r: OrgImportInput) =>
    known.push({
      key: `r:${r.row}`,
      id: crypto.randomUUID(),
      name: r.name,
      kind: r.kind,
      names: null,
      path: null,
      schoolId: null,
      disabledName: null,
      existing: false,
      row: r.row,
    });

  // Rows are placed once every node their 上级 could mean is known: the tree, then row by row.
  for (let progress = true; progress && pending.length;) {
    progress = false;
    const waiting: OrgImportInput[] = [];
    for (const r of pending) {
      if (!r.parent.length) {
        progress = true;
        settled(r);
        const underRoot = !r.kind || ALLOWED_PARENTS[r.kind].includes('generalBranch');
        if (roots.length === 1 && underRoot) place(r, roots[0]!);
        else {
          const kind = r.kind ? ORG_KIND_LABELS[r.kind] : '';
          fail(
            r.row,
            'parent',
            'PARENT_REQUIRED',
            !underRoot
              ? `请填写上级：${kind}只能设在${allowedUnder(r.kind!)}之下`
              : roots.length
                ? '园区有多个党总支，请在「上级」中写明是哪一个'
                : '园区没有可用的党总支，请填写上级',
          );
          orphan(r);
        }
        continue;
      }
      // The parent must be settled first if another unplaced row could be it.
      const last = r.parent[r.parent.length - 1]!;
      if ((unplaced.get(last) ?? 0) - (r.name === last ? 1 : 0) > 0) {
        waiting.push(r);
        continue;
      }
      progress = true;
      settled(r);
      const matches = known.filter((k) => (k.names ? endsWith(k.names, r.parent) : k.name === last));
      const spec = r.parent.join('/');
      if (matches.length === 1) place(r, matches[0]!);
      else {
        if (!matches.length)
          fail(
            r.row,
            'parent',
            'PARENT_NOT_FOUND',
            last === r.name && r.parent.length === 1
              ? '上级不能是本行节点自己'
              : `上级「${spec}」不存在：请填写组织架构中已有的节点或本表中的节点`,
          );
        else {
          const example = matches.find((m) => m.names);
          fail(
            r.row,
            'parent',
            'PARENT_AMBIGUOUS',
            `有 ${matches.length} 个节点与上级「${spec}」相符，请写出完整路径` +
              (example ? `，如「${shortPath(example)}」` : ''),
          );
        }
        orphan(r);
      }
    }
    pending = waiting;
  }
  // What is left waits on itself: rows that are each other's parent.
  for (const r of pending) {
    const last = r.parent[r.parent.length - 1]!;
    const others = pending.filter((o) => o !== r && o.name === last).map((o) => o.row);
    fail(
      r.row,
      'parent',
      'PARENT_CYCLE',
      `上级关系形成循环，无法确定上级「${r.parent.join('/')}」（见第 ${others.join('、')} 行）`,
    );
  }

  errors.sort((a, b) => a.row - b.row);
  if (errors.length) return { errors, nodes: [] };
  planned.sort((a, b) => a.path.length - b.path.length || a.row - b.row);
  return { errors, nodes: planned };
}
