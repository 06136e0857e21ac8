import fsp from 'node:fs/promises';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type * as S3Sdk from '@aws-sdk/client-s3';
import {
  assertValidKey,
  assertValidPrefix,
  isValidKey,
  collect,
  emptyStream,
  StorageExistsError,
  type Storage,
} from './core';

export interface S3StorageOptions {
  /** e.g. https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:9000; unset = AWS's own endpoint. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path (http://host/bucket/key) rather than the host name: MinIO and most self-hosted services. */
  forcePathStyle: boolean;
  /** Keys per ListObjectsV2 page (the service's own limit, 1,000, by default). */
  keysPerPage?: number;
}

type Sdk = typeof S3Sdk;

const status = (err: unknown) =>
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isNotFound = (err: unknown) =>
  status(err) === 404 || ['NotFound', 'NoSuchKey'].includes((err as Error).name);

/**
 * Any S3-compatible object store (AWS S3, MinIO, Ceph, Aliyun OSS, Tencent COS, …) through the AWS SDK.
 * Never overwrites: put first asks whether the key exists, then writes with `If-None-Match: *`, which
 * services that support conditional writes use to refuse a write that lost a race. Ranges are sent
 * as a Range header, so only the asked-for bytes travel.
 */
export function createS3Storage(opts: S3StorageOptions): Storage {
  // The SDK is large: load it only when this driver is in use.
  let loaded: Promise<{ sdk: Sdk; client: S3Sdk.S3Client }> | undefined;
  const s3 = () =>
    (loaded ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        endpoint: opts.endpoint,
        region: opts.region,
        forcePathStyle: opts.forcePathStyle,
        credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
        // Plain requests: the SDK's default streamed ("aws-chunked") uploads with trailing checksums
        // are not understood by many S3-compatible services.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    })));
  const Bucket = opts.bucket;

  async function head(key: string): Promise<number | null> {
    const { sdk, client } = await s3();
    try {
      const res = await client.send(new sdk.HeadObjectCommand({ Bucket, Key: key }));
      return res.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async function write(key: string, body: Buffer | Readable, length: number) {
    assertValidKey(key);
    if ((await head(key)) !== null) throw new StorageExistsError(key);
    const { sdk, client } = await s3();
    try {
      await client.send(
        new sdk.PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: length, IfNoneMatch: '*' }),
      );
    } catch (err) {
      // 412: someone else wrote the key first; 409: a conditional write on it was in progress.
      if (status(err) === 412 || status(err) === 409) throw new StorageExistsError(key);
      throw err;
    }
  }

  const open: Storage['open'] = async (key, range) => {
    assertValidKey(key);
    const { sdk, client } = await s3();
    try {
      const res = await client.send(
        new sdk.GetObjectCommand({
          Bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      const body = (res.Body as Readable | undefined) ?? emptyStream();
      const sent = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.ContentRange ?? '');
      const size = sent ? Number(sent[3]) : (res.ContentLength ?? 0);
      if (!range) return { stream: body, size };
      const from = sent ? Number(sent[1]) : 0;
      const to = sent ? Number(sent[2]) : size - 1;
      const end = Math.min(range.end, size - 1);
      if (from === range.start && to === end) return { stream: body, size };
      // The service sent more than was asked (it ignored the Range header, or misread one such as
      // bytes=0-0): cut the asked-for bytes out here.
      return { stream: Readable.from(slice(body, from, range.start, end)), size };
    } catch (err) {
      if (isNotFound(err)) return null;
      // 416: the range starts at or past the end (or the object is empty); the other drivers give no bytes.
      if (range && status(err) === 416) {
        const size = await head(key);
        return size === null ? null : { stream: emptyStream(), size };
      }
      throw err;
    }
  };

  return {
    kind: 's3',
    put: (key, data) => write(key, data, data.length),
    async putFile(key, sourcePath) {
      assertValidKey(key);
      const { size } = await fsp.stat(sourcePath);
      await write(key, fs.createReadStream(sourcePath), size);
    },
    open,
    async read(key) {
      const opened = await open(key);
      return opened ? collect(opened.stream) : null;
    },
    async exists(key) {
      if (!isValidKey(key)) return false;
      return (await head(key)) !== null;
    },
    async delete(key) {
      assertValidKey(key);
      const { sdk, client } = await s3();
      await client.send(new sdk.DeleteObjectCommand({ Bucket, Key: key }));
    },
    keys(prefix = '') {
      return (async function* () {
        assertValidPrefix(prefix);
        const { sdk, client } = await s3();
        // Paged by StartAfter (the last key seen) rather than continuation tokens: plainer, and
        // understood alike by every S3-compatible service.
        let after: string | undefined;
        for (;;) {
          const page = await client.send(
            new sdk.ListObjectsV2Command({
              Bucket,
              Prefix: prefix || undefined,
              StartAfter: after,
              MaxKeys: opts.keysPerPage,
            }),
          );
          const contents = page.Contents ?? [];
          for (const o of contents) {
            // A shared bucket may hold objects that are not ours: list only valid keys.
            if (o.Key && isValidKey(o.Key)) yield o.Key;
          }
          const last = contents[contents.length - 1]?.Key;
          if (!page.IsTruncated || !last) return;
          after = last;
        }
      })();
    },
  };
}

/** Bytes start..end (inclusive) of a stream whose first byte is at `offset`; stops reading after end. */
async function* slice(source: Readable, offset: number, start: number, end: number): AsyncGenerator<Buffer> {
  for await (const raw of source) {
    const b = raw as Buffer;
    const from = Math.max(start - offset, 0);
    const to = Math.min(end + 1 - offset, b.length);
    if (from < to) yield b.subarray(from, to);
    offset += b.length;
    if (offset > end) break;
  }
}
