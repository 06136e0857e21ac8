import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { accounts, orgNodes, people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { LoginInput } from '../../../../common/contracts/auth';
import { AppError } from '../../../errors';
import { dummyPasswordHash, verifyPassword } from '../passwords';
import { createSession, type SessionPolicy } from '../sessions';
import {
  THROTTLE,
  activeLock,
  clearFailures,
  lockedError,
  recordFailure,
  type AttemptTarget,
} from '../throttle';

type LoginFailure = 'wrongPassword' | 'unknownName' | 'locked' | 'accountDisabled';

/**
 * The park an attempt's audit rows belong to (audit rows are searched per park). An attempt on a
 * real account belongs to that account's park. An attempt under a name that resolves to no account
 * belongs to no park in particular; a deployment runs one park, so it is filed under that single
 * park, where its administrators see it. With several parks it stays without a park (kept in the
 * table, shown in no park's console), rather than being shown to one park's administrators
 * arbitrarily.
 */
async function attemptParkId(db: Db, account: { parkId: string } | undefined): Promise<string | null> {
  if (account) return account.parkId;
  const parks = await db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'park')).limit(2);
  return parks.length === 1 ? parks[0]!.id : null;
}

/**
 * Records a failed attempt (never the password tried): the name typed, the account it resolved to
 * (if any) and, through the context, the IP. Counts it towards the locks unless it was refused by a
 * lock already or its password was right, and records every lock it sets.
 */
async function failAttempt(
  db: Db,
  ctx: RequestContext,
  target: AttemptTarget,
  account: { id: string; parkId: string } | undefined,
  reason: LoginFailure,
): Promise<void> {
  const parkId = await attemptParkId(db, account);
  const anonymous = { ...ctx, actor: null };
  await db.transaction(async (tx) => {
    const locks =
      reason === 'wrongPassword' || reason === 'unknownName' ? await recordFailure(tx, target) : [];
    await audit(tx, anonymous, {
      parkId,
      action: 'auth.session.loginFailed',
      entityType: 'account',
      entityId: target.accountId,
      after: { username: target.typedName, accountId: target.accountId, reason },
    });
    for (const lock of locks) {
      await audit(tx, anonymous, {
        parkId,
        action: 'auth.account.locked',
        entityType: lock.kind === 'ip' ? 'ip' : lock.kind === 'account' ? 'account' : 'loginName',
        entityId: lock.kind === 'ip' ? target.ip : (target.accountId ?? target.typedName),
        after: {
          lock: lock.kind,
          username: target.typedName,
          accountId: target.accountId,
          failures: lock.kind === 'ip' ? THROTTLE.ipLimit : THROTTLE.accountLimit,
          windowMinutes: THROTTLE.windowMinutes,
          lockedUntil: lock.lockedUntil.toISOString(),
        },
      });
    }
  });
}

/**
 * Signs in by username, or by 工号/学号 through the person the account belongs to. Unknown names
 * cost the same time as wrong passwords (a dummy hash is verified). Locks are per resolved account
 * (every name of an account shares one), per unknown name and per IP (throttle.ts); failures and
 * lockouts are audited, and a success opens a session and is audited in the same transaction.
 */
export async function login(
  db: Db,
  ctx: RequestContext,
  input: LoginInput,
  client: { ip: string | null; userAgent: string | null; policy: SessionPolicy },
) {
  const { username, password } = input;
  const [account] = await db
    .select()
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(sql`lower(${accounts.username}) = lower(${username}) or ${people.number} = ${username}`)
    .orderBy(sql`lower(${accounts.username}) = lower(${username}) desc`)
    .limit(1)
    .then((rows) => rows.map((r) => r.accounts));
  const target: AttemptTarget = { typedName: username, accountId: account?.id ?? null, ip: client.ip };

  const lock = await activeLock(db, target);
  if (lock) {
    await failAttempt(db, ctx, target, account, 'locked');
    throw lockedError(lock);
  }
  const ok = account
    ? await verifyPassword(account.passwordHash, password)
    : (await verifyPassword(await dummyPasswordHash(), password), false);
  if (!account || !ok) {
    await failAttempt(db, ctx, target, account, account ? 'wrongPassword' : 'unknownName');
    throw new AppError(401, 'INVALID_CREDENTIALS', '账号或密码不正确');
  }
  if (account.disabledAt) {
    await failAttempt(db, ctx, target, account, 'accountDisabled');
    throw new AppError(403, 'ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
  }
  await clearFailures(db, account.id);
  const session = await db.transaction(async (tx) => {
    const s = await createSession(tx, account.id, client.policy, {
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await tx.update(accounts).set({ lastLoginAt: new Date() }).where(eq(accounts.id, account.id));
    await audit(
      tx,
      { ...ctx, actor: null },
      {
        parkId: account.parkId,
        action: 'auth.session.login',
        entityType: 'account',
        entityId: account.id,
        actor: { accountId: account.id, displayName: account.displayName },
        after: { username: account.username, sessionId: s.id },
      },
    );
    return s;
  });
  return { session, mustChangePassword: account.mustChangePassword };
}
