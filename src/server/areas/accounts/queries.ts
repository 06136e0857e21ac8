import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { accounts, memberships, orgNodes, people, roleAssignments } from '../../platform/db/schema/index';
import type { AccountSubject } from './policy';
import { LAST_ADMIN_ROLE, type Role } from '../../access/roles';
import type { Actor } from '../../access/actor';
import type { Scope } from '../../access/scope';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';

export const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/** Does the account hold a role over a node under `path`? */
const holdsRoleUnder = (escapedPrefix: string) => sql`exists (
  select 1 from ${roleAssignments} ra join ${orgNodes} n on n.id = ra.scope_node_id
  where ra.account_id = ${accounts.id} and n.path like ${escapedPrefix + '%'})`;

/** An account's facts through its person (needs `people` left-joined on the account). */
const ACCOUNT_PERSON_COLUMNS: ScopeColumns = {
  parkId: accounts.parkId,
  personId: accounts.personId,
  kind: people.kind,
  schoolId: people.schoolId,
  unitId: people.unitId,
  branchId: (branchId) =>
    sql`exists (select 1 from ${memberships} m where m.person_id = ${accounts.personId} and m.branch_id = ${branchId})`,
};

/** An account's facts through the roles it holds: the nodes they hang from. */
const ACCOUNT_ROLE_COLUMNS: ScopeColumns = { parkId: accounts.parkId, path: holdsRoleUnder };

/**
 * The SQL twin of `accountInScope` (policy.ts): an account is in a clause through its person or
 * through any role it holds inside the clause.
 */
export const accountScopeSql = (actor: Pick<Actor, 'parkId'>, scopes: readonly Scope[]): SQL =>
  sql`(${scopeSql(actor, scopes, ACCOUNT_PERSON_COLUMNS)} or ${scopeSql(actor, scopes, ACCOUNT_ROLE_COLUMNS)})`;

export interface AccountFilters {
  q?: string;
  role?: Role;
  disabled?: boolean;
}

const accountColumns = {
  id: accounts.id,
  username: accounts.username,
  displayName: accounts.displayName,
  email: accounts.email,
  personId: accounts.personId,
  personName: people.name,
  personNumber: people.number,
  disabledAt: accounts.disabledAt,
  mustChangePassword: accounts.mustChangePassword,
  lastLoginAt: accounts.lastLoginAt,
};
export type AccountRow = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  personId: string | null;
  personName: string | null;
  personNumber: string | null;
  disabledAt: Date | null;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
};

function filterSql(parkId: string, scopes: readonly Scope[], f: AccountFilters): SQL | undefined {
  const q = f.q?.trim();
  const like = q ? `%${escapeLike(q)}%` : '';
  return and(
    accountScopeSql({ parkId }, scopes),
    q
      ? sql`(${accounts.username} ilike ${like} or ${accounts.displayName} ilike ${like}
             or ${people.name} ilike ${like} or ${people.number} ilike ${escapeLike(q) + '%'})`
      : undefined,
    f.role
      ? sql`exists (select 1 from ${roleAssignments} ra where ra.account_id = ${accounts.id} and ra.role = ${f.role})`
      : undefined,
    f.disabled === undefined
      ? undefined
      : f.disabled
        ? isNotNull(accounts.disabledAt)
        : isNull(accounts.disabledAt),
  );
}

export async function countAccounts(db: Db, parkId: string, scopes: readonly Scope[], f: AccountFilters) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(filterSql(parkId, scopes, f));
  return Number(row?.n ?? 0);
}

export async function selectAccounts(
  db: Db,
  parkId: string,
  scopes: readonly Scope[],
  f: AccountFilters,
  page: { limit: number; offset: number },
): Promise<AccountRow[]> {
  return db
    .select(accountColumns)
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(filterSql(parkId, scopes, f))
    .orderBy(asc(sql`lower(${accounts.username})`), asc(accounts.id))
    .limit(page.limit)
    .offset(page.offset);
}

export async function selectAccount(db: Db, parkId: string, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select(accountColumns)
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(and(eq(accounts.id, id), eq(accounts.parkId, parkId)));
  return row;
}

export interface GrantRow {
  id: string;
  accountId: string;
  role: string;
  scopeNodeId: string;
  scopeName: string;
  scopeKind: string;
  scopePath: string;
  scopeDisabledAt: Date | null;
}

export async function selectGrants(db: Db, accountIds: readonly string[]): Promise<GrantRow[]> {
  if (accountIds.length === 0) return [];
  return db
    .select({
      id: roleAssignments.id,
      accountId: roleAssignments.accountId,
      role: roleAssignments.role,
      scopeNodeId: roleAssignments.scopeNodeId,
      scopeName: orgNodes.name,
      scopeKind: orgNodes.kind,
      scopePath: orgNodes.path,
      scopeDisabledAt: orgNodes.disabledAt,
    })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.scopeNodeId))
    .where(inArray(roleAssignments.accountId, [...accountIds]))
    .orderBy(asc(roleAssignments.createdAt), asc(roleAssignments.id));
}

/** An account as the policies see it: its person (school, unit, branch) and the roles it holds. */
export async function loadAccountSubject(
  db: Db,
  parkId: string,
  id: string,
): Promise<{ row: AccountRow; subject: AccountSubject; grants: GrantRow[] } | null> {
  const row = await selectAccount(db, parkId, id);
  if (!row) return null;
  const grants = await selectGrants(db, [id]);
  let person: AccountSubject['person'] = null;
  if (row.personId) {
    const [p] = await db
      .select({
        id: people.id,
        kind: people.kind,
        schoolId: people.schoolId,
        unitId: people.unitId,
        branchId: memberships.branchId,
      })
      .from(people)
      .leftJoin(memberships, eq(memberships.personId, people.id))
      .where(eq(people.id, row.personId));
    if (p) person = { ...p, kind: p.kind as 'staff' | 'student', branchId: p.branchId ?? null };
  }
  return {
    row,
    grants,
    subject: {
      id: row.id,
      parkId,
      person,
      grants: grants.map((g) => ({ role: g.role as Role, scopePath: g.scopePath })),
    },
  };
}

/** Enabled accounts of the park that hold a park-administrator role, optionally leaving one grant or account out. */
export async function countActiveParkAdmins(
  db: Db,
  parkId: string,
  except: { grantId?: string; accountId?: string } = {},
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${accounts.id})::int` })
    .from(roleAssignments)
    .innerJoin(accounts, eq(accounts.id, roleAssignments.accountId))
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        eq(roleAssignments.parkId, parkId),
        eq(roleAssignments.role, LAST_ADMIN_ROLE),
        isNull(accounts.disabledAt),
        isNull(orgNodes.disabledAt),
        except.grantId ? sql`${roleAssignments.id} <> ${except.grantId}` : undefined,
        except.accountId ? sql`${accounts.id} <> ${except.accountId}` : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}
