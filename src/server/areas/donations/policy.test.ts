import { describe, expect, it } from 'vitest';
import { fakeActor, nodes } from '../../../../test/support/actors';
import {
  canManageDrive,
  canReadEntry,
  canWriteEntry,
  donorProblem,
  entryReadScopes,
  entryWriteScopes,
  seesAllDrives,
  type EntryFacts,
} from './policy';

const park = nodes.park!.parkId;
const entry = (over: Partial<EntryFacts>): EntryFacts => ({
  parkId: park,
  donorType: 'person',
  personId: 'person-x',
  personKind: 'staff',
  schoolId: nodes.schoolA!.id,
  classId: null,
  branchId: null,
  ...over,
});
const teacherAGift = entry({ personId: 'person-teacherA', branchId: nodes.branchA!.id });
const teacherBGift = entry({
  personId: 'person-teacherB',
  schoolId: nodes.schoolB!.id,
  branchId: nodes.branchB!.id,
});
const studentA1Gift = entry({
  personId: 'person-studentA1',
  personKind: 'student',
  classId: nodes.classA1!.id,
});
const classA1Gift = entry({
  donorType: 'class',
  personId: null,
  personKind: null,
  classId: nodes.classA1!.id,
});
const classA2Gift = entry({
  donorType: 'class',
  personId: null,
  personKind: null,
  classId: nodes.classA2!.id,
});
const staffAGift = entry({ personId: 'person-staffA' });

describe('donations policy', () => {
  const admin = fakeActor([['parkAdmin', 'park']]);
  const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
  const secretaryA = fakeActor(
    [
      ['branchSecretary', 'branchA'],
      ['member', 'branchA'],
    ],
    { personId: 'person-secretaryA' },
  );
  const homeroomA1 = fakeActor(
    [
      ['homeroomTeacher', 'classA1'],
      ['member', 'branchA'],
    ],
    { personId: 'person-teacherA' },
  );
  const leagueA = fakeActor([['leagueCommittee', 'leagueA']]);
  const memberB = fakeActor([['member', 'branchB']], { personId: 'person-teacherB' });

  it('drives are managed by park admins, school admins in their school, secretaries for their branch', () => {
    const gb = { parkId: park, path: nodes.generalBranch!.path };
    expect(canManageDrive(admin, gb)).toBe(true);
    expect(canManageDrive(schoolAdminA, gb)).toBe(false);
    expect(canManageDrive(schoolAdminA, { parkId: park, path: nodes.schoolA!.path })).toBe(true);
    expect(canManageDrive(secretaryA, { parkId: park, path: nodes.branchA!.path })).toBe(true);
    expect(canManageDrive(secretaryA, { parkId: park, path: nodes.schoolA!.path })).toBe(false);
    expect(canManageDrive(memberB, gb)).toBe(false);
  });

  it('a secretary records and reads only their branch’s members', () => {
    expect(canWriteEntry(secretaryA, teacherAGift)).toBe(true);
    expect(canWriteEntry(secretaryA, teacherBGift)).toBe(false);
    expect(canWriteEntry(secretaryA, studentA1Gift)).toBe(false);
    expect(canWriteEntry(secretaryA, staffAGift)).toBe(false);
    expect(canReadEntry(secretaryA, teacherBGift)).toBe(false);
  });

  it('a homeroom teacher covers their class, its students and its collective gift', () => {
    expect(canWriteEntry(homeroomA1, studentA1Gift)).toBe(true);
    expect(canWriteEntry(homeroomA1, classA1Gift)).toBe(true);
    expect(canWriteEntry(homeroomA1, classA2Gift)).toBe(false);
    // their own gift is readable (self) but not bookable by themselves
    expect(canWriteEntry(homeroomA1, teacherAGift)).toBe(false);
    expect(canReadEntry(homeroomA1, teacherAGift)).toBe(true);
  });

  it('the League committee covers the school’s students and classes, not staff', () => {
    expect(canWriteEntry(leagueA, studentA1Gift)).toBe(true);
    expect(canWriteEntry(leagueA, classA2Gift)).toBe(true);
    expect(canWriteEntry(leagueA, staffAGift)).toBe(false);
  });

  it('a school admin covers the school, a park admin everything', () => {
    expect(canWriteEntry(schoolAdminA, staffAGift)).toBe(true);
    expect(canWriteEntry(schoolAdminA, teacherBGift)).toBe(false);
    expect(canWriteEntry(admin, teacherBGift)).toBe(true);
    expect(canWriteEntry(admin, { ...teacherBGift, parkId: 'park2' })).toBe(false);
  });

  it('a member only reads their own gifts and records nothing', () => {
    expect(entryWriteScopes(memberB)).toEqual([]);
    expect(entryReadScopes(memberB)).toEqual([{ type: 'self', personId: 'person-teacherB' }]);
    expect(canReadEntry(memberB, teacherBGift)).toBe(true);
    expect(canReadEntry(memberB, teacherAGift)).toBe(false);
    expect(seesAllDrives(memberB)).toBe(false);
    expect(seesAllDrives(homeroomA1)).toBe(true);
  });

  it('a donor must be eligible first, then in the recorder’s reach', () => {
    const dues = { type: 'specialDues', eligible: ['member'] };
    const drive = { type: 'donation', eligible: ['staff', 'class'] };
    const donor = (gift: EntryFacts, isMember: boolean) => ({ ...gift, donorName: '某人', isMember });
    expect(donorProblem(admin, dues, donor(studentA1Gift, false))).toMatchObject({
      status: 422,
      code: 'NOT_ELIGIBLE',
      message: '特殊党费只能由党员本人自愿交纳',
    });
    expect(donorProblem(admin, dues, donor(classA1Gift, false))?.code).toBe('NOT_ELIGIBLE');
    expect(donorProblem(admin, dues, donor(teacherAGift, true))).toBeNull();
    expect(donorProblem(admin, drive, donor(studentA1Gift, false))?.code).toBe('NOT_ELIGIBLE');
    // Eligible but outside the reach: refused with the donor's name.
    expect(donorProblem(secretaryA, drive, donor(teacherBGift, true))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
      message: '没有权限为「某人」登记',
    });
    expect(donorProblem(homeroomA1, drive, donor(classA1Gift, false))).toBeNull();
  });
});
