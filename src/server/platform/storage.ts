import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where uploaded files live. The app only ever names files by generated keys
 * ('<park>/<yyyy>/<mm>/<uuid>-<variant>.<ext>'), never by a user's file name; keys are checked so
 * that none can leave the storage root. The default driver is a folder under DATA_DIR; an
 * S3-compatible driver implements the same interface (put/get/stat/delete by key).
 */
export interface Storage {
  readonly kind: string;
  /** Stores bytes under a new key; refuses to overwrite an existing one. */
  put(key: string, data: Buffer): Promise<void>;
  /** Stores a local file (e.g. a spooled upload) under a new key; the source is left in place. */
  putFile(key: string, sourcePath: string): Promise<void>;
  /**
   * A stream of the stored bytes (or of an inclusive byte range) and the object's full size, or null
   * when the key does not exist.
   */
  open(
    key: string,
    range?: { start: number; end: number },
  ): Promise<{ stream: Readable; size: number } | null>;
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes a key; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;

export class StorageKeyError extends Error {}

/** Accepts only keys made of lower-case [a-z0-9._-] segments, none starting with a dot; no '..', no absolute paths. */
export function assertValidKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 300 || !KEY.test(key)) {
    throw new StorageKeyError(`invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export function createLocalStorage(root: string): Storage {
  const base = path.resolve(root);
  const resolve = (key: string) => {
    assertValidKey(key);
    const full = path.resolve(base, key);
    // Belt and braces: the key pattern already forbids this.
    if (!full.startsWith(base + path.sep)) throw new StorageKeyError(`storage key escapes the root: ${key}`);
    return full;
  };
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
      } finally {
        await fsp.rm(tmp, { force: true });
      }
    },
    async putFile(key, sourcePath) {
      const full = resolve(key);
      await fsp.mkdir(path.dirname(full), { recursive: true });
      // COPYFILE_EXCL: never overwrite a stored file.
      await fsp.copyFile(sourcePath, full, fs.constants.COPYFILE_EXCL);
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
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async read(key) {
      try {
        return await fsp.readFile(resolve(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
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
  };
}

/** The storage the server uses: a folder under DATA_DIR ('<dataDir>/media'). */
export function createStorage(opts: { dataDir: string }): Storage {
  return createLocalStorage(path.join(opts.dataDir, 'media'));
}
