import { eq, type SQL } from 'drizzle-orm';
import type { SchemeConfig } from '../../../src/common/contracts/assessment';
import { DEFAULT_SCHEME } from '../../../src/server/areas/assessment/rules/scheme';
import type { Db } from '../../../src/server/platform/db/client';
import { queryRows } from '../../../src/server/platform/db/rows';
import {
  accounts,
  assessmentSchemes,
  memberships,
  assessmentSchemeVersions,
  roleAssignments,
} from '../../../src/server/platform/db/schema/index';
import { hashPassword } from '../../../src/server/areas/auth/passwords';
import { asClient, type Client, type TestApp } from '../../support/app';
import { PASSWORD, type Park } from '../../support/fixtures';
import { addMember } from '../../support/orgLife';

/**
 * Shared set-up of the democratic-appraisal tests: a year's scheme written straight into its
 * tables (as the general branch's scheme page would leave it), extra members of a branch with
 * accounts, and a branch secretary for school B.
 */

export const YEAR = 2026;

/** A draft scheme for `year` (version 1 kept in the versions table), with `config`. */
export async function addScheme(db: Db, park: Park, year = YEAR, config: SchemeConfig = DEFAULT_SCHEME) {
  const [row] = await db
    .insert(assessmentSchemes)
    .values({ parkId: park.parkId, year, name: `${year} 年度方案`, config })
    .returning();
  await db
    .insert(assessmentSchemeVersions)
    .values({ parkId: park.parkId, schemeId: row!.id, version: 1, config });
  return row!;
}

export interface Voter {
  personId: string;
  username: string;
  name: string;
  client: Client;
}

let seq = 0;

/**
 * `n` more members of school `school`'s branch, each with an account (username = number in lower
 * case) and signed in. Status full unless given.
 */
export async function addVoters(
  t: TestApp,
  park: Park,
  school: 'A' | 'B',
  n: number,
  status: 'full' | 'probationary' = 'full',
): Promise<Voter[]> {
  const out: Voter[] = [];
  for (let i = 0; i < n; i++) {
    const number = `V${school}${String(++seq).padStart(4, '0')}`;
    const name = `评议${school}${seq}号`;
    const { personId } = await addMember(t.database.db, park, {
      number,
      name,
      school,
      joinedOn: status === 'full' ? '2015-06-01' : '2026-01-10',
      status,
      fullOn: status === 'full' ? '2016-06-01' : null,
      withAccount: true,
    });
    out.push({ personId, username: number.toLowerCase(), name, client: asClient(t.app) });
  }
  await Promise.all(out.map((v) => v.client.login(v.username, PASSWORD)));
  return out;
}

/** An account for school B's secretary (a staff person of B) holding branchSecretary over branch B. */
export async function addSecretaryB(t: TestApp, park: Park): Promise<Client> {
  const db = t.database.db;
  const [a] = await db
    .insert(accounts)
    .values({
      parkId: park.parkId,
      username: 'secretaryB',
      displayName: 'secretaryB',
      personId: park.persons.secretaryB!,
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning({ id: accounts.id });
  await db.insert(roleAssignments).values([
    { parkId: park.parkId, accountId: a!.id, role: 'branchSecretary', scopeNodeId: park.nodes.branchB!.id },
    { parkId: park.parkId, accountId: a!.id, role: 'member', scopeNodeId: park.nodes.branchB!.id },
  ]);
  return asClient(t.app).login('secretaryB', PASSWORD);
}

const signedIn = new WeakMap<TestApp, Map<string, Client>>();

/**
 * A signed-in client for a person: their existing account (every fixture account has PASSWORD),
 * else one made now with the member role over their branch.
 */
export async function clientFor(t: TestApp, park: Park, personId: string): Promise<Client> {
  const cache = signedIn.get(t) ?? new Map<string, Client>();
  signedIn.set(t, cache);
  const have = cache.get(personId);
  if (have) return have;
  const db = t.database.db;
  const [existing] = await db.select().from(accounts).where(eq(accounts.personId, personId));
  let username = existing?.username;
  if (!username) {
    username = `p${personId.replace(/-/g, '').slice(0, 12)}`;
    const [m] = await db.select().from(memberships).where(eq(memberships.personId, personId));
    const [a] = await db
      .insert(accounts)
      .values({
        parkId: park.parkId,
        username,
        displayName: username,
        personId,
        passwordHash: await (hashed ??= hashPassword(PASSWORD)),
      })
      .returning({ id: accounts.id });
    await db
      .insert(roleAssignments)
      .values({ parkId: park.parkId, accountId: a!.id, role: 'member', scopeNodeId: m!.branchId });
  }
  const c = await asClient(t.app).login(username, PASSWORD);
  cache.set(personId, c);
  return c;
}
let hashed: Promise<string> | undefined;

export const rowsOf = <T>(t: TestApp, q: SQL) => queryRows<T>(t.database.db, q);

/** A whole paper: every subject of the round, graded by `gradeOf` (default 合格). */
export function paper(
  subjects: { personId: string }[],
  gradeOf: (personId: string, i: number) => string = () => 'qualified',
) {
  return subjects.map((s, i) => ({ subjectId: s.personId, grade: gradeOf(s.personId, i) }));
}

/** The member's open paper of a round, as GET /papers/mine answers it. */
export async function openPaperOf(c: Client, roundId: string) {
  const res = await c.get('/api/assessment/appraisal/papers/mine');
  if (res.statusCode !== 200) throw new Error(`papers: ${res.statusCode} ${res.body}`);
  const p = (
    res.json().items as { roundId: string; state: string; subjects: { personId: string; self: boolean }[] }[]
  ).find((x) => x.roundId === roundId);
  if (!p) throw new Error('no paper for the round');
  return p;
}
