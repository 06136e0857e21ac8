import {
  accounts,
  memberships,
  orgNodes,
  people,
  roleAssignments,
} from '../../src/server/platform/db/schema/index';
import type { Db } from '../../src/server/platform/db/client';
import { hashPassword } from '../../src/server/areas/auth/passwords';
import { createPark } from '../../src/server/areas/auth/bootstrap';
import { childPath, type OrgKind } from '../../src/common/orgTree';
import type { Role } from '../../src/server/access/roles';

export const PASSWORD = 'Passw0rd!';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(PASSWORD));

/**
 * A small park used by the API tests: two schools (A and B), each with a branch, a party group,
 * a department, a grade with two classes, a League committee and a League branch; one staff
 * member and one student per class; and an account for each role, named after it.
 */
export async function buildPark(db: Db) {
  const { parkId, generalBranchId } = await createPark(db, '测试园区');
  const [park] = await db
    .select()
    .from(orgNodes)
    .where((await import('drizzle-orm')).eq(orgNodes.id, parkId));
  const nodes: Record<string, { id: string; path: string; schoolId: string | null }> = {
    park: { id: parkId, path: park!.path, schoolId: null },
  };
  nodes.generalBranch = { id: generalBranchId, path: childPath(park!.path, generalBranchId), schoolId: null };

  async function node(key: string, parentKey: string, kind: OrgKind, name: string) {
    const parent = nodes[parentKey]!;
    const id = crypto.randomUUID();
    const schoolId = kind === 'school' ? id : parent.schoolId;
    const path = childPath(parent.path, id);
    await db.insert(orgNodes).values({ id, parkId, parentId: parent.id, kind, name, path, schoolId });
    nodes[key] = { id, path, schoolId };
    return id;
  }

  for (const s of ['A', 'B'] as const) {
    await node(`school${s}`, 'generalBranch', 'school', `学校${s}`);
    await node(`branch${s}`, `school${s}`, 'branch', `学校${s}第一党支部`);
    await node(`group${s}`, `branch${s}`, 'partyGroup', `学校${s}第一党小组`);
    await node(`dept${s}`, `school${s}`, 'department', `学校${s}教务处`);
    await node(`grade${s}`, `school${s}`, 'grade', `学校${s}2025级`);
    await node(`class${s}1`, `grade${s}`, 'class', `学校${s}2025级1班`);
    await node(`class${s}2`, `grade${s}`, 'class', `学校${s}2025级2班`);
    await node(`league${s}`, `school${s}`, 'leagueCommittee', `学校${s}团委`);
    await node(`leagueBranch${s}1`, `league${s}`, 'leagueBranch', `学校${s}2025级1班团支部`);
  }

  const persons: Record<string, string> = {};
  async function person(
    key: string,
    kind: 'staff' | 'student',
    number: string,
    name: string,
    school: string,
    unit: string,
  ) {
    const [p] = await db
      .insert(people)
      .values({ parkId, kind, number, name, schoolId: nodes[school]!.id, unitId: nodes[unit]!.id })
      .returning({ id: people.id });
    persons[key] = p!.id;
    return p!.id;
  }
  for (const s of ['A', 'B'] as const) {
    await person(`teacher${s}`, 'staff', `T${s}001`, `教师${s}`, `school${s}`, `dept${s}`);
    await person(`secretary${s}`, 'staff', `T${s}002`, `书记${s}`, `school${s}`, `dept${s}`);
    await person(`student${s}1`, 'student', `S${s}1001`, `学生${s}甲`, `school${s}`, `class${s}1`);
    await person(`student${s}2`, 'student', `S${s}2001`, `学生${s}乙`, `school${s}`, `class${s}2`);
    await db.insert(memberships).values([
      {
        parkId,
        personId: persons[`teacher${s}`]!,
        status: 'full',
        branchId: nodes[`branch${s}`]!.id,
        joinedOn: '2010-03-15',
        fullOn: '2011-03-15',
      },
      {
        parkId,
        personId: persons[`secretary${s}`]!,
        status: 'full',
        branchId: nodes[`branch${s}`]!.id,
        joinedOn: '2005-07-01',
        fullOn: '2006-07-01',
      },
    ]);
  }

  const accountIds: Record<string, string> = {};
  async function account(username: string, personKey: string | null, roles: [Role, string][]) {
    const [a] = await db
      .insert(accounts)
      .values({
        parkId,
        username,
        displayName: username,
        personId: personKey ? persons[personKey]! : null,
        passwordHash: await passwordHash(),
      })
      .returning({ id: accounts.id });
    accountIds[username] = a!.id;
    for (const [role, nodeKey] of roles) {
      await db
        .insert(roleAssignments)
        .values({ parkId, accountId: a!.id, role, scopeNodeId: nodes[nodeKey]!.id });
    }
  }
  await account('admin', null, [['parkAdmin', 'park']]);
  await account('schoolAdminA', null, [['schoolAdmin', 'schoolA']]);
  await account('secretaryA', 'secretaryA', [
    ['branchSecretary', 'branchA'],
    ['member', 'branchA'],
  ]);
  await account('teacherA', 'teacherA', [
    ['homeroomTeacher', 'classA1'],
    ['member', 'branchA'],
  ]);
  await account('leagueA', null, [['leagueCommittee', 'leagueA']]);
  await account('studentA1', 'studentA1', [['student', 'classA1']]);
  await account('teacherB', 'teacherB', [['member', 'branchB']]);

  return { parkId, nodes, persons, accountIds };
}
export type Park = Awaited<ReturnType<typeof buildPark>>;
