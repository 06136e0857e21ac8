import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { OrgKind } from '../../../common/orgTree';
import type { Actor, RoleGrant } from '../../access/actor';
import { canReadMembership, canWriteMembership, membersReadScopes } from './policy';
import { membershipScopeCondition } from './queries';
import type { PersonFacts } from '../people/policy';
import type { Role } from '../../access/roles';

const PARK = 'park';
const nodes = {
  park: { id: PARK, kind: 'park', path: '/park/', schoolId: null },
  schoolA: { id: 'schoolA', kind: 'school', path: '/park/gb/schoolA/', schoolId: 'schoolA' },
  branchA: { id: 'branchA', kind: 'branch', path: '/park/gb/schoolA/branchA/', schoolId: 'schoolA' },
  branchA2: { id: 'branchA2', kind: 'branch', path: '/park/gb/schoolA/branchA2/', schoolId: 'schoolA' },
  branchB: { id: 'branchB', kind: 'branch', path: '/park/gb/schoolB/branchB/', schoolId: 'schoolB' },
  classA1: { id: 'classA1', kind: 'class', path: '/park/gb/schoolA/g/classA1/', schoolId: 'schoolA' },
} as const;

function actor(roles: [Role, keyof typeof nodes][], personId: string | null = null): Actor {
  const grants: RoleGrant[] = roles.map(([role, key]) => ({
    role,
    scopeNodeId: nodes[key].id,
    scopeKind: nodes[key].kind as OrgKind,
    scopePath: nodes[key].path,
    scopeSchoolId: nodes[key].schoolId,
  }));
  return {
    accountId: 'acc',
    parkId: PARK,
    parkPath: '/park/',
    username: 'u',
    displayName: 'u',
    personId,
    schoolId: null,
    unitId: null,
    branchId: null,
    grants,
    mustChangePassword: false,
  };
}

const staff = (id: string, schoolId: string, branchId: string | null): PersonFacts => ({
  parkId: PARK,
  id,
  kind: 'staff',
  schoolId,
  unitId: `dept-${schoolId}`,
  branchId,
});

const teacherA = staff('teacherA', 'schoolA', 'branchA');
const teacherA2 = staff('teacherA2', 'schoolA', 'branchA2');
const nonMemberA = staff('nonMemberA', 'schoolA', null);
const teacherB = staff('teacherB', 'schoolB', 'branchB');

const parkAdmin = actor([['parkAdmin', 'park']]);
const schoolAdminA = actor([['schoolAdmin', 'schoolA']]);
const secretaryA = actor(
  [
    ['branchSecretary', 'branchA'],
    ['member', 'branchA'],
  ],
  'secretaryA',
);
const memberA = actor([['member', 'branchA']], 'teacherA');
const homeroomA1 = actor([['homeroomTeacher', 'classA1']], 'homeroom');

describe('reading memberships', () => {
  it('lets a branch secretary read their branch only', () => {
    expect(canReadMembership(secretaryA, teacherA)).toBe(true);
    expect(canReadMembership(secretaryA, teacherA2)).toBe(false);
    expect(canReadMembership(secretaryA, teacherB)).toBe(false);
  });
  it('lets a school admin read every membership of their school', () => {
    expect(canReadMembership(schoolAdminA, teacherA2)).toBe(true);
    expect(canReadMembership(schoolAdminA, teacherB)).toBe(false);
  });
  it('lets a member read their own membership only', () => {
    expect(canReadMembership(memberA, teacherA)).toBe(true);
    expect(canReadMembership(memberA, teacherA2)).toBe(false);
  });
  it('gives a homeroom teacher no membership data', () => {
    expect(canReadMembership(homeroomA1, teacherA)).toBe(false);
  });
});

describe('writing memberships', () => {
  it('lets a branch secretary admit a person of their school into their branch', () => {
    expect(
      canWriteMembership(secretaryA, nonMemberA, { currentBranchId: null, targetBranchId: 'branchA' }),
    ).toBe(true);
  });
  it('refuses a branch secretary another branch as source or target', () => {
    expect(
      canWriteMembership(secretaryA, nonMemberA, { currentBranchId: null, targetBranchId: 'branchA2' }),
    ).toBe(false);
    expect(
      canWriteMembership(secretaryA, teacherA2, { currentBranchId: 'branchA2', targetBranchId: 'branchA' }),
    ).toBe(false);
  });
  it('refuses a branch secretary of school A a person of school B', () => {
    const b = staff('b', 'schoolB', null);
    expect(canWriteMembership(secretaryA, b, { currentBranchId: null, targetBranchId: 'branchA' })).toBe(
      false,
    );
  });
  it('lets a school admin move a membership between branches of their school', () => {
    expect(
      canWriteMembership(schoolAdminA, teacherA, { currentBranchId: 'branchA', targetBranchId: 'branchA2' }),
    ).toBe(true);
    expect(
      canWriteMembership(schoolAdminA, teacherB, { currentBranchId: 'branchB', targetBranchId: null }),
    ).toBe(false);
  });
  it('does not let a member edit their own membership', () => {
    expect(
      canWriteMembership(memberA, teacherA, { currentBranchId: 'branchA', targetBranchId: 'branchA' }),
    ).toBe(false);
  });
  it('lets a park admin remove any membership', () => {
    expect(
      canWriteMembership(parkAdmin, teacherB, { currentBranchId: 'branchB', targetBranchId: null }),
    ).toBe(true);
  });
});

describe('membership scope as SQL', () => {
  const dialect = new PgDialect();
  it('matches nothing for an empty scope list', () => {
    const q = dialect.sqlToQuery(membershipScopeCondition(parkAdmin, []));
    expect(q.sql).toContain('false');
  });
  it('filters a branch secretary by branch and self', () => {
    const q = dialect.sqlToQuery(membershipScopeCondition(secretaryA, membersReadScopes(secretaryA)));
    expect(q.sql).toContain('"memberships"."branch_id" = $2');
    expect(q.sql).toContain('"memberships"."person_id" = $3');
    expect(q.params).toEqual([PARK, 'branchA', 'secretaryA']);
  });
});
