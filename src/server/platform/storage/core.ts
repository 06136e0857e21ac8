import crypto from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * Where uploaded files live. The app only ever names files by generated keys
 * ('<park>/<yyyy>/<mm>/<uuid>-<variant>.<ext>'), never by a user's file name; keys are checked so
 * that none can leave the storage root. Drivers: a folder under DATA_DIR (local), the database
 * (postgres) and any S3-compatible service (s3); see createStorage in ../storage.ts.
 */
export interface Storage {
  readonly kind: 'local' | 'postgres' | 's3';
  /** Stores bytes under a new key; refuses to overwrite an existing one (StorageExistsError). */
  put(key: string, data: Buffer): Promise<void>;
  /** Stores a local file (e.g. a spooled upload) under a new key; the source is left in place. */
  putFile(key: string, sourcePath: string): Promise<void>;
  /**
   * A stream of the stored bytes (or of an inclusive byte range) and the object's full size, or null
   * when the key does not exist. A range past the end is cut at the end.
   */
  open(key: string, range?: ByteRange): Promise<{ stream: Readable; size: number } | null>;
  read(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  /** Removes a key; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every stored key that starts with `prefix` (all keys without one), in no promised order. */
  keys(prefix?: string): AsyncIterable<string>;
}

/** Inclusive byte offsets, as in an HTTP Range header. */
export interface ByteRange {
  start: number;
  end: number;
}

const KEY = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const PREFIX = /^[a-z0-9._/-]*$/;

export class StorageKeyError extends Error {}

/** Thrown by put/putFile when the key is taken: stored files are never overwritten. */
export class StorageExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(key: string) {
    super(`storage key already exists: ${key}`);
  }
}

/** Accepts only keys made of lower-case [a-z0-9._-] segments, none starting with a dot; no '..', no absolute paths. */
export function assertValidKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 300 || !KEY.test(key)) {
    throw new StorageKeyError(`invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

/** A keys() prefix: the start of a key, made of the same characters. */
export function assertValidPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || prefix.length > 300 || !PREFIX.test(prefix) || prefix.includes('..')) {
    throw new StorageKeyError(`invalid storage key prefix: ${JSON.stringify(prefix)}`);
  }
  return prefix;
}

/** Reads a whole stream into memory: only for read(), whose callers want the bytes. */
export async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const ch of stream) parts.push(typeof ch === 'string' ? Buffer.from(ch) : (ch as Buffer));
  return Buffer.concat(parts);
}

/** The sha256 (hex) and length of a stream, read once without keeping it. */
export async function digestStream(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const ch of stream) {
    const b = typeof ch === 'string' ? Buffer.from(ch) : (ch as Buffer);
    hash.update(b);
    size += b.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** The sha256 and size of a stored object, or null when the key does not exist. */
export async function digestStored(
  storage: Storage,
  key: string,
): Promise<{ sha256: string; size: number } | null> {
  const opened = await storage.open(key);
  return opened ? digestStream(opened.stream) : null;
}

/** An empty stream (a zero-byte object, or a range that starts past the end). */
export const emptyStream = () => Readable.from([] as Buffer[]);

/** Re-cuts a byte stream into pieces of exactly `size` bytes (the last may be shorter). */
export async function* rechunk(
  source: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  size: number,
): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const raw of source) {
    let b = typeof raw === 'string' ? Buffer.from(raw) : raw;
    while (b.length > 0) {
      const take = Math.min(size - pendingLength, b.length);
      pending.push(b.subarray(0, take));
      pendingLength += take;
      b = b.subarray(take);
      if (pendingLength === size) {
        yield pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        pending = [];
        pendingLength = 0;
      }
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending);
}
