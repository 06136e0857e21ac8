import { describe, expect, it } from 'vitest';
import { canReadOrg, canWriteOrgNode, isOwnScopeNode } from './policy';
import { fakeActor, nodes, otherParkNodes, people } from '../../../../test/support/actors';

const node = (key: string, tree = nodes) => ({ parkId: tree[key]!.parkId, path: tree[key]!.path });

describe('reading the org tree', () => {
  it('is open to every console role of the park', () => {
    for (const grants of [
      [['parkAdmin', 'park']],
      [['schoolAdmin', 'schoolB']],
      [['branchSecretary', 'branchA']],
      [['homeroomTeacher', 'classA1']],
      [['leagueCommittee', 'leagueA']],
    ] as const) {
      expect(canReadOrg(fakeActor(grants.map(([r, n]) => [r, n])))).toBe(true);
    }
  });

  it('is closed to students, plain members, and accounts without roles', () => {
    expect(canReadOrg(fakeActor([['student', 'classA1']], { personId: people.studentA1.personId! }))).toBe(
      false,
    );
    expect(canReadOrg(fakeActor([['member', 'branchB']], { personId: people.teacherB.personId! }))).toBe(
      false,
    );
    expect(canReadOrg(fakeActor([]))).toBe(false);
  });
});

describe('writing org nodes', () => {
  it('a park admin writes every node of its park', () => {
    const admin = fakeActor([['parkAdmin', 'park']]);
    for (const key of ['park', 'generalBranch', 'schoolA', 'schoolB', 'groupB', 'classA2'])
      expect(canWriteOrgNode(admin, node(key))).toBe(true);
  });

  it('a school admin writes inside its school only', () => {
    const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
    for (const key of ['schoolA', 'branchA', 'groupA', 'deptA', 'gradeA', 'classA1', 'leagueA'])
      expect(canWriteOrgNode(schoolAdminA, node(key))).toBe(true);
    for (const key of ['park', 'generalBranch', 'schoolB', 'gradeB', 'classB2'])
      expect(canWriteOrgNode(schoolAdminA, node(key))).toBe(false);
  });

  it('a path prefix never splits an id: school A does not reach a sibling whose id extends it', () => {
    const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
    const lookalike = { parkId: nodes.schoolA!.parkId, path: nodes.schoolA!.path.slice(0, -1) + 'X/' };
    expect(canWriteOrgNode(schoolAdminA, lookalike)).toBe(false);
  });

  it('roles without org.write write nothing', () => {
    for (const actor of [
      fakeActor([['branchSecretary', 'branchA']]),
      fakeActor([['homeroomTeacher', 'classA1']]),
      fakeActor([['leagueCommittee', 'leagueA']]),
      fakeActor([['portalEditor', 'park']]),
      fakeActor([]),
    ]) {
      expect(canWriteOrgNode(actor, node('classA1'))).toBe(false);
      expect(canWriteOrgNode(actor, node('branchA'))).toBe(false);
    }
  });

  it('an admin of another park writes nothing here', () => {
    const foreign = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });
    expect(canWriteOrgNode(foreign, node('schoolA'))).toBe(false);
    expect(canWriteOrgNode(foreign, node('schoolA', otherParkNodes))).toBe(true);
  });
});

describe('isOwnScopeNode', () => {
  it('is true only for a node one of the actor’s roles hangs from', () => {
    const actor = { grants: [{ scopeNodeId: 'school-a' }] } as unknown as Parameters<
      typeof isOwnScopeNode
    >[0];
    expect(isOwnScopeNode(actor, 'school-a')).toBe(true);
    expect(isOwnScopeNode(actor, 'school-b')).toBe(false);
  });
});
