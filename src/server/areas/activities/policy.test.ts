import { describe, expect, it } from 'vitest';
import { fakeActor, nodes, otherParkNodes } from '../../../../test/support/actors';
import {
  activityManageScopes,
  canBeParticipant,
  canManageActivities,
  canManageActivityAt,
  canReadActivity,
} from './policy';

const at = (key: string, tree = nodes) => ({
  parkId: tree[key]!.parkId,
  path: tree[key]!.path,
  schoolId: tree[key]!.schoolId,
});

describe('activities policy', () => {
  const admin = fakeActor([['parkAdmin', 'park']]);
  const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
  const secretaryA = fakeActor(
    [
      ['branchSecretary', 'branchA'],
      ['member', 'branchA'],
    ],
    { personId: 'person-secretaryA' },
  );
  const leagueA = fakeActor([['leagueCommittee', 'leagueA']]);
  const memberB = fakeActor([['member', 'branchB']], { personId: 'person-teacherB' });
  const student = fakeActor([['student', 'classA1']], { personId: 'person-studentA1' });

  it('a park admin manages everything in the park, nothing elsewhere', () => {
    expect(activityManageScopes(admin)).toEqual([{ type: 'park' }]);
    expect(canManageActivityAt(admin, at('generalBranch'))).toBe(true);
    expect(canManageActivityAt(admin, at('branchB'))).toBe(true);
    expect(canManageActivityAt(admin, at('branchA', otherParkNodes))).toBe(false);
  });

  it('a school admin manages their school only', () => {
    expect(canManageActivityAt(schoolAdminA, at('branchA'))).toBe(true);
    expect(canManageActivityAt(schoolAdminA, at('leagueBranchA1'))).toBe(true);
    expect(canManageActivityAt(schoolAdminA, at('branchB'))).toBe(false);
    expect(canManageActivityAt(schoolAdminA, at('generalBranch'))).toBe(false);
  });

  it('a secretary manages only their branch', () => {
    expect(canManageActivityAt(secretaryA, at('branchA'))).toBe(true);
    expect(canManageActivityAt(secretaryA, at('groupA'))).toBe(true);
    expect(canManageActivityAt(secretaryA, at('branchB'))).toBe(false);
    expect(canManageActivityAt(secretaryA, at('leagueA'))).toBe(false);
  });

  it('the League committee manages League activities of its school', () => {
    expect(canManageActivityAt(leagueA, at('leagueA'))).toBe(true);
    expect(canManageActivityAt(leagueA, at('leagueBranchA1'))).toBe(true);
    expect(canManageActivityAt(leagueA, at('branchA'))).toBe(false);
  });

  it('members and students manage nothing but read what they take part in', () => {
    expect(canManageActivities(memberB)).toBe(false);
    expect(canManageActivities(student)).toBe(false);
    expect(canReadActivity(student, at('leagueA'), true)).toBe(true);
    expect(canReadActivity(student, at('leagueA'), false)).toBe(false);
    expect(canReadActivity(memberB, at('branchA'), false)).toBe(false);
    expect(canReadActivity(student, at('leagueA', otherParkNodes), true)).toBe(false);
  });

  it('participants come from the organiser’s school (any school for the general branch)', () => {
    const p = { parkId: nodes.park!.parkId, schoolId: nodes.schoolA!.id };
    expect(canBeParticipant(at('branchA'), p)).toBe(true);
    expect(canBeParticipant(at('branchB'), p)).toBe(false);
    expect(canBeParticipant(at('generalBranch'), p)).toBe(true);
    expect(canBeParticipant(at('generalBranch'), { ...p, parkId: 'park2' })).toBe(false);
  });
});
