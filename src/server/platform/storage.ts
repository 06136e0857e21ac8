import path from 'node:path';
import type { Config } from '../config';
import type { Db } from './db/client';
import type { Storage } from './storage/core';
import { createLocalStorage } from './storage/local';
import { createPostgresStorage } from './storage/postgres';
import { createS3Storage } from './storage/s3';

export {
  assertValidKey,
  digestStored,
  digestStream,
  isValidKey,
  StorageExistsError,
  StorageKeyError,
  type ByteRange,
  type Storage,
} from './storage/core';
export { createLocalStorage } from './storage/local';
export { createPostgresStorage } from './storage/postgres';
export { createS3Storage } from './storage/s3';

type StorageConfig = Pick<
  Config,
  | 'dataDir'
  | 'STORAGE'
  | 'S3_ENDPOINT'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/** The folder the local driver uses, and the one `npm run storage:migrate` copies from. */
export const localStorageRoot = (dataDir: string) => path.join(dataDir, 'media');

/**
 * The storage the server uses, chosen by STORAGE: local = a folder under DATA_DIR ('<dataDir>/media');
 * postgres = the database (needs `db`), so several instances share the files; s3 = an S3-compatible
 * bucket (S3_* variables, checked by loadConfig).
 */
export function createStorage(opts: { config: StorageConfig; db?: Db }): Storage {
  const { config } = opts;
  switch (config.STORAGE) {
    case 'postgres':
      if (!opts.db) throw new Error('STORAGE=postgres needs the database');
      return createPostgresStorage(opts.db);
    case 's3':
      return createS3Storage({
        endpoint: config.S3_ENDPOINT,
        bucket: config.S3_BUCKET!,
        region: config.S3_REGION,
        accessKeyId: config.S3_ACCESS_KEY_ID!,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
        forcePathStyle: config.S3_FORCE_PATH_STYLE,
      });
    default:
      return createLocalStorage(localStorageRoot(config.dataDir));
  }
}
