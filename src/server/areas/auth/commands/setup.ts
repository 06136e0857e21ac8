import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { appSettings } from '../../../platform/db/schema/index';
import { sha256 } from '../../../platform/crypto';
import { AppError } from '../../../errors';
import type { SetupInput } from '../../../../common/contracts/auth';
import { SETUP_TOKEN_KEY, createFirstAdmin } from '../bootstrap';

/** The one-time setup link printed on a first start: valid while its token's hash is stored. */
export async function checkSetupToken(db: Db, token: string) {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SETUP_TOKEN_KEY));
  const expected = Buffer.from(String(row?.value ?? ''));
  const given = Buffer.from(sha256(token));
  if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError(404, 'SETUP_NOT_AVAILABLE', '初始化链接无效或已使用');
  }
}

/** Creates the park's first administrator through the setup link (which it then uses up). */
export async function completeSetup(db: Db, input: SetupInput) {
  await checkSetupToken(db, input.token);
  return createFirstAdmin(db, input);
}
