import { describe, expect, it } from 'vitest';
import { fakeActor, nodes, people, otherParkNodes } from '../../../../test/support/actors';
import {
  canConfigureOrgLife,
  canManageHost,
  canManageMemberOrgLife,
  canReadHost,
  canReadMemberOrgLife,
  canWriteOwnRecords,
  type MemberFacts,
} from './policy';

const member = (p: (typeof people)[keyof typeof people]): MemberFacts => ({
  parkId: p.parkId,
  id: p.personId!,
  kind: p.kind!,
  schoolId: p.schoolId!,
  unitId: p.unitId!,
  branchId: p.branchId!,
});
const teacherA = member(people.teacherA);
const teacherB = member(people.teacherB);
const host = (key: string, tree = nodes) => ({
  parkId: tree[key]!.parkId,
  id: tree[key]!.id,
  kind: tree[key]!.kind,
  schoolId: tree[key]!.schoolId,
});

const parkAdmin = fakeActor([['parkAdmin', 'park']]);
const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
const secretaryA = fakeActor(
  [
    ['branchSecretary', 'branchA'],
    ['member', 'branchA'],
  ],
  { personId: people.secretaryA.personId, branchId: nodes.branchA!.id },
);
const asTeacherA = fakeActor([['member', 'branchA']], { personId: teacherA.id, branchId: nodes.branchA!.id });
const asTeacherB = fakeActor([['member', 'branchB']], { personId: teacherB.id, branchId: nodes.branchB!.id });
const otherParkAdmin = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });

describe('members’ orgLife records', () => {
  it('are read by the park, their school, their branch secretary and themselves', () => {
    expect(canReadMemberOrgLife(parkAdmin, teacherA)).toBe(true);
    expect(canReadMemberOrgLife(schoolAdminA, teacherA)).toBe(true);
    expect(canReadMemberOrgLife(secretaryA, teacherA)).toBe(true);
    expect(canReadMemberOrgLife(asTeacherA, teacherA)).toBe(true);
    expect(canReadMemberOrgLife(asTeacherB, teacherA)).toBe(false);
    expect(canReadMemberOrgLife(schoolAdminA, teacherB)).toBe(false);
    expect(canReadMemberOrgLife(secretaryA, teacherB)).toBe(false);
    expect(canReadMemberOrgLife(otherParkAdmin, teacherA)).toBe(false);
  });

  it('are managed by the secretary and above, never by the member themself', () => {
    expect(canManageMemberOrgLife(secretaryA, teacherA)).toBe(true);
    expect(canManageMemberOrgLife(schoolAdminA, teacherA)).toBe(true);
    expect(canManageMemberOrgLife(asTeacherA, teacherA)).toBe(false);
    expect(canManageMemberOrgLife(secretaryA, teacherB)).toBe(false);
  });

  it('reports, goals and proposals are written by the member only', () => {
    expect(canWriteOwnRecords(asTeacherA, teacherA)).toBe(true);
    expect(canWriteOwnRecords(secretaryA, teacherA)).toBe(false);
    expect(canWriteOwnRecords(parkAdmin, teacherA)).toBe(false);
    expect(canWriteOwnRecords(asTeacherB, teacherA)).toBe(false);
  });
});

describe('hosts (branches and the general branch)', () => {
  it('a secretary manages their branch only; the general branch is park-wide', () => {
    expect(canManageHost(secretaryA, host('branchA'))).toBe(true);
    expect(canManageHost(secretaryA, host('branchB'))).toBe(false);
    expect(canManageHost(secretaryA, host('generalBranch'))).toBe(false);
    expect(canManageHost(schoolAdminA, host('branchA'))).toBe(true);
    expect(canManageHost(schoolAdminA, host('branchB'))).toBe(false);
    expect(canManageHost(parkAdmin, host('generalBranch'))).toBe(true);
    expect(canManageHost(parkAdmin, host('deptA'))).toBe(false); // not a host at all
    expect(canManageHost(otherParkAdmin, host('branchA'))).toBe(false);
  });

  it('members read their own branch and the general branch', () => {
    expect(canReadHost(asTeacherA, host('branchA'))).toBe(true);
    expect(canReadHost(asTeacherA, host('generalBranch'))).toBe(true);
    expect(canReadHost(asTeacherA, host('branchB'))).toBe(false);
    expect(canManageHost(asTeacherA, host('branchA'))).toBe(false);
  });
});

describe('config and hardship reductions', () => {
  it('only a park-wide manager configures', () => {
    expect(canConfigureOrgLife(parkAdmin)).toBe(true);
    expect(canConfigureOrgLife(schoolAdminA)).toBe(false);
    expect(canConfigureOrgLife(secretaryA)).toBe(false);
  });
});
