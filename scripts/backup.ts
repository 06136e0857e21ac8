/**
 * `npm run backup -- --out FILE [--url URL] [--user NAME] [--with-key]`
 *
 * Downloads a backup of the RUNNING instance (either database) into ONE file: database rows, every
 * uploaded file and manifest.json (see src/server/platform/backup/dump.ts for how and why the server
 * makes it). Signs in as a park administrator: --user (or BACKUP_USERNAME) and the password from
 * BACKUP_PASSWORD (never on the command line, where other users could read it). --url defaults to
 * PUBLIC_URL, else http://127.0.0.1:$PORT. The download is written to FILE.partial, checked
 * (manifest present, every file's sha256 and every table's row count as listed), then renamed.
 * The encryption key is left out unless --with-key is given.
 */
import fs from 'node:fs';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { entries, readManifest } from '../src/server/platform/backup/restore';
import { runCli } from './lib/cli';

const USAGE = `用法 (usage): npm run backup -- --out FILE [--url URL] [--user NAME] [--with-key]
  密码取自环境变量 BACKUP_PASSWORD (the password comes from BACKUP_PASSWORD)`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: 'string' },
        url: { type: 'string' },
        user: { type: 'string' },
        'with-key': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = values.out;
  const username = values.user ?? process.env.BACKUP_USERNAME;
  const password = process.env.BACKUP_PASSWORD;
  if (!out || !username || !password) {
    console.error(`需要 --out、--user（或 BACKUP_USERNAME）和 BACKUP_PASSWORD\n${USAGE}`);
    return 2;
  }
  const base = (
    values.url ??
    process.env.PUBLIC_URL ??
    `http://127.0.0.1:${process.env.PORT ?? 3000}`
  ).replace(/\/$/, '');
  const withKey = values['with-key'];
  if (withKey) {
    console.error(
      '\n!!! 警告 (WARNING): 此备份将包含加密主密钥 (the backup will CONTAIN THE ENCRYPTION KEY).\n' +
        '!!! 持有该文件即可解密全部身份证号与手机号：请像保管密钥本身一样保管它。\n' +
        '!!! Anyone holding this file can decrypt every ID and phone number: keep it like the key itself.\n',
    );
  }

  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    console.error(`登录失败 (login failed): ${login.status} ${(await login.text()).slice(0, 300)}`);
    return 1;
  }
  const cookies = new Map<string, string>();
  for (const c of login.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    cookies.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
  }
  const res = await fetch(`${base}/api/admin/backup`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': cookies.get('csrf') ?? '',
    },
    body: JSON.stringify({ withKey }),
  });
  if (!res.ok || !res.body) {
    console.error(`备份失败 (backup refused): ${res.status} ${(await res.text()).slice(0, 300)}`);
    return 1;
  }
  const partial = `${out}.partial`;
  await pipeline(Readable.fromWeb(res.body as never), fs.createWriteStream(partial, { mode: 0o600 }));

  // Check what arrived before calling it a backup.
  let manifest;
  try {
    manifest = await readManifest(partial);
    const rows = new Map<string, number>();
    const sums = new Map<string, string>();
    for await (const e of entries(partial)) {
      if (e.name.startsWith('db/')) {
        let n = 0;
        for await (const b of e.body) for (const byte of b) if (byte === 10) n++;
        rows.set(e.name.slice(3, -'.jsonl'.length), n);
      } else if (e.name.startsWith('files/')) {
        const h = crypto.createHash('sha256');
        for await (const b of e.body) h.update(b);
        sums.set(e.name.slice(6), h.digest('hex'));
      }
    }
    const badTables = Object.entries(manifest.tables).filter(([t, n]) => rows.get(t) !== n);
    const badFiles = manifest.files.filter((f) => sums.get(f.key) !== f.sha256);
    if (badTables.length || badFiles.length)
      throw new Error(
        `备份内容与清单不符：${[...badTables.map(([t]) => t), ...badFiles.map((f) => f.key)].join(', ')}`,
      );
  } catch (err) {
    console.error(`备份文件校验失败，未保存 (the download failed its checks): ${(err as Error).message}`);
    fs.rmSync(partial, { force: true });
    return 1;
  }
  fs.renameSync(partial, out);
  const rowsTotal = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const bytes = manifest.files.reduce((a, f) => a + f.size, 0);
  console.log(
    `备份完成 (backup written): ${out} (${(fs.statSync(out).size / 2 ** 20).toFixed(1)} MB)\n` +
      `  ${Object.keys(manifest.tables).length} 张表 ${rowsTotal} 行, ${manifest.files.length} 个文件 ${(bytes / 2 ** 20).toFixed(1)} MB, ` +
      `数据库 ${manifest.database.kind}, 迁移 ${manifest.schema.migrations}, 版本 ${manifest.appVersion}, ${manifest.createdAt}`,
  );
  if (manifest.skippedFiles.length)
    console.log(`  备份期间已被删除、未纳入的文件 (deleted meanwhile): ${manifest.skippedFiles.join(', ')}`);
  console.log(
    manifest.encryptionKey.included
      ? '  !!! 含加密密钥 (contains the encryption key)'
      : '  不含加密密钥：恢复时需提供 ENCRYPTION_KEY 或 DATA_DIR/secret.key (key not included)',
  );
  return 0;
}

runCli(main);
