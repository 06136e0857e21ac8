import { describe, expect, it } from 'vitest';
import { fakeActor, nodes, otherParkNodes, people } from '../../../../test/support/actors';
import type { MemberFacts } from '../orgLife/policy';
import { canApproveReduction, canManageMemberDues, canRequestReduction } from './policy';

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

describe('managing a member’s dues (bases, payments, reversals)', () => {
  it('is for the branch secretary and above, within their reach, never the member themself', () => {
    expect(canManageMemberDues(secretaryA, teacherA)).toBe(true);
    expect(canManageMemberDues(schoolAdminA, teacherA)).toBe(true);
    expect(canManageMemberDues(parkAdmin, teacherB)).toBe(true);
    expect(canManageMemberDues(asTeacherA, teacherA)).toBe(false);
    expect(canManageMemberDues(secretaryA, teacherB)).toBe(false);
    expect(canManageMemberDues(schoolAdminA, teacherB)).toBe(false);
    expect(canManageMemberDues(otherParkAdmin, teacherA)).toBe(false);
  });
});

describe('hardship reductions (RULES §4: they need approval)', () => {
  it('reductions are asked by the member or a manager and approved above the branch, not by the asker', () => {
    expect(canRequestReduction(asTeacherA, teacherA)).toBe(true);
    expect(canRequestReduction(secretaryA, teacherA)).toBe(true);
    expect(canRequestReduction(asTeacherB, teacherA)).toBe(false);
    expect(canApproveReduction(secretaryA, teacherA, 'someone-else')).toBe(false);
    expect(canApproveReduction(schoolAdminA, teacherA, 'someone-else')).toBe(true);
    expect(canApproveReduction(parkAdmin, teacherA, parkAdmin.accountId)).toBe(false);
    expect(canApproveReduction(schoolAdminA, teacherB, 'someone-else')).toBe(false);
  });

  it('a request whose asker’s account is gone is still decided above the branch', () => {
    expect(canApproveReduction(parkAdmin, teacherA, null)).toBe(true);
    expect(canApproveReduction(secretaryA, teacherA, null)).toBe(false);
  });

  it('no one approves for a member of another park', () => {
    expect(canApproveReduction(otherParkAdmin, teacherA, 'someone-else')).toBe(false);
    expect(canRequestReduction(otherParkAdmin, teacherA)).toBe(false);
  });
});
