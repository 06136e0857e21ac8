import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  assertValidKey,
  assertValidPrefix,
  isValidKey,
  StorageExistsError,
  StorageKeyError,
  type Storage,
} from './core';

/** put()'s temporary names: '<key>.<pid>.<uuid>.tmp' beside the target. Never listed as keys. */
const TEMP = /\.\d+\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

const isCode = (err: unknown, code: string) => (err as NodeJS.ErrnoException).code === code;

/** A folder: one file per key, sub-folders per key segment. The default driver. */
export function createLocalStorage(root: string): Storage {
  const base = path.resolve(root);
  const resolve = (key: string) => {
    assertValidKey(key);
    const full = path.resolve(base, key);
    // Belt and braces: the key pattern already forbids this.
    if (!full.startsWith(base + path.sep)) throw new StorageKeyError(`storage key escapes the root: ${key}`);
    return full;
  };

  async function* walk(dir: string, rel: string, prefix: string): AsyncGenerator<string> {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')) return;
      throw err;
    }
    for (const e of entries) {
      const key = rel ? `${rel}/${e.name}` : e.name;
      // Skip branches that cannot lead to the prefix.
      if (!(key.startsWith(prefix) || prefix.startsWith(`${key}/`))) continue;
      if (e.isDirectory()) yield* walk(path.join(dir, e.name), key, prefix);
      else if (e.isFile() && !TEMP.test(e.name) && isValidKey(key)) yield key;
    }
  }

  return {
    kind: 'local',
    async put(key, data) {
      const full = resolve(key);
      await fsp.mkdir(path.dirname(full), { recursive: true });
      const tmp = `${full}.${process.pid}.${crypto.randomUUID()}.tmp`;
      try {
        await fsp.writeFile(tmp, data, { flag: 'wx' });
        // link() fails if the target exists: never overwrite a stored file.
        await fsp.link(tmp, full);
      } catch (err) {
        if (isCode(err, 'EEXIST')) throw new StorageExistsError(key);
        throw err;
      } finally {
        await fsp.rm(tmp, { force: true });
      }
    },
    async putFile(key, sourcePath) {
      const full = resolve(key);
      await fsp.mkdir(path.dirname(full), { recursive: true });
      try {
        // COPYFILE_EXCL: never overwrite a stored file.
        await fsp.copyFile(sourcePath, full, fs.constants.COPYFILE_EXCL);
      } catch (err) {
        if (isCode(err, 'EEXIST')) throw new StorageExistsError(key);
        throw err;
      }
    },
    async open(key, range) {
      const full = resolve(key);
      try {
        const st = await fsp.stat(full);
        if (!st.isFile()) return null;
        return {
          stream: fs.createReadStream(full, range ? { start: range.start, end: range.end } : {}),
          size: st.size,
        };
      } catch (err) {
        if (isCode(err, 'ENOENT')) return null;
        throw err;
      }
    },
    async read(key) {
      try {
        return await fsp.readFile(resolve(key));
      } catch (err) {
        if (isCode(err, 'ENOENT')) return null;
        throw err;
      }
    },
    async exists(key) {
      try {
        return (await fsp.stat(resolve(key))).isFile();
      } catch {
        return false;
      }
    },
    async delete(key) {
      await fsp.rm(resolve(key), { force: true });
    },
    keys(prefix = '') {
      return (async function* () {
        assertValidPrefix(prefix);
        yield* walk(base, '', prefix);
      })();
    },
  };
}
