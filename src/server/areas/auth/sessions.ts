import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import {
  accounts,
  memberships,
  orgNodes,
  people,
  roleAssignments,
  sessions,
} from '../../platform/db/schema/index';
import { randomToken, sha256 } from '../../platform/crypto';
import type { Actor, RoleGrant } from '../../access/actor';
import type { Role } from '../../access/roles';
import type { OrgKind } from '../../../common/orgTree';

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf';
/** Sliding sessions: the expiry moves forward at most this often, to spare a write per request. */
const TOUCH_EVERY_MS = 5 * 60_000;

export async function createSession(
  db: Db,
  accountId: string,
  ttlHours: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({
    tokenHash: sha256(token),
    accountId,
    csrfToken,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export interface LoadedSession {
  tokenHash: string;
  csrfToken: string;
  actor: Actor;
}

/** Resolves a cookie token to its actor, or null when unknown, expired or the account is disabled. */
export async function loadSession(db: Db, token: string, ttlHours: number): Promise<LoadedSession | null> {
  const tokenHash = sha256(token);
  const [row] = await db
    .select({
      session: sessions,
      account: accounts,
      schoolId: people.schoolId,
      unitId: people.unitId,
      branchId: memberships.branchId,
      parkPath: orgNodes.path,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(orgNodes, eq(orgNodes.id, accounts.parkId))
    .leftJoin(people, eq(people.id, accounts.personId))
    .leftJoin(memberships, eq(memberships.personId, accounts.personId))
    .where(
      and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`), isNull(accounts.disabledAt)),
    );
  if (!row) return null;
  const grants = await loadGrants(db, row.account.id);
  if (Date.now() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) })
      .where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    tokenHash,
    csrfToken: row.session.csrfToken,
    actor: {
      accountId: row.account.id,
      parkId: row.account.parkId,
      parkPath: row.parkPath,
      username: row.account.username,
      displayName: row.account.displayName,
      personId: row.account.personId,
      schoolId: row.schoolId ?? null,
      unitId: row.unitId ?? null,
      branchId: row.branchId ?? null,
      grants,
      mustChangePassword: row.account.mustChangePassword,
    },
  };
}

export async function loadGrants(db: Db, accountId: string): Promise<RoleGrant[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      scopeNodeId: roleAssignments.scopeNodeId,
      scopeKind: orgNodes.kind,
      scopePath: orgNodes.path,
      scopeSchoolId: orgNodes.schoolId,
    })
    .from(roleAssignments)
    .innerJoin(orgNodes, eq(orgNodes.id, roleAssignments.scopeNodeId))
    .where(
      and(
        eq(roleAssignments.accountId, accountId),
        // A grant lapses while its node or any node above it is disabled.
        sql`not exists (select 1 from org_nodes d where d.disabled_at is not null
              and d.park_id = ${orgNodes.parkId} and ${orgNodes.path} like d.path || '%')`,
      ),
    );
  return rows.map((r) => ({ ...r, role: r.role as Role, scopeKind: r.scopeKind as OrgKind }));
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeAllSessions(
  db: Db,
  accountId: string,
  exceptTokenHash?: string,
): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(
      exceptTokenHash
        ? and(eq(sessions.accountId, accountId), sql`${sessions.tokenHash} <> ${exceptTokenHash}`)
        : eq(sessions.accountId, accountId),
    )
    .returning({ t: sessions.tokenHash });
  return deleted.length;
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
}
