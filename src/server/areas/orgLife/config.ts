import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { orgLifeConfigVersions } from '../../platform/db/schema/index';
import type { ConfigVersionView } from '../../../common/contracts/orgLife';
import { DEFAULT_ORGLIFE_CONFIG, type OrgLifeConfig } from './rules/birthdays';

/**
 * The park's local orgLife rules as versioned data ('rules are data', changed without a code
 * change): each change is a new version, and records keep the version they were judged by.
 */

export type ConfigVersion = ConfigVersionView & { config: OrgLifeConfig };

/** The park's rules in force: the highest version, or the built-in defaults as version 0. */
export async function currentConfig(db: Db, parkId: string): Promise<ConfigVersion> {
  const [row] = await db
    .select()
    .from(orgLifeConfigVersions)
    .where(eq(orgLifeConfigVersions.parkId, parkId))
    .orderBy(desc(orgLifeConfigVersions.version))
    .limit(1);
  return row
    ? { version: row.version, config: row.config as OrgLifeConfig, createdAt: row.createdAt.toISOString() }
    : { version: 0, config: DEFAULT_ORGLIFE_CONFIG, createdAt: null };
}

/** Every version of the park's rules by number (0 = defaults), for judging past years by their own rules. */
export async function allConfigs(db: Db, parkId: string): Promise<Map<number, OrgLifeConfig>> {
  const rows = await db
    .select({ version: orgLifeConfigVersions.version, config: orgLifeConfigVersions.config })
    .from(orgLifeConfigVersions)
    .where(eq(orgLifeConfigVersions.parkId, parkId));
  const map = new Map<number, OrgLifeConfig>([[0, DEFAULT_ORGLIFE_CONFIG]]);
  for (const r of rows) map.set(r.version, r.config as OrgLifeConfig);
  return map;
}
