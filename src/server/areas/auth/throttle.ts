import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { loginThrottle } from '../../platform/db/schema/index';
import { tooMany } from '../../errors';

/**
 * Failed-login throttling, kept in the database so every app instance sees the same counts.
 * An account is locked after ACCOUNT_LIMIT failures in the window, an IP after IP_LIMIT.
 *
 * The account counter is keyed by the RESOLVED account (`account:<id>`), not by what was typed:
 * login accepts the username and the person's 工号/学号, and every name of one account must share
 * one lock (otherwise five wrong passwords for the username could be followed by guesses under the
 * number). A name that resolves to no account is counted under `name:<lower-cased name>`, so
 * probing unknown names locks just the same and a lock says nothing about whether a name exists.
 */
export const THROTTLE = { windowMinutes: 15, lockMinutes: 15, accountLimit: 5, ipLimit: 30 } as const;

/** Who a login attempt is about: the account the typed name resolved to, or only the name. */
export interface AttemptTarget {
  typedName: string;
  accountId: string | null;
  ip: string | null;
}

export type ThrottleKind = 'account' | 'name' | 'ip';
interface ThrottleKey {
  key: string;
  kind: ThrottleKind;
  limit: number;
}

export function throttleKeys(t: AttemptTarget): ThrottleKey[] {
  const who: ThrottleKey = t.accountId
    ? { key: `account:${t.accountId}`, kind: 'account', limit: THROTTLE.accountLimit }
    : { key: `name:${t.typedName.trim().toLowerCase()}`, kind: 'name', limit: THROTTLE.accountLimit };
  return [who, ...(t.ip ? [{ key: `ip:${t.ip}`, kind: 'ip' as const, limit: THROTTLE.ipLimit }] : [])];
}

const minutesLeft = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));

/** The lock in force for this attempt, if any (the account's or name's first, then the IP's). */
export async function activeLock(
  db: Db,
  t: AttemptTarget,
): Promise<{ kind: ThrottleKind; lockedUntil: Date } | null> {
  const keys = throttleKeys(t);
  const rows = await db
    .select()
    .from(loginThrottle)
    .where(
      inArray(
        loginThrottle.key,
        keys.map((k) => k.key),
      ),
    );
  for (const k of keys) {
    const row = rows.find((r) => r.key === k.key);
    if (row?.lockedUntil && row.lockedUntil.getTime() > Date.now()) {
      return { kind: k.kind, lockedUntil: row.lockedUntil };
    }
  }
  return null;
}

/** The 429 for a lock (the same words for an account and for an unknown name). */
export function lockedError(lock: { kind: ThrottleKind; lockedUntil: Date }) {
  const minutes = minutesLeft(lock.lockedUntil);
  return tooMany(
    lock.kind === 'ip'
      ? `该网络地址登录失败次数过多，请 ${minutes} 分钟后再试`
      : `登录失败次数过多，该账号已临时锁定，请 ${minutes} 分钟后再试`,
  );
}

/**
 * Counts one failure under each key and returns the locks this failure set (the ones that reached
 * their limit just now), so that the caller can audit each lockout once.
 */
export async function recordFailure(
  db: Db,
  t: AttemptTarget,
): Promise<{ kind: ThrottleKind; key: string; lockedUntil: Date }[]> {
  const locked: { kind: ThrottleKind; key: string; lockedUntil: Date }[] = [];
  for (const { key, kind, limit } of throttleKeys(t)) {
    // One statement: restart the window when it has passed, count, and lock at the limit.
    await db.execute(sql`
      insert into login_throttle (key, failures, window_start) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when login_throttle.window_start < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                        then 1 else login_throttle.failures + 1 end,
        window_start = case when login_throttle.window_start < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                            then now() else login_throttle.window_start end`);
    const rows = await queryRows<{ locked_until: Date | string }>(
      db,
      sql`
      update login_throttle set locked_until = now() + make_interval(mins => ${THROTTLE.lockMinutes}), failures = 0,
        window_start = now()
      where key = ${key} and failures >= ${limit}
      returning locked_until`,
    );
    if (rows[0]) locked.push({ kind, key, lockedUntil: new Date(rows[0].locked_until) });
  }
  return locked;
}

/** A successful login clears its account's count (never the IP's: one success does not vouch for an address). */
export async function clearFailures(db: Db, accountId: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, `account:${accountId}`));
}
