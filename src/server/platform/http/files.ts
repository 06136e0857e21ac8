import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../errors';

/** A Content-Disposition value that keeps a Chinese file name (RFC 6266 / 5987). */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends a generated file (an export, a card, a ledger), never cached: it holds personal data. */
export function sendFile(
  reply: FastifyReply,
  f: { type: string; fileName: string; body: Buffer | string; disposition?: 'inline' | 'attachment' },
) {
  return reply
    .header('content-type', f.type)
    .header('content-disposition', contentDisposition(f.disposition ?? 'attachment', f.fileName))
    .header('cache-control', 'no-store')
    .send(f.body);
}

export interface Upload {
  fileName: string;
  buffer: Buffer;
}

export interface UploadOptions {
  /** The refusal's message past `maxBytes` (default 「文件不能超过 N MB」), e.g. with a hint what to do. */
  tooLargeMessage?: string;
}

const mbOf = (bytes: number) => Math.max(1, Math.round(bytes / 1024 / 1024));
const tooLarge = (maxBytes: number, message?: string) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', message ?? `文件不能超过 ${mbOf(maxBytes)} MB`);
const unreadable = () => badRequest('INVALID_UPLOAD', '上传的内容无法读取，请重新选择文件上传');
const broken = () => badRequest('INVALID_UPLOAD', '上传中断或内容不完整，请重新上传');
const codeOf = (err: unknown) => (err as { code?: string } | null)?.code;

/**
 * Opens the one file part (field `file`) of a multipart request: 415 when the request is not
 * multipart, 400 INVALID_UPLOAD when the body cannot be parsed (no boundary, garbage), 400
 * FILE_REQUIRED when no file came. Past `maxBytes` the stream is marked truncated.
 */
async function openFile(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
  let file;
  try {
    file = await req.file({ limits: { fileSize: maxBytes, files: 1 }, throwFileSizeLimit: false });
  } catch (err) {
    throw codeOf(err) === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge(maxBytes) : unreadable();
  }
  if (!file || file.fieldname !== 'file') {
    file?.file.resume();
    throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
  }
  return file;
}

/**
 * Reads the one file of a multipart upload (field `file`) into memory, with the same errors
 * everywhere: 415 when the request is not multipart, 400 INVALID_UPLOAD when it cannot be read,
 * 400 FILE_REQUIRED when no file came, 413 PAYLOAD_TOO_LARGE past `maxBytes`. For files too large
 * to hold in memory (videos), readUploadStream.
 */
export async function readUpload(
  req: FastifyRequest,
  maxBytes: number,
  opts: UploadOptions = {},
): Promise<Upload> {
  const file = await openFile(req, maxBytes);
  let buffer: Buffer;
  try {
    buffer = await file.toBuffer();
  } catch (err) {
    if (codeOf(err) === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes, opts.tooLargeMessage);
    throw broken();
  }
  if (file.file.truncated) throw tooLarge(maxBytes, opts.tooLargeMessage);
  return { fileName: file.filename || 'upload', buffer };
}

/** An upload spooled to a temporary file; `remove()` it when done (in a finally). */
export interface SpooledUpload {
  fileName: string;
  /** The temporary file. */
  path: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  remove(): Promise<void>;
}

/**
 * readUpload for large files: streams the file to a temporary file in `tmpDir`, hashing and
 * counting on the way, never holding it in memory. The same errors as readUpload; nothing is
 * left in `tmpDir` when it throws.
 */
export async function readUploadStream(
  req: FastifyRequest,
  opts: UploadOptions & { maxBytes: number; tmpDir: string },
): Promise<SpooledUpload> {
  const file = await openFile(req, opts.maxBytes);
  await fsp.mkdir(opts.tmpDir, { recursive: true });
  const spool = path.join(opts.tmpDir, `upload-${crypto.randomUUID()}`);
  const remove = () => fsp.rm(spool, { force: true });
  const hash = crypto.createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(file.file, meter, fs.createWriteStream(spool, { flags: 'wx' }));
    if (file.file.truncated || size > opts.maxBytes) throw tooLarge(opts.maxBytes, opts.tooLargeMessage);
  } catch (err) {
    file.file.resume(); // drain whatever is left so the request can finish
    await remove();
    if (err instanceof AppError) throw err;
    if (codeOf(err) === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(opts.maxBytes, opts.tooLargeMessage);
    throw broken();
  }
  return { fileName: file.filename || 'upload', path: spool, size, sha256: hash.digest('hex'), remove };
}
