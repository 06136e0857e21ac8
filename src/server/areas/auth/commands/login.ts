import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { accounts, people } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { LoginInput } from '../../../../common/contracts/auth';
import { AppError } from '../../../errors';
import { dummyPasswordHash, verifyPassword } from '../passwords';
import { createSession } from '../sessions';
import { assertNotLocked, clearFailures, recordFailure } from '../throttle';

/**
 * Signs in by username, or by 工号/学号 through the person the account belongs to. Unknown names
 * cost the same time as wrong passwords (a dummy hash is verified), failures count towards the
 * lock, and a success opens a session and is audited in the same transaction.
 */
export async function login(
  db: Db,
  ctx: RequestContext,
  input: LoginInput,
  client: { ip: string | null; userAgent: string | null; sessionTtlHours: number },
) {
  const { username, password } = input;
  await assertNotLocked(db, username, client.ip);
  const [account] = await db
    .select()
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(sql`lower(${accounts.username}) = lower(${username}) or ${people.number} = ${username}`)
    .orderBy(sql`lower(${accounts.username}) = lower(${username}) desc`)
    .limit(1)
    .then((rows) => rows.map((r) => r.accounts));
  const ok = account
    ? await verifyPassword(account.passwordHash, password)
    : (await verifyPassword(await dummyPasswordHash(), password), false);
  if (!account || !ok) {
    await recordFailure(db, username, client.ip);
    throw new AppError(401, 'INVALID_CREDENTIALS', '账号或密码不正确');
  }
  if (account.disabledAt) throw new AppError(403, 'ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
  await clearFailures(db, username);
  const session = await db.transaction(async (tx) => {
    const s = await createSession(tx, account.id, client.sessionTtlHours, {
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
        after: { username: account.username },
      },
    );
    return s;
  });
  return { session, mustChangePassword: account.mustChangePassword };
}
