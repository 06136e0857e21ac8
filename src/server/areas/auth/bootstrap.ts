import { FIRST_ACCOUNT_ROLE } from '../../access/roles';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { accounts, appSettings, orgNodes, roleAssignments } from '../../platform/db/schema/index';
import { checkNewPassword, hashPassword } from './passwords';
import { AppError } from '../../errors';
import { audit } from '../../platform/audit';
import { systemContext } from '../../context';
import { randomToken, sha256 } from '../../platform/crypto';
import { childPath } from '../../../common/orgTree';
import { ensureDefaultColumns } from '../newsroom/columns';

export const SETUP_TOKEN_KEY = 'setupTokenHash';

/** Creates a park root node with its general branch. Used by first-start setup and the demo seed. */
export async function createPark(tx: Db, name: string): Promise<{ parkId: string; generalBranchId: string }> {
  const parkId = crypto.randomUUID();
  const gbId = crypto.randomUUID();
  const parkPath = childPath('/', parkId);
  await tx.insert(orgNodes).values([
    { id: parkId, parkId, parentId: null, kind: 'park', name, path: parkPath },
    {
      id: gbId,
      parkId,
      parentId: parkId,
      kind: 'generalBranch',
      name: `${name}党总支`,
      path: childPath(parkPath, gbId),
    },
  ]);
  await ensureDefaultColumns(tx, parkId);
  return { parkId, generalBranchId: gbId };
}

export async function createFirstAdmin(
  db: Db,
  input: { parkName: string; username: string; password: string; displayName?: string },
): Promise<{ parkId: string; accountId: string }> {
  checkNewPassword(input.password, [input.username]);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(accounts);
    if (n > 0) throw new Error('an account already exists');
    const existingPark = await tx
      .select({ id: orgNodes.id })
      .from(orgNodes)
      .where(eq(orgNodes.kind, 'park'))
      .limit(1);
    const parkId = existingPark[0]?.id ?? (await createPark(tx, input.parkName)).parkId;
    const [account] = await tx
      .insert(accounts)
      .values({
        parkId,
        username: input.username,
        displayName: input.displayName ?? '园区管理员',
        passwordHash,
      })
      .returning({ id: accounts.id });
    await tx
      .insert(roleAssignments)
      .values({ parkId, accountId: account!.id, role: FIRST_ACCOUNT_ROLE, scopeNodeId: parkId });
    await tx.delete(appSettings).where(eq(appSettings.key, SETUP_TOKEN_KEY));
    await audit(tx, systemContext('bootstrap'), {
      parkId,
      action: 'accounts.account.createFirstAdmin',
      entityType: 'account',
      entityId: account!.id,
      after: { username: input.username, role: FIRST_ACCOUNT_ROLE },
    });
    return { parkId, accountId: account!.id };
  });
}

/**
 * On a start that finds no account: create the first park administrator from ADMIN_USERNAME /
 * ADMIN_PASSWORD, or issue a one-time setup token and return it (main.ts prints the link).
 */
export async function ensureFirstAdmin(
  db: Db,
  env: { username?: string; password?: string; parkName: string },
): Promise<{ created?: string; setupToken?: string }> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(accounts);
  if (n > 0) return {};
  if (env.username && env.password) {
    await createFirstAdmin(db, {
      parkName: env.parkName,
      username: env.username,
      password: env.password,
    }).catch((err: unknown) => {
      // The start stops with a message that names the variable (as config.ts does).
      if (err instanceof AppError)
        throw new Error(`配置错误 (invalid configuration):\n  ADMIN_PASSWORD: ${err.message}`);
      throw err;
    });
    return { created: env.username };
  }
  const token = randomToken();
  await db
    .insert(appSettings)
    .values({ key: SETUP_TOKEN_KEY, value: sha256(token) })
    .onConflictDoUpdate({ target: appSettings.key, set: { value: sha256(token), updatedAt: new Date() } });
  return { setupToken: token };
}
