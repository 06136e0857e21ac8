import { describe, expect, it } from 'vitest';
import {
  canCreateAccount,
  canGrantRole,
  canManageAccount,
  canReadAccount,
  canRevokeRole,
  isOwnLastParkAdminGrant,
  roleFitsNode,
  type AccountSubject,
} from './policy';
import type { Role } from '../../access/roles';
import { ROLES } from '../../access/roles';
import { PARK, fakeActor, nodes, otherParkNodes } from '../../../../test/support/actors';

const admin = fakeActor([['parkAdmin', 'park']]);
const schoolAdminA = fakeActor([['schoolAdmin', 'schoolA']]);
const secretaryA = fakeActor([['branchSecretary', 'branchA']]);

const personA = { id: 'p-a', kind: 'staff' as const, schoolId: nodes.schoolA!.id, unitId: nodes.deptA!.id };
const personB = {
  id: 'p-b',
  kind: 'student' as const,
  schoolId: nodes.schoolB!.id,
  unitId: nodes.classB1!.id,
};

function account(
  person: AccountSubject['person'],
  grants: [Role, string][] = [],
  parkId = PARK,
  tree = nodes,
): AccountSubject {
  return {
    id: 'acc-' + Math.random().toString(36).slice(2),
    parkId,
    person,
    grants: grants.map(([role, key]) => ({ role, scopePath: tree[key]!.path })),
  };
}
const node = (key: string, tree = nodes) => ({ parkId: tree[key]!.parkId, path: tree[key]!.path });

describe('reading accounts', () => {
  it('a park admin reads every account of the park, with or without a person', () => {
    expect(canReadAccount(admin, account(personA))).toBe(true);
    expect(canReadAccount(admin, account(personB))).toBe(true);
    expect(canReadAccount(admin, account(null))).toBe(true);
  });

  it('a school admin reads accounts of its school’s people, and accounts holding roles inside it', () => {
    expect(canReadAccount(schoolAdminA, account(personA))).toBe(true);
    expect(canReadAccount(schoolAdminA, account(null, [['leagueCommittee', 'leagueA']]))).toBe(true);
    expect(canReadAccount(schoolAdminA, account(personB, [['homeroomTeacher', 'classA1']]))).toBe(true);
  });

  it('a school admin does not read accounts of another school, or without anchor', () => {
    expect(canReadAccount(schoolAdminA, account(personB))).toBe(false);
    expect(canReadAccount(schoolAdminA, account(personB, [['member', 'branchB']]))).toBe(false);
    expect(canReadAccount(schoolAdminA, account(null))).toBe(false);
    expect(canReadAccount(schoolAdminA, account(null, [['parkAdmin', 'park']]))).toBe(false);
  });

  it('roles without accounts.read read nothing; another park reads nothing', () => {
    expect(canReadAccount(secretaryA, account(personA))).toBe(false);
    expect(canReadAccount(fakeActor([]), account(personA))).toBe(false);
    const foreign = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });
    expect(canReadAccount(foreign, account(personA))).toBe(false);
  });
});

describe('managing accounts', () => {
  it('a park admin manages every account of its park, administrators included', () => {
    expect(canManageAccount(admin, account(null, [['parkAdmin', 'park']]))).toBe(true);
    expect(canManageAccount(admin, account(personB, [['schoolAdmin', 'schoolB']]))).toBe(true);
  });

  it('a school admin manages accounts wholly inside its school', () => {
    expect(canManageAccount(schoolAdminA, account(personA))).toBe(true);
    expect(canManageAccount(schoolAdminA, account(personA, [['member', 'branchA']]))).toBe(true);
    expect(canManageAccount(schoolAdminA, account(null, [['leagueCommittee', 'leagueA']]))).toBe(true);
  });

  it('a school admin does not manage administrators, nor accounts reaching outside its school', () => {
    expect(canManageAccount(schoolAdminA, account(null, [['schoolAdmin', 'schoolA']]))).toBe(false);
    expect(canManageAccount(schoolAdminA, account(personA, [['parkAdmin', 'park']]))).toBe(false);
    expect(canManageAccount(schoolAdminA, account(personA, [['portalEditor', 'park']]))).toBe(false);
    expect(canManageAccount(schoolAdminA, account(personB, [['homeroomTeacher', 'classA1']]))).toBe(false);
    expect(canManageAccount(schoolAdminA, account(personB))).toBe(false);
  });

  it('nobody else manages accounts', () => {
    expect(canManageAccount(secretaryA, account(personA))).toBe(false);
    expect(canManageAccount(fakeActor([['homeroomTeacher', 'classA1']]), account(personA))).toBe(false);
    const foreign = fakeActor([['parkAdmin', 'park']], { tree: otherParkNodes });
    expect(canManageAccount(foreign, account(personA))).toBe(false);
  });
});

describe('creating accounts', () => {
  it('a park admin creates any account, a school admin only for its school’s people', () => {
    expect(canCreateAccount(admin, null)).toBe(true);
    expect(canCreateAccount(admin, personB)).toBe(true);
    expect(canCreateAccount(schoolAdminA, personA)).toBe(true);
    expect(canCreateAccount(schoolAdminA, personB)).toBe(false);
    expect(canCreateAccount(schoolAdminA, null)).toBe(false);
    expect(canCreateAccount(secretaryA, personA)).toBe(false);
  });
});

describe('granting and revoking roles', () => {
  it('roles fit only the node kinds listed for them', () => {
    expect(roleFitsNode('homeroomTeacher', 'class')).toBe(true);
    expect(roleFitsNode('homeroomTeacher', 'grade')).toBe(false);
    expect(roleFitsNode('parkAdmin', 'park')).toBe(true);
    expect(roleFitsNode('parkAdmin', 'school')).toBe(false);
    expect(roleFitsNode('branchSecretary', 'branch')).toBe(true);
    expect(roleFitsNode('branchSecretary', 'partyGroup')).toBe(false);
    for (const role of ROLES) expect(roleFitsNode(role, 'nonsense')).toBe(false);
  });

  it('a park admin grants anything anywhere in its park', () => {
    const target = account(personB);
    expect(canGrantRole(admin, 'parkAdmin', node('park'), target)).toBe(true);
    expect(canGrantRole(admin, 'schoolAdmin', node('schoolB'), target)).toBe(true);
    expect(canGrantRole(admin, 'homeroomTeacher', node('classB1'), target)).toBe(true);
    expect(canGrantRole(admin, 'homeroomTeacher', node('classB1', otherParkNodes), target)).toBe(false);
  });

  it('a school admin grants non-administrator roles over its nodes to accounts it manages', () => {
    const teacher = account(personA, [['member', 'branchA']]);
    expect(canGrantRole(schoolAdminA, 'homeroomTeacher', node('classA1'), teacher)).toBe(true);
    expect(canGrantRole(schoolAdminA, 'branchSecretary', node('branchA'), teacher)).toBe(true);
    expect(canGrantRole(schoolAdminA, 'portalEditor', node('schoolA'), teacher)).toBe(true);
  });

  it('a school admin may not grant administrator roles', () => {
    const teacher = account(personA);
    expect(canGrantRole(schoolAdminA, 'schoolAdmin', node('schoolA'), teacher)).toBe(false);
    expect(canGrantRole(schoolAdminA, 'parkAdmin', node('park'), teacher)).toBe(false);
  });

  it('a school admin may not grant over nodes outside its school, or to accounts it does not manage', () => {
    expect(canGrantRole(schoolAdminA, 'homeroomTeacher', node('classB1'), account(personA))).toBe(false);
    expect(canGrantRole(schoolAdminA, 'portalEditor', node('park'), account(personA))).toBe(false);
    expect(canGrantRole(schoolAdminA, 'homeroomTeacher', node('classA1'), account(personB))).toBe(false);
    const otherAdmin = account(personA, [['schoolAdmin', 'schoolA']]);
    expect(canGrantRole(schoolAdminA, 'homeroomTeacher', node('classA1'), otherAdmin)).toBe(false);
  });

  it('others grant nothing', () => {
    expect(canGrantRole(secretaryA, 'member', node('branchA'), account(personA))).toBe(false);
    expect(canGrantRole(fakeActor([]), 'student', node('classA1'), account(personA))).toBe(false);
  });

  it('a school admin revokes non-administrator roles over its own nodes only', () => {
    const mixed = account(personB, [
      ['homeroomTeacher', 'classA1'],
      ['member', 'branchB'],
    ]);
    const grant = (role: Role, key: string) => ({ role, parkId: PARK, scopePath: nodes[key]!.path });
    expect(canRevokeRole(schoolAdminA, grant('homeroomTeacher', 'classA1'), mixed)).toBe(true);
    expect(canRevokeRole(schoolAdminA, grant('member', 'branchB'), mixed)).toBe(false);
    expect(canRevokeRole(schoolAdminA, grant('schoolAdmin', 'schoolA'), mixed)).toBe(false);
    expect(canRevokeRole(admin, grant('member', 'branchB'), mixed)).toBe(true);
    expect(canRevokeRole(secretaryA, grant('member', 'branchA'), mixed)).toBe(false);
  });

  it('refuses taking one’s own last park-admin grant, not someone else’s nor a spare one', () => {
    expect(isOwnLastParkAdminGrant(admin, admin.accountId, { role: 'parkAdmin' }, 1)).toBe(true);
    expect(isOwnLastParkAdminGrant(admin, admin.accountId, { role: 'parkAdmin' }, 2)).toBe(false);
    expect(isOwnLastParkAdminGrant(admin, 'someone-else', { role: 'parkAdmin' }, 1)).toBe(false);
    expect(isOwnLastParkAdminGrant(admin, admin.accountId, { role: 'member' }, 1)).toBe(false);
  });
});
