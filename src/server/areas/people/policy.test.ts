import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import type { OrgKind } from '../../../common/orgTree';
import type { Actor, RoleGrant } from '../../access/actor';
import {
  canExportPeople,
  canImportPeople,
  canReadPerson,
  canRevealPerson,
  canWritePerson,
  canWritePersonAt,
  peopleReadScopes,
  type PersonFacts,
} from './policy';
import { peopleScopeCondition } from './queries';
import type { Role } from '../../access/roles';

// A fake park: park → generalBranch → schools A/B, each with a branch, a department and two classes.
const PARK = 'park';
const path = (...ids: string[]) => `/${[PARK, ...ids].join('/')}/`;
const nodes = {
  park: { id: PARK, kind: 'park', path: path(), schoolId: null },
  schoolA: { id: 'schoolA', kind: 'school', path: path('gb', 'schoolA'), schoolId: 'schoolA' },
  schoolB: { id: 'schoolB', kind: 'school', path: path('gb', 'schoolB'), schoolId: 'schoolB' },
  branchA: { id: 'branchA', kind: 'branch', path: path('gb', 'schoolA', 'branchA'), schoolId: 'schoolA' },
  branchB: { id: 'branchB', kind: 'branch', path: path('gb', 'schoolB', 'branchB'), schoolId: 'schoolB' },
  classA1: { id: 'classA1', kind: 'class', path: path('gb', 'schoolA', 'g', 'classA1'), schoolId: 'schoolA' },
  leagueA: {
    id: 'leagueA',
    kind: 'leagueCommittee',
    path: path('gb', 'schoolA', 'leagueA'),
    schoolId: 'schoolA',
  },
} as const;
type NodeKey = keyof typeof nodes;

function actor(roles: [Role, NodeKey][], personId: string | null = null): Actor {
  const grants: RoleGrant[] = roles.map(([role, key]) => ({
    role,
    scopeNodeId: nodes[key].id,
    scopeKind: nodes[key].kind as OrgKind,
    scopePath: nodes[key].path,
    scopeSchoolId: nodes[key].schoolId,
  }));
  return {
    accountId: `acc-${roles.map((r) => r.join(':')).join(',') || personId}`,
    parkId: PARK,
    parkPath: nodes.park.path,
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

const person = (over: Partial<PersonFacts>): PersonFacts => ({
  parkId: PARK,
  id: 'p',
  kind: 'student',
  schoolId: 'schoolA',
  unitId: 'classA1',
  branchId: null,
  ...over,
});

const studentA1 = person({ id: 'studentA1' });
const studentA2 = person({ id: 'studentA2', unitId: 'classA2' });
const studentB1 = person({ id: 'studentB1', schoolId: 'schoolB', unitId: 'classB1' });
const teacherA = person({ id: 'teacherA', kind: 'staff', unitId: 'deptA', branchId: 'branchA' });

const parkAdmin = actor([['parkAdmin', 'park']]);
const schoolAdminA = actor([['schoolAdmin', 'schoolA']]);
const secretaryA = actor(
  [
    ['branchSecretary', 'branchA'],
    ['member', 'branchA'],
  ],
  'secretaryA',
);
const homeroomA1 = actor(
  [
    ['homeroomTeacher', 'classA1'],
    ['member', 'branchA'],
  ],
  'teacherA',
);
const leagueA = actor([['leagueCommittee', 'leagueA']]);
const memberB = actor([['member', 'branchB']], 'teacherB');
const student = actor([['student', 'classA1']], 'studentA1');
const mentor = actor([['mentor', 'schoolA']], 'mentorA');

describe('reading people', () => {
  it('lets a park admin read everyone in the park, and no one in another park', () => {
    expect(canReadPerson(parkAdmin, studentB1)).toBe(true);
    expect(canReadPerson(parkAdmin, { ...studentB1, parkId: 'other' })).toBe(false);
  });

  it('keeps a school admin inside their school', () => {
    expect(canReadPerson(schoolAdminA, studentA2)).toBe(true);
    expect(canReadPerson(schoolAdminA, studentB1)).toBe(false);
  });

  it('denies a branch secretary of school A a student of school B', () => {
    expect(canReadPerson(secretaryA, studentB1)).toBe(false);
    expect(canReadPerson(secretaryA, studentA2)).toBe(true);
  });

  it('denies a homeroom teacher another class', () => {
    expect(canReadPerson(homeroomA1, studentA1)).toBe(true);
    expect(canReadPerson(homeroomA1, studentA2)).toBe(false);
  });

  it('lets the League committee read its school’s students but not its staff', () => {
    expect(canReadPerson(leagueA, studentA2)).toBe(true);
    expect(canReadPerson(leagueA, teacherA)).toBe(false);
  });

  it('lets a member or student read only themselves', () => {
    expect(canReadPerson(student, studentA1)).toBe(true);
    expect(canReadPerson(student, studentA2)).toBe(false);
    expect(canReadPerson(memberB, teacherA)).toBe(false);
    expect(canReadPerson(memberB, person({ id: 'teacherB', schoolId: 'schoolB', kind: 'staff' }))).toBe(true);
  });

  it('gives a mentor nothing until the mentors module adds mentee scopes', () => {
    expect(canReadPerson(mentor, studentA1)).toBe(false);
    expect(peopleReadScopes(mentor)).toEqual([{ type: 'self', personId: 'mentorA' }]);
  });
});

describe('writing, revealing, exporting, importing', () => {
  it('lets school admins write in their school only', () => {
    expect(canWritePerson(schoolAdminA, studentA1)).toBe(true);
    expect(canWritePerson(schoolAdminA, studentB1)).toBe(false);
    expect(
      canWritePersonAt(schoolAdminA, 'people.write', { kind: 'staff', schoolId: 'schoolA', unitId: 'd' }),
    ).toBe(true);
    expect(
      canWritePersonAt(schoolAdminA, 'people.import', { kind: 'student', schoolId: 'schoolB', unitId: 'c' }),
    ).toBe(false);
  });

  it('does not let readers without people.write edit, not even themselves', () => {
    expect(canWritePerson(homeroomA1, studentA1)).toBe(false);
    expect(canWritePerson(student, studentA1)).toBe(false);
    expect(canWritePerson(secretaryA, teacherA)).toBe(false);
  });

  it("denies a member someone else's ID number, allows their own", () => {
    expect(canRevealPerson(memberB, teacherA)).toBe(false);
    expect(canRevealPerson(memberB, person({ id: 'teacherB', kind: 'staff', schoolId: 'schoolB' }))).toBe(
      true,
    );
    expect(canRevealPerson(homeroomA1, studentA1)).toBe(false);
    expect(canRevealPerson(schoolAdminA, studentA1)).toBe(true);
    expect(canRevealPerson(schoolAdminA, studentB1)).toBe(false);
  });

  it('gives export and import to admins only', () => {
    expect(canExportPeople(schoolAdminA)).toBe(true);
    expect(canImportPeople(parkAdmin)).toBe(true);
    expect(canExportPeople(secretaryA)).toBe(false);
    expect(canImportPeople(homeroomA1)).toBe(false);
    expect(canImportPeople(student)).toBe(false);
  });
});

describe('people scope as SQL', () => {
  const dialect = new PgDialect();
  const render = (a: Actor) => dialect.sqlToQuery(peopleScopeCondition(a, peopleReadScopes(a)));

  it('matches nothing for an empty scope list', () => {
    const q = dialect.sqlToQuery(peopleScopeCondition(parkAdmin, []));
    expect(q.sql).toContain('false');
    expect(q.params).toEqual([PARK]);
  });

  it('always filters by the actor’s park', () => {
    const q = render(parkAdmin);
    expect(q.sql).toMatch(/"people"\."park_id" = \$1 and \(true\)/);
    expect(q.params).toEqual([PARK]);
  });

  it('turns each clause into its column condition', () => {
    expect(render(schoolAdminA).params).toEqual([PARK, 'schoolA']);
    const homeroom = render(homeroomA1);
    expect(homeroom.sql).toContain('"people"."unit_id" = $2');
    expect(homeroom.sql).toContain('"people"."id" = $3');
    expect(homeroom.params).toEqual([PARK, 'classA1', 'teacherA']);
    const league = render(leagueA);
    expect(league.sql).toContain('"people"."kind" = $3');
    expect(league.params).toEqual([PARK, 'schoolA', 'student']);
  });
});
