import { and, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { accounts, memberships, orgNodes, people, sessions } from '../../platform/db/schema/index';
import { randomToken, sha256 } from '../../platform/crypto';
import type { Actor, RoleGrant } from '../../access/actor';
import type { Role } from '../../access/roles';
import type { OrgKind } from '../../../common/orgTree';

export const SESSION_COOKIE = 'sid';
export const CSRF_COOKIE = 'csrf';

/** How long sessions last: SESSION_TTL_HOURS (absolute, from login) and SESSION_IDLE_MINUTES (idle). */
export interface SessionPolicy {
  absoluteHours: number;
  idleMinutes: number;
}

/**
 * A request moves the idle deadline forward only when the last move is at least this old, to
 * spare a write per request: a tenth of the idle timeout, at most a minute. So a session idles out
 * between `idle − touchEvery` and `idle` after its last request, and the deadline the console is
 * shown (`idleExpiresAt`) is always the one the server enforces.
 */
export const touchEveryMs = (idleSeconds: number) => Math.min(60_000, (idleSeconds * 1000) / 10);

export const idleSecondsOf = (policy: SessionPolicy) => Math.max(1, Math.round(policy.idleMinutes * 60));

export async function createSession(
  db: Db,
  accountId: string,
  policy: SessionPolicy,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ id: string; token: string; csrfToken: string; expiresAt: Date; idleExpiresAt: Date }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = Date.now();
  const idleSeconds = idleSecondsOf(policy);
  const expiresAt = new Date(now + policy.absoluteHours * 3_600_000);
  const idleExpiresAt = new Date(now + idleSeconds * 1000);
  const [row] = await db
    .insert(sessions)
    .values({
      tokenHash: sha256(token),
      accountId,
      csrfToken,
      expiresAt,
      lastSeenAt: new Date(now),
      idleSeconds,
      idleExpiresAt,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ id: sessions.id });
  return { id: row!.id, token, csrfToken, expiresAt, idleExpiresAt };
}

/** When a loaded session ends, as the console is told (`/api/auth/me`, `/api/auth/session`). */
export interface SessionTimes {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end (login + SESSION_TTL_HOURS); never moves. */
  expiresAt: Date;
  /** Idle end: moves forward with requests (see touchEveryMs). */
  idleExpiresAt: Date;
  idleSeconds: number;
}

export interface LoadedSession extends SessionTimes {
  tokenHash: string;
  csrfToken: string;
  actor: Actor;
}

/**
 * Resolves a cookie token to its actor, or null when unknown, past its absolute or idle end, or the
 * account is disabled. A request counts as activity (moves the idle deadline) unless `passive`:
 * the console's own check of the deadline must not keep an unattended session alive.
 * (A number in place of the options is the ttl older callers pass; lifetimes now live on the row.)
 */
export async function loadSession(
  db: Db,
  token: string,
  opts: { passive?: boolean } = {},
): Promise<LoadedSession | null> {
  const passive = opts.passive === true;
  const tokenHash = sha256(token);
  const [row] = await db
    .select({
      session: sessions,
      account: accounts,
      schoolId: people.schoolId,
      unitId: people.unitId,
      branchId: memberships.branchId,
      parkPath: orgNodes.path,
      // The account's grants in the same statement: a request costs the database one round trip
      // for its session (on PGlite every statement waits in the one queue).
      grants: sql<GrantRow[]>`coalesce((${grantsOf(sql`${accounts.id}`)}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .innerJoin(orgNodes, eq(orgNodes.id, accounts.parkId))
    .leftJoin(people, eq(people.id, accounts.personId))
    .leftJoin(memberships, eq(memberships.personId, accounts.personId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.idleExpiresAt, sql`now()`),
        isNull(accounts.disabledAt),
      ),
    );
  if (!row) return null;
  const grants = row.grants.map(toGrant);
  let { lastSeenAt, idleExpiresAt } = row.session;
  const { idleSeconds } = row.session;
  if (!passive && Date.now() - lastSeenAt.getTime() >= touchEveryMs(idleSeconds)) {
    lastSeenAt = new Date();
    idleExpiresAt = new Date(lastSeenAt.getTime() + idleSeconds * 1000);
    await db.update(sessions).set({ lastSeenAt, idleExpiresAt }).where(eq(sessions.tokenHash, tokenHash));
  }
  return {
    id: row.session.id,
    tokenHash,
    csrfToken: row.session.csrfToken,
    createdAt: row.session.createdAt,
    lastSeenAt,
    expiresAt: row.session.expiresAt,
    idleExpiresAt,
    idleSeconds,
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

interface GrantRow {
  role: string;
  scopeNodeId: string;
  scopeKind: string;
  scopePath: string;
  scopeSchoolId: string | null;
}

/**
 * The grants of `accountId` (an SQL expression) as one JSON array. A grant lapses while its node or
 * any node above it is disabled.
 */
function grantsOf(accountId: SQL) {
  return sql`select json_agg(json_build_object(
      'role', ra.role, 'scopeNodeId', n.id, 'scopeKind', n.kind, 'scopePath', n.path,
      'scopeSchoolId', n.school_id) order by ra.role, n.path)
    from role_assignments ra
    join org_nodes n on n.id = ra.scope_node_id
    where ra.account_id = ${accountId}
      and not exists (select 1 from org_nodes d where d.disabled_at is not null
        and d.park_id = n.park_id and n.path like d.path || '%')`;
}

const toGrant = (r: GrantRow): RoleGrant => ({
  role: r.role as Role,
  scopeNodeId: r.scopeNodeId,
  scopeKind: r.scopeKind as OrgKind,
  scopePath: r.scopePath,
  scopeSchoolId: r.scopeSchoolId,
});

export async function loadGrants(db: Db, accountId: string): Promise<RoleGrant[]> {
  const [row] = await queryRows<{ grants: GrantRow[] | null }>(
    db,
    sql`select (${grantsOf(sql`${accountId}::uuid`)}) as grants`,
  );
  return (row?.grants ?? []).map(toGrant);
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

/** The account's live sessions (neither past their absolute nor their idle end), latest activity first. */
export async function liveSessions(db: Db, accountId: string) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      idleExpiresAt: sessions.idleExpiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        gt(sessions.expiresAt, sql`now()`),
        gt(sessions.idleExpiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(sessions.lastSeenAt));
}

/** Ends one session of the account by its public id; false when there is no such session. */
export async function revokeSessionById(db: Db, accountId: string, sessionId: string): Promise<boolean> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.accountId, accountId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, sql`now()`), lt(sessions.idleExpiresAt, sql`now()`)));
}
