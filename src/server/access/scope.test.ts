import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from './roles';
import { can, hasPermission, holdsThroughRole, scopesFor, subjectInScope } from './scope';
import {
  fakeActor,
  nodeSubject,
  nodes,
  otherParkNodes,
  people,
  personOf,
} from '../../../test/support/actors';

const everyone = Object.values(people);

describe('park admin', () => {
  const admin = fakeActor([['parkAdmin', 'park']]);

  it('holds one park-wide clause for every permission it has', () => {
    expect(scopesFor(admin, 'people.read')).toEqual([{ type: 'park' }]);
    expect(scopesFor(admin, 'audit.read')).toEqual([{ type: 'park' }]);
  });

  it('reads, writes and reveals every person of the park', () => {
    for (const p of everyone) {
      expect(can(admin, 'people.read', p)).toBe(true);
      expect(can(admin, 'people.write', p)).toBe(true);
      expect(can(admin, 'people.reveal', p)).toBe(true);
    }
  });

  it('writes every node of the tree', () => {
    for (const key of ['park', 'generalBranch', 'schoolA', 'classB1', 'leagueBranchB1'])
      expect(can(admin, 'org.write', nodeSubject(key))).toBe(true);
  });

  it('a park-wide clause swallows the narrower ones of other grants', () => {
    const both = fakeActor([
      ['schoolAdmin', 'schoolA'],
      ['parkAdmin', 'park'],
    ]);
    expect(scopesFor(both, 'people.write')).toEqual([{ type: 'park' }]);
  });

  it('does not hold portal permissions it was not given', () => {
    expect(hasPermission(admin, 'portal.edit')).toBe(false);
    expect(scopesFor(admin, 'portal.edit')).toEqual([]);
  });
});

describe('school admin', () => {
  const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);

  it('reaches the people of its own school only', () => {
    expect(can(schoolAdminA, 'people.read', people.teacherA)).toBe(true);
    expect(can(schoolAdminA, 'people.read', people.studentA2)).toBe(true);
    expect(can(schoolAdminA, 'people.write', people.studentA1)).toBe(true);
    expect(can(schoolAdminA, 'people.read', people.studentB1)).toBe(false);
    expect(can(schoolAdminA, 'people.write', people.teacherB)).toBe(false);
    expect(can(schoolAdminA, 'people.reveal', people.teacherB)).toBe(false);
  });

  it('writes its own school subtree and nothing above or beside it', () => {
    for (const key of ['schoolA', 'branchA', 'groupA', 'gradeA', 'classA2', 'leagueBranchA1'])
      expect(can(schoolAdminA, 'org.write', nodeSubject(key))).toBe(true);
    for (const key of ['park', 'generalBranch', 'schoolB', 'classB1', 'branchB'])
      expect(can(schoolAdminA, 'org.write', nodeSubject(key))).toBe(false);
  });

  it('reads the whole tree but not the audit trail', () => {
    expect(scopesFor(schoolAdminA, 'org.read')).toEqual([{ type: 'park' }]);
    expect(hasPermission(schoolAdminA, 'audit.read')).toBe(false);
    expect(scopesFor(schoolAdminA, 'audit.read')).toEqual([]);
  });

  it('hands list endpoints a subtree clause carrying the school', () => {
    expect(scopesFor(schoolAdminA, 'people.read')).toEqual([
      { type: 'subtree', path: nodes.schoolA!.path, schoolId: nodes.schoolA!.id },
    ]);
  });
});

describe('branch secretary', () => {
  const secretaryA = fakeActor(
    [
      ['branchSecretary', 'branchA'],
      ['member', 'branchA'],
    ],
    { personId: people.secretaryA.personId!, schoolId: nodes.schoolA!.id },
  );

  it('reads the people of its school', () => {
    expect(can(secretaryA, 'people.read', people.studentA1)).toBe(true);
    expect(can(secretaryA, 'people.read', people.teacherA)).toBe(true);
  });

  it('is denied a student of another school', () => {
    expect(can(secretaryA, 'people.read', people.studentB1)).toBe(false);
    expect(can(secretaryA, 'people.read', people.teacherB)).toBe(false);
  });

  it('writes memberships of its own branch only', () => {
    expect(can(secretaryA, 'members.write', people.teacherA)).toBe(true);
    expect(can(secretaryA, 'members.write', people.teacherB)).toBe(false);
    // A student of its school who is in no branch is not its member to write.
    expect(can(secretaryA, 'members.write', people.studentA1)).toBe(false);
  });

  it('neither writes people nor reveals others’ numbers', () => {
    expect(hasPermission(secretaryA, 'people.write')).toBe(false);
    expect(can(secretaryA, 'people.reveal', people.teacherA)).toBe(false);
    expect(can(secretaryA, 'people.reveal', people.secretaryA)).toBe(true);
  });
});

describe('homeroom teacher', () => {
  const teacherA = fakeActor(
    [
      ['homeroomTeacher', 'classA1'],
      ['member', 'branchA'],
    ],
    { personId: people.teacherA.personId! },
  );

  it('reads the students of its own class', () => {
    expect(can(teacherA, 'people.read', people.studentA1)).toBe(true);
  });

  it('is denied another class, of its school or another', () => {
    expect(can(teacherA, 'people.read', people.studentA2)).toBe(false);
    expect(can(teacherA, 'people.read', people.studentB1)).toBe(false);
  });

  it('reads itself through the self clause, and writes nobody', () => {
    expect(can(teacherA, 'people.read', people.teacherA)).toBe(true);
    expect(can(teacherA, 'people.read', people.secretaryA)).toBe(false);
    expect(can(teacherA, 'people.write', people.studentA1)).toBe(false);
    expect(scopesFor(teacherA, 'people.read')).toEqual([
      { type: 'unit', unitId: nodes.classA1!.id },
      { type: 'self', personId: people.teacherA.personId },
    ]);
  });
});

describe('League committee', () => {
  const leagueA = fakeActor([['leagueCommittee', 'leagueA']]);

  it('reads the students of its school only', () => {
    expect(can(leagueA, 'people.read', people.studentA1)).toBe(true);
    expect(can(leagueA, 'people.read', people.studentA2)).toBe(true);
  });

  it('is denied staff, and students of another school', () => {
    expect(can(leagueA, 'people.read', people.teacherA)).toBe(false);
    expect(can(leagueA, 'people.read', people.studentB1)).toBe(false);
  });
});

describe('member and student: only themselves', () => {
  const teacherB = fakeActor([['member', 'branchB']], { personId: people.teacherB.personId! });
  const studentA1 = fakeActor([['student', 'classA1']], { personId: people.studentA1.personId! });

  it('a member reads and reveals its own record only', () => {
    expect(can(teacherB, 'people.read', people.teacherB)).toBe(true);
    expect(can(teacherB, 'members.read', people.teacherB)).toBe(true);
    expect(can(teacherB, 'people.reveal', people.teacherB)).toBe(true);
    expect(can(teacherB, 'people.read', people.teacherA)).toBe(false);
    expect(can(teacherB, 'members.read', people.teacherA)).toBe(false);
  });

  it('a member asking for someone else’s ID number is denied', () => {
    expect(can(teacherB, 'people.reveal', people.teacherA)).toBe(false);
    expect(can(teacherB, 'people.reveal', people.studentB1)).toBe(false);
  });

  it('a student reads itself, not a classmate', () => {
    expect(can(studentA1, 'people.read', people.studentA1)).toBe(true);
    expect(can(studentA1, 'people.read', personOf('mate', 'student', 'A', 'classA1'))).toBe(false);
    expect(hasPermission(studentA1, 'org.read')).toBe(false);
  });
});

describe('empty grants', () => {
  it('an account with no roles and no person reaches nothing', () => {
    const nobody = fakeActor([]);
    for (const p of PERMISSIONS) {
      expect(hasPermission(nobody, p)).toBe(false);
      expect(scopesFor(nobody, p)).toEqual([]);
    }
    for (const subject of [...everyone, nodeSubject('park'), nodeSubject('schoolA')])
      expect(can(nobody, 'people.read', subject)).toBe(false);
  });

  it('an empty scope list matches nothing', () => {
    const anyone = fakeActor([['parkAdmin', 'park']]);
    expect(subjectInScope([], people.studentA1, anyone)).toBe(false);
  });

  it('a person with no roles reaches only themselves', () => {
    const self = fakeActor([], { personId: people.studentB1.personId! });
    expect(scopesFor(self, 'people.read')).toEqual([{ type: 'self', personId: people.studentB1.personId }]);
    expect(can(self, 'people.read', people.studentB1)).toBe(true);
    expect(can(self, 'people.read', people.studentA1)).toBe(false);
    expect(hasPermission(self, 'people.write')).toBe(false);
  });

  it('a mentor reaches nobody but themselves until the mentors area adds its reach', () => {
    const mentor = fakeActor([['mentor', 'schoolA']]);
    // The role gives the mentor's own work page (the workbench), not a people list of one.
    expect(holdsThroughRole(mentor, 'mentors.work')).toBe(true);
    expect(holdsThroughRole(mentor, 'people.read')).toBe(false);
    expect(scopesFor(mentor, 'people.read')).toEqual([]);
    expect(scopesFor(mentor, 'mentors.work')).toEqual([]);
  });
});

describe('an actor of another park', () => {
  const foreignAdmin = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });
  const foreignSchoolAdmin = fakeActor([['schoolAdmin', 'schoolA']], { tree: otherParkNodes });

  it('reaches nothing of this park, even as its own park admin', () => {
    for (const p of everyone) {
      expect(can(foreignAdmin, 'people.read', p)).toBe(false);
      expect(can(foreignSchoolAdmin, 'people.read', p)).toBe(false);
    }
    expect(can(foreignAdmin, 'org.write', nodeSubject('schoolA'))).toBe(false);
    expect(can(foreignAdmin, 'org.read', nodeSubject('park'))).toBe(false);
  });

  it('still reaches its own park', () => {
    const own = personOf('x', 'student', 'A', 'classA1', null, otherParkNodes);
    expect(can(foreignAdmin, 'people.read', own)).toBe(true);
    expect(can(foreignSchoolAdmin, 'people.read', own)).toBe(true);
  });
});

describe('portal roles', () => {
  it('a park-level editor edits everywhere, a school-level one its school only', () => {
    const parkEditor = fakeActor([['portalEditor', 'park']]);
    const schoolEditor = fakeActor([['portalEditor', 'schoolB']]);
    expect(can(parkEditor, 'portal.edit', nodeSubject('schoolA'))).toBe(true);
    expect(can(schoolEditor, 'portal.edit', nodeSubject('schoolB'))).toBe(true);
    expect(can(schoolEditor, 'portal.edit', nodeSubject('schoolA'))).toBe(false);
    expect(hasPermission(schoolEditor, 'portal.review')).toBe(false);
  });
});
