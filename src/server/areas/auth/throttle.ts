import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { loginThrottle } from '../../platform/db/schema/index';
import { tooMany } from '../../errors';

/**
 * Failed-login throttling, kept in the database so every app instance sees the same counts.
 * An account name is locked after ACCOUNT_LIMIT failures in the window, an IP after IP_LIMIT.
 */
export const THROTTLE = { windowMinutes: 15, lockMinutes: 15, accountLimit: 5, ipLimit: 30 } as const;

const keys = (username: string, ip: string | null) => [
  { key: `acct:${username.toLowerCase()}`, limit: THROTTLE.accountLimit },
  ...(ip ? [{ key: `ip:${ip}`, limit: THROTTLE.ipLimit }] : []),
];

export async function assertNotLocked(db: Db, username: string, ip: string | null): Promise<void> {
  for (const { key } of keys(username, ip)) {
    const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
    if (row?.lockedUntil && row.lockedUntil.getTime() > Date.now()) {
      const minutes = Math.max(1, Math.ceil((row.lockedUntil.getTime() - Date.now()) / 60_000));
      throw tooMany(
        key.startsWith('acct:')
          ? `登录失败次数过多，该账号已临时锁定，请 ${minutes} 分钟后再试`
          : `该网络地址登录失败次数过多，请 ${minutes} 分钟后再试`,
      );
    }
  }
}

export async function recordFailure(db: Db, username: string, ip: string | null): Promise<void> {
  for (const { key, limit } of keys(username, ip)) {
    // One statement: restart the window when it has passed, count, and lock at the limit.
    await db.execute(sql`
      insert into login_throttle (key, failures, window_start) values (${key}, 1, now())
      on conflict (key) do update set
        failures = case when login_throttle.window_start < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                        then 1 else login_throttle.failures + 1 end,
        window_start = case when login_throttle.window_start < now() - make_interval(mins => ${THROTTLE.windowMinutes})
                            then now() else login_throttle.window_start end`);
    await db.execute(sql`
      update login_throttle set locked_until = now() + make_interval(mins => ${THROTTLE.lockMinutes}), failures = 0,
        window_start = now()
      where key = ${key} and failures >= ${limit}`);
  }
}

export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, `acct:${username.toLowerCase()}`));
}
