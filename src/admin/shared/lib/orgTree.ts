import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { orgContracts } from '../../../common/contracts/org';
import { api } from '../api/client';
import type { OrgKind } from '../../../common/orgTree';
import type { OrgNodeView as OrgNode } from '../../../common/contracts/org';

type OrgTreeResponse = z.infer<(typeof orgContracts)['tree']['response']>;

/** GET /org/tree, parents first; every area's pickers and the org page read it through useOrgTree. */
export const orgTreeKey = (includeDisabled: boolean) => ['org', 'tree', includeDisabled] as const;
export const fetchOrgTree = (includeDisabled: boolean, signal?: AbortSignal) =>
  api.get<OrgTreeResponse>('/org/tree', { includeDisabled }, signal);

export interface TreeNode extends OrgNode {
  children: TreeNode[];
  /** People whose unit is this node or any node below it. */
  subtreePeople: number;
  /** Members of this branch or any branch below it. */
  subtreeMembers: number;
  depth: number;
}

export interface OrgIndex {
  roots: TreeNode[];
  byId: Map<string, TreeNode>;
  list: OrgNode[];
}

/** Nests the flat, parents-first list from GET /org/tree and sums the counts up the tree. */
export function buildTree(list: OrgNode[]): OrgIndex {
  const byId = new Map<string, TreeNode>();
  for (const n of list) byId.set(n.id, { ...n, children: [], subtreePeople: 0, subtreeMembers: 0, depth: 0 });
  const roots: TreeNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  const walk = (n: TreeNode, depth: number) => {
    n.depth = depth;
    n.subtreePeople = n.peopleCount;
    n.subtreeMembers = n.memberCount;
    for (const c of n.children) {
      walk(c, depth + 1);
      n.subtreePeople += c.subtreePeople;
      n.subtreeMembers += c.subtreeMembers;
    }
  };
  roots.forEach((r) => walk(r, 0));
  return { roots, byId, list };
}

/** The names from the root down to the node, e.g. 园区 / 党总支 / 一中. */
export function pathOf(index: OrgIndex, id: string | null | undefined): TreeNode[] {
  const out: TreeNode[] = [];
  let cur = id ? index.byId.get(id) : undefined;
  while (cur) {
    out.unshift(cur);
    cur = cur.parentId ? index.byId.get(cur.parentId) : undefined;
  }
  return out;
}

export function isInSubtree(index: OrgIndex, nodeId: string, ancestorId: string): boolean {
  return pathOf(index, nodeId).some((n) => n.id === ancestorId);
}

const selectTree = (d: { items: OrgNode[] }) => buildTree(d.items);

export function useOrgTree(opts: { includeDisabled?: boolean; enabled?: boolean } = {}) {
  const includeDisabled = opts.includeDisabled ?? false;
  return useQuery({
    queryKey: orgTreeKey(includeDisabled),
    queryFn: ({ signal }) => fetchOrgTree(includeDisabled, signal),
    select: selectTree,
    // Toggling "show disabled" keeps the current tree on screen until the other one arrives.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled: opts.enabled ?? true,
  });
}

export interface TreeSelectNode {
  value: string;
  title: string;
  kind: OrgKind;
  selectable: boolean;
  disabled?: boolean;
  children?: TreeSelectNode[];
}

/**
 * Tree data for an antd TreeSelect. `keep` decides which nodes appear (children of a node that
 * does not are lifted to its place), `selectable` which may be picked; branches holding nothing
 * selectable are dropped.
 */
export function toTreeSelect(
  roots: TreeNode[],
  keep: (n: TreeNode) => boolean,
  selectable: (n: TreeNode) => boolean,
  label: (n: TreeNode) => string = (n) => n.name,
): TreeSelectNode[] {
  const convert = (nodes: TreeNode[]): TreeSelectNode[] => {
    const out: TreeSelectNode[] = [];
    for (const n of nodes) {
      const children = convert(n.children);
      if (!keep(n)) {
        out.push(...children);
        continue;
      }
      const canPick = selectable(n);
      if (!canPick && children.length === 0) continue;
      out.push({
        value: n.id,
        title: label(n),
        kind: n.kind,
        selectable: canPick,
        // Shown (to give the path) but not pickable: greyed. Disabled nodes are never pickable.
        disabled: !canPick,
        children: children.length ? children : undefined,
      });
    }
    return out;
  };
  return convert(roots);
}

export const ofKinds =
  (...kinds: OrgKind[]) =>
  (n: { kind: OrgKind }) =>
    kinds.includes(n.kind);
