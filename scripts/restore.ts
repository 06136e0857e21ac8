/**
 * `npm run restore -- FILE`
 *
 * Restores a backup (`npm run backup`) into an EMPTY target, the one the server would use: the
 * PostgreSQL database of DATABASE_URL, or else PGlite in DATA_DIR; files go to the storage STORAGE
 * names (local = DATA_DIR/media). A target that holds anything is refused. Then every table's row
 * count and every file's size and sha256 are checked against the manifest, and the result printed
 * (exit 0 only when all match). The encryption key: restored into DATA_DIR/secret.key when the backup
 * has it; otherwise the operator must supply the original (ENCRYPTION_KEY, or DATA_DIR/secret.key),
 * and a key given is checked against the backup.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/server/platform/db/client';
import { createStorage } from '../src/server/platform/storage';
import { migrationLevel } from '../src/server/platform/backup/dump';
import {
  databaseIsEmpty,
  keyMatches,
  knownMigrations,
  loadFiles,
  loadTables,
  readKey,
  readManifest,
  restoreSequences,
  runQuery,
  verify,
} from '../src/server/platform/backup/restore';
import { configOrReport, runCli } from './lib/cli';

const USAGE = '用法 (usage): npm run restore -- FILE   (目标：DATABASE_URL 或 DATA_DIR，须为空)';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const file = path.resolve(positionals[0]!);
  const config = configOrReport();
  if (!config) return 2;
  const manifest = await readManifest(file);
  console.log(
    `备份 (backup): ${manifest.createdAt}, 版本 ${manifest.appVersion}, 来自 ${manifest.database.kind}, ` +
      `${Object.keys(manifest.tables).length} 张表, ${manifest.files.length} 个文件`,
  );
  if (manifest.schema.migrations !== knownMigrations()) {
    console.error(
      `拒绝恢复：备份的数据库结构为第 ${manifest.schema.migrations} 次迁移，本程序为第 ${knownMigrations()} 次。` +
        `请用与备份相同版本的程序恢复 (the backup's schema level differs from this program's).`,
    );
    return 1;
  }
  const target = config.DATABASE_URL
    ? `PostgreSQL ${new URL(config.DATABASE_URL).host}${new URL(config.DATABASE_URL).pathname}`
    : `PGlite in ${config.dataDir}`;

  // An empty target only: nothing of an existing instance is ever overwritten.
  if (!config.DATABASE_URL && fs.existsSync(config.dataDir) && fs.readdirSync(config.dataDir).length > 0) {
    console.error(`拒绝恢复：DATA_DIR ${config.dataDir} 不为空。请指定一个空目录 (DATA_DIR is not empty).`);
    return 1;
  }
  const keyFile = path.join(config.dataDir, 'secret.key');
  const backupKey = manifest.encryptionKey.included ? await readKey(file) : null;
  if (backupKey && fs.existsSync(keyFile)) {
    console.error(`拒绝恢复：${keyFile} 已存在，而备份中带有密钥 (a key file exists already).`);
    return 1;
  }
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  try {
    const q = runQuery(database);
    if (!(await databaseIsEmpty(q))) {
      console.error(
        `拒绝恢复：目标数据库 ${target} 不为空（已有数据表）。请使用新建的空数据库 (the database is not empty).`,
      );
      return 1;
    }
    const storage = createStorage({ config, db: database.db });
    for await (const key of storage.keys()) {
      console.error(
        `拒绝恢复：目标文件存储（${storage.kind}）不为空，例如 ${key} (the file storage is not empty).`,
      );
      return 1;
    }
    console.log(`恢复到 (restoring into) ${target}, 文件存储 ${storage.kind}`);
    await database.migrate();
    const level = await migrationLevel(q);
    if (level.migrations !== manifest.schema.migrations) throw new Error('迁移后的结构版本与备份不一致');
    await loadTables(database, file, (m) => console.log(m));
    await restoreSequences(q, manifest);
    await loadFiles(storage, file, (m) => console.log(m));

    const result = await verify(q, storage, manifest);
    const badTables = result.tables.filter((t) => t.actual !== t.expected);
    const badFiles = result.files.filter((f) => f.actual !== f.expected);
    const rows = result.tables.reduce((a, t) => a + (t.actual ?? 0), 0);
    console.log(
      `\n校验 (verification): ${result.tables.length - badTables.length}/${result.tables.length} 张表行数一致 (${rows} 行), ` +
        `${result.files.length - badFiles.length}/${result.files.length} 个文件校验和一致`,
    );
    for (const t of badTables)
      console.log(`  表 ${t.table}: 清单 ${t.expected} 行，恢复后 ${t.actual ?? '无此表'}`);
    for (const f of badFiles)
      console.log(`  文件 ${f.key}: 清单 ${f.expected}，恢复后 ${f.actual ?? '缺失'}`);

    if (backupKey) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(keyFile, backupKey + '\n', { mode: 0o600, flag: 'wx' });
      console.log(`加密密钥已从备份恢复到 ${keyFile} (the encryption key was restored)`);
      if (config.ENCRYPTION_KEY && config.ENCRYPTION_KEY !== backupKey)
        console.log(
          '!!! 注意：已设置的 ENCRYPTION_KEY 与备份中的密钥不同，服务器会使用 ENCRYPTION_KEY，将无法解密数据',
        );
    } else {
      const given =
        config.ENCRYPTION_KEY ?? (fs.existsSync(keyFile) ? fs.readFileSync(keyFile, 'utf8').trim() : null);
      if (!given)
        console.log(
          '备份中不含加密密钥：启动前请设置 ENCRYPTION_KEY，或把原实例的 secret.key 放到 ' +
            `${keyFile}（否则身份证号、手机号无法解密）(supply the original key)`,
        );
      else
        console.log(
          keyMatches(manifest, given)
            ? '已提供的加密密钥与备份一致 (the key given matches the backup)'
            : '!!! 已提供的加密密钥与备份不一致：身份证号、手机号将无法解密 (the key given is NOT the backup’s)',
        );
    }
    console.log(
      result.ok ? '\n恢复完成 (restore complete)' : '\n恢复后校验不一致 (restore verification FAILED)',
    );
    return result.ok ? 0 : 1;
  } finally {
    await database.close();
  }
}

runCli(main);
