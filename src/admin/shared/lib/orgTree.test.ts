import { describe, expect, it } from 'vitest';
import type { OrgNodeView as OrgNode } from '../../../common/contracts/org';
import { buildTree, isInSubtree, ofKinds, pathOf, toTreeSelect } from './orgTree';

const node = (
  id: string,
  parentId: string | null,
  kind: OrgNode['kind'],
  people = 0,
  members = 0,
): OrgNode => ({
  id,
  parentId,
  kind,
  kindLabel: kind,
  name: id,
  code: null,
  sortOrder: 0,
  schoolId: null,
  disabled: false,
  peopleCount: people,
  memberCount: members,
});

const list = [
  node('park', null, 'park'),
  node('gb', 'park', 'generalBranch'),
  node('s1', 'gb', 'school'),
  node('b1', 's1', 'branch', 0, 5),
  node('d1', 's1', 'department', 7),
  node('g1', 's1', 'grade'),
  node('c1', 'g1', 'class', 40),
  node('c2', 'g1', 'class', 38),
];

describe('console org tree helpers', () => {
  it('nests the flat list and sums people and members up the tree', () => {
    const t = buildTree(list);
    expect(t.roots.map((r) => r.id)).toEqual(['park']);
    expect(t.byId.get('g1')!.subtreePeople).toBe(78);
    expect(t.byId.get('s1')!.subtreePeople).toBe(85);
    expect(t.byId.get('park')!.subtreeMembers).toBe(5);
    expect(t.byId.get('c1')!.depth).toBe(4);
  });

  it('gives paths and subtree membership', () => {
    const t = buildTree(list);
    expect(pathOf(t, 'c1').map((n) => n.id)).toEqual(['park', 'gb', 's1', 'g1', 'c1']);
    expect(isInSubtree(t, 'c1', 's1')).toBe(true);
    expect(isInSubtree(t, 's1', 'c1')).toBe(false);
  });

  it('builds picker data: skipped kinds lift their children, unpickable branches without picks vanish', () => {
    const t = buildTree(list);
    const data = toTreeSelect(t.roots, ofKinds('school', 'grade', 'class'), ofKinds('class'));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ value: 's1', selectable: false, disabled: true });
    expect(data[0]!.children!.map((c) => c.value)).toEqual(['g1']);
    expect(data[0]!.children![0]!.children!.map((c) => [c.value, c.selectable])).toEqual([
      ['c1', true],
      ['c2', true],
    ]);
    expect(toTreeSelect(t.roots, () => true, ofKinds('partyGroup'))).toEqual([]);
  });
});
