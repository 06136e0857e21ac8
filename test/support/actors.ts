import type { OrgKind } from '../../src/common/orgTree';
import type { Actor, RoleGrant } from '../../src/server/access/actor';
import type { Role } from '../../src/server/access/roles';
import type { ScopeSubject } from '../../src/server/access/scope';

/**
 * Fake actors and subjects for the pure policy tests: a park with two schools (A, B), no database.
 * Ids are readable strings; paths follow the real '/<id>/<id>/' shape.
 */
export const PARK = 'park1';
export const OTHER_PARK = 'park2';

interface FakeNode {
  id: string;
  kind: OrgKind;
  path: string;
  schoolId: string | null;
  parkId: string;
}

function tree(parkId: string) {
  const nodes: Record<string, FakeNode> = {};
  const add = (key: string, parent: string | null, kind: OrgKind, id = `${parkId}-${key}`) => {
    const p = parent ? nodes[parent]! : null;
    const schoolId = kind === 'school' ? id : (p?.schoolId ?? null);
    nodes[key] = { id, kind, path: `${p ? p.path : '/'}${id}/`, schoolId, parkId };
  };
  add('park', null, 'park', parkId);
  add('generalBranch', 'park', 'generalBranch');
  for (const s of ['A', 'B']) {
    add(`school${s}`, 'generalBranch', 'school');
    add(`branch${s}`, `school${s}`, 'branch');
    add(`group${s}`, `branch${s}`, 'partyGroup');
    add(`dept${s}`, `school${s}`, 'department');
    add(`grade${s}`, `school${s}`, 'grade');
    add(`class${s}1`, `grade${s}`, 'class');
    add(`class${s}2`, `grade${s}`, 'class');
    add(`league${s}`, `school${s}`, 'leagueCommittee');
    add(`leagueBranch${s}1`, `league${s}`, 'leagueBranch');
  }
  return nodes;
}

export const nodes = tree(PARK);
export const otherParkNodes = tree(OTHER_PARK);

export function grant(role: Role, nodeKey: string, inTree = nodes): RoleGrant {
  const n = inTree[nodeKey]!;
  return { role, scopeNodeId: n.id, scopeKind: n.kind, scopePath: n.path, scopeSchoolId: n.schoolId };
}

export function fakeActor(
  grants: [Role, string][],
  opts: Partial<Omit<Actor, 'grants'>> & { tree?: typeof nodes } = {},
): Actor {
  const { tree: inTree = nodes, ...rest } = opts;
  const parkId = inTree.park!.id;
  return {
    accountId: 'acct-' + Math.random().toString(36).slice(2),
    parkId,
    parkPath: inTree.park!.path,
    username: 'someone',
    displayName: '某人',
    personId: null,
    schoolId: null,
    unitId: null,
    branchId: null,
    mustChangePassword: false,
    ...rest,
    grants: grants.map(([role, key]) => grant(role, key, inTree)),
  };
}

/** People of the fake park, as the scope rules see them. */
export function personOf(
  key: string,
  kind: 'staff' | 'student',
  school: 'A' | 'B',
  unitKey: string,
  branchKey: string | null = null,
  inTree = nodes,
): ScopeSubject {
  return {
    parkId: inTree.park!.id,
    personId: `person-${key}`,
    kind,
    schoolId: inTree[`school${school}`]!.id,
    unitId: inTree[unitKey]!.id,
    branchId: branchKey ? inTree[branchKey]!.id : null,
  };
}

export const people = {
  teacherA: personOf('teacherA', 'staff', 'A', 'deptA', 'branchA'),
  secretaryA: personOf('secretaryA', 'staff', 'A', 'deptA', 'branchA'),
  studentA1: personOf('studentA1', 'student', 'A', 'classA1'),
  studentA2: personOf('studentA2', 'student', 'A', 'classA2'),
  teacherB: personOf('teacherB', 'staff', 'B', 'deptB', 'branchB'),
  studentB1: personOf('studentB1', 'student', 'B', 'classB1'),
};

/** An org node as a scope subject. */
export const nodeSubject = (key: string, inTree = nodes): ScopeSubject => ({
  parkId: inTree[key]!.parkId,
  path: inTree[key]!.path,
  schoolId: inTree[key]!.schoolId,
});
