/**
 * `npm run storage:migrate [-- --delete-local]`: moves uploaded files from the local folder
 * (DATA_DIR/media) to the driver STORAGE names (postgres or s3; see README, 文件存储). Every file is
 * copied unless the target already holds the same bytes, then read back from the target and its
 * sha256 compared with the local file's. Local copies are deleted only with --delete-local, and only
 * those whose copy was verified. A key the target holds with different bytes is left alone on both
 * sides and reported. Safe to run again: a second run copies nothing.
 *
 * With STORAGE=postgres on PGlite (no DATABASE_URL) stop the server first: an embedded database has
 * one owner at a time.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, type Database } from '../src/server/platform/db/client';
import {
  createLocalStorage,
  createStorage,
  digestStored,
  localStorageRoot,
} from '../src/server/platform/storage';
import { configOrReport, runCli } from './lib/cli';

const USAGE = `用法 (usage): npm run storage:migrate [-- --delete-local]
  把 DATA_DIR/media 中的文件复制到 STORAGE 指定的存储（postgres 或 s3），复制后逐个校验 sha256。
  copies every file in DATA_DIR/media to the storage STORAGE names and verifies each copy's sha256.
  --delete-local   校验通过后删除本地副本 (delete local copies once verified)`;

async function main(): Promise<number> {
  let deleteLocal = false;
  try {
    const { values } = parseArgs({
      options: { 'delete-local': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    deleteLocal = values['delete-local'] ?? false;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  const config = configOrReport();
  if (!config) return 2;
  if (config.STORAGE === 'local') {
    console.error(
      'STORAGE 为 local：目标就是本地文件夹，无需迁移。请先设置 STORAGE=postgres 或 STORAGE=s3。',
    );
    return 2;
  }

  const root = localStorageRoot(config.dataDir);
  const source = createLocalStorage(root);
  let database: Database | undefined;
  if (config.STORAGE === 'postgres') {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
    await database.migrate();
  }
  const target = createStorage({ config, db: database?.db });
  console.log(`storage:migrate: ${root} → ${target.kind}${deleteLocal ? '（校验后删除本地副本）' : ''}`);

  const counts = { total: 0, copied: 0, alreadyThere: 0, conflicts: 0, failed: 0, deletedLocal: 0 };
  try {
    for await (const key of source.keys()) {
      counts.total++;
      try {
        const local = (await digestStored(source, key))!;
        let verified = false;
        const existing = (await target.exists(key)) ? await digestStored(target, key) : null;
        if (existing) {
          if (existing.sha256 === local.sha256 && existing.size === local.size) {
            counts.alreadyThere++;
            verified = true;
          } else {
            counts.conflicts++;
            console.error(`  冲突 (conflict): ${key} 在目标中已存在且内容不同；两边都未改动`);
          }
        } else {
          await target.putFile(key, path.join(root, key));
          const copied = await digestStored(target, key);
          if (copied?.sha256 === local.sha256 && copied.size === local.size) {
            counts.copied++;
            verified = true;
          } else {
            counts.failed++;
            console.error(`  校验失败 (checksum mismatch): ${key}`);
          }
        }
        if (verified && deleteLocal) {
          await source.delete(key);
          counts.deletedLocal++;
        }
      } catch (err) {
        counts.failed++;
        console.error(`  失败 (failed): ${key}: ${(err as Error).message}`);
      }
    }
    if (deleteLocal) await removeEmptyFolders(root);
  } finally {
    await database?.close();
  }

  console.log(
    `完成 (done): 共 ${counts.total} 个文件，复制 ${counts.copied}，目标已有且一致 ${counts.alreadyThere}，` +
      `冲突 ${counts.conflicts}，失败 ${counts.failed}，删除本地副本 ${counts.deletedLocal}`,
  );
  console.log(`counts ${JSON.stringify(counts)}`);
  return counts.conflicts || counts.failed ? 1 : 0;
}

/** After --delete-local: the year/month folders left empty (the root itself stays). */
async function removeEmptyFolders(dir: string, isRoot = true): Promise<void> {
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeEmptyFolders(path.join(dir, e.name), false);
  if (!isRoot && (await fsp.readdir(dir)).length === 0) await fsp.rmdir(dir);
}

runCli(main);
