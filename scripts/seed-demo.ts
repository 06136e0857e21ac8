/**
 * `npm run seed:demo [-- --scale N]`: fills an empty database with the demo park (scripts/lib/seedDemo.ts).
 * Uses the database the server would use (DATABASE_URL, or PGlite in DATA_DIR, with the key in
 * DATA_DIR/secret.key or ENCRYPTION_KEY). Stop the server first when it runs on the same DATA_DIR:
 * an embedded database has one owner at a time.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/platform/db/client';
import { createStorage } from '../src/server/platform/storage';
import { createFieldCipher, loadMasterKey } from '../src/server/platform/crypto';
import { SeedRefusedError, seedDemo } from './lib/seedDemo';
import { configOrReport, runCli } from './lib/cli';

const USAGE = `用法 (usage): npm run seed:demo [-- --scale N]
  --scale N   人员与班级数量乘以 N（默认 1：约 200 名教职工、60 个班、3,000 名学生；可为小数）
              multiplies people and classes (default 1; fractions allowed)`;

async function main() {
  let scale = 1;
  try {
    const { values } = parseArgs({
      options: { scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (values.scale !== undefined) scale = Number(values.scale);
    if (!(Number.isFinite(scale) && scale > 0 && scale <= 100))
      throw new Error('--scale 应为 0 到 100 之间的数');
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const config = configOrReport();
  if (!config) return 2;
  const where = config.DATABASE_URL
    ? `PostgreSQL ${new URL(config.DATABASE_URL).host}${new URL(config.DATABASE_URL).pathname}`
    : `PGlite in ${config.dataDir}`;
  console.log(`seed:demo → ${where}, scale ${scale}`);
  const cipher = createFieldCipher(loadMasterKey(config.dataDir, config.ENCRYPTION_KEY));
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    await database.migrate();
    const summary = await seedDemo(database.db, cipher, {
      scale,
      parkName: process.env.PARK_NAME?.trim() || undefined,
      // The storage the server reads (STORAGE): the portal's pictures, attachments and music.
      storage: (db) => createStorage({ config, db }),
      log: (m) => console.log(`  ${m}`),
    });
    const c = summary.counts;
    console.log(
      `\n完成 (done) in ${(summary.ms / 1000).toFixed(1)} s: 园区「${summary.parkName}」, ${c.orgNodes} 个组织节点, ` +
        `${summary.schools.length} 所学校, ${c.classes} 个班级, ${c.staff} 名教职工 (${c.members} 名党员, ` +
        `其中预备党员 ${c.probationary}), ${c.students} 名学生 (${c.leagueMembers} 名团员), ${c.accounts} 个账号`,
    );
    console.log(`\n演示账号 (demo accounts), 密码 (password) ${summary.password}:`);
    for (const a of summary.accounts) {
      const who = a.personName ? `${a.personName} ${a.personNumber}` : '';
      const note = a.created ? '' : '  (已存在，密码未改 / existed, password unchanged)';
      console.log(`  ${a.username.padEnd(12)} ${a.roleLabel.padEnd(6, '　')} ${a.scopeName}  ${who}${note}`);
    }
    return 0;
  } catch (err) {
    if (err instanceof SeedRefusedError) {
      console.error(`\n${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}

runCli(main);
