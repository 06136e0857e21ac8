import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromFile } from 'file-type';
import type { Db } from '../../../platform/db/client';
import { mediaFiles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { AppError, badRequest, forbidden } from '../../../errors';
import type { Storage } from '../../../platform/storage';
import type { Actor } from '../../../access/actor';
import { canUploadMedia } from '../policy';
import type { MediaPurpose } from '../../../../common/contracts/newsroom';
import { cleanFileName, declaredExtOf, fmtMB, PURPOSE_RULES, TYPES } from '../media';
import { presentMedia, type Variants } from '../presenter';
import { looksLikeMarkup, storeImageVariants, tooLarge, unsupported } from './storeImage';

export interface IncomingFile {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

export interface MediaDeps {
  storage: Storage;
  /** A folder for spooling uploads (on the same disk as DATA_DIR). */
  tmpDir: string;
}

/** The largest upload of any purpose (a video); each purpose's own limit is checked while spooling. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * Opens the one file of a multipart upload as a stream (videos run to 200 MB: never buffered).
 * The errors are those of platform/http/files.ts readUpload: 415 when the request is not
 * multipart, 400 when no file came. Past the limit the stream is marked truncated and
 * uploadMedia answers 413 with the purpose's own limit.
 */
export async function openUploadStream(req: FastifyRequest): Promise<IncomingFile> {
  if (!req.isMultipart())
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件（字段名 file）');
  let file;
  try {
    file = await req.file({
      limits: { fileSize: MAX_UPLOAD_BYTES + 1, files: 1 },
      throwFileSizeLimit: false,
    });
  } catch {
    throw badRequest('INVALID_UPLOAD', '上传的内容无法读取，请重新选择文件上传');
  }
  if (!file || file.fieldname !== 'file')
    throw badRequest('FILE_REQUIRED', '请选择要上传的文件', { file: '请选择文件' });
  return { filename: file.filename, stream: file.file };
}

/** Stores one uploaded file. Throws 413/415 (with Chinese messages) and leaves nothing behind on any failure. */
export async function uploadMedia(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  deps: MediaDeps,
  purpose: MediaPurpose,
  incoming: IncomingFile,
) {
  if (!canUploadMedia(actor, purpose)) throw forbidden('没有上传文件的权限');
  const rule = PURPOSE_RULES[purpose];
  const originalName = cleanFileName(incoming.filename);
  const declaredExt = declaredExtOf(originalName);
  await fsp.mkdir(deps.tmpDir, { recursive: true });
  const spool = path.join(deps.tmpDir, `upload-${crypto.randomUUID()}`);
  const stored: string[] = [];
  try {
    // 1. Spool to disk, hashing on the way, refusing past the purpose's limit.
    const hash = crypto.createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(incoming.stream, meter, fs.createWriteStream(spool, { flags: 'wx' }));
    if (incoming.stream.truncated || size > rule.maxBytes) {
      throw tooLarge(`文件过大：${rule.label}不能超过 ${fmtMB(rule.maxBytes)}`);
    }
    if (size === 0) throw unsupported('文件为空，请重新选择');

    // 2. What is it, really?
    if (declaredExt === 'svg' || declaredExt === 'svgz' || (await looksLikeMarkup(spool))) {
      throw unsupported('出于安全原因，不接受 SVG 或网页类文件；请上传 PNG 或 JPG 图片');
    }
    const detected = await fileTypeFromFile(spool);
    const entry = detected ? TYPES[detected.ext] : undefined;
    const type = typeof entry === 'function' ? entry(declaredExt) : entry;
    if (!type || !rule.kinds.includes(type.kind)) {
      throw unsupported(`不支持的文件类型。${rule.label}只接受 ${rule.allowedText}`);
    }
    if (declaredExt && !type.exts.includes(declaredExt)) {
      throw unsupported(`文件内容与扩展名不符：内容是${type.label}，扩展名却是 .${declaredExt}`);
    }
    if (size > type.maxBytes) throw tooLarge(`文件过大：${type.label}不能超过 ${fmtMB(type.maxBytes)}`);

    // 3. Store: images re-encoded into web sizes, everything else as received.
    const id = crypto.randomUUID();
    const now = new Date();
    const prefix = `${actor.parkId}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
    let variants: Variants;
    let dims: { width: number | null; height: number | null } = { width: null, height: null };
    if (type.kind === 'image') {
      const out = await storeImageVariants(deps.storage, spool, type, prefix, stored);
      variants = out.variants;
      dims = { width: out.width, height: out.height };
    } else {
      const key = `${prefix}-original.${type.ext}`;
      await deps.storage.putFile(key, spool);
      stored.push(key);
      variants = { original: { key, mime: type.mime, size } };
    }

    // 4. The row, audited, in one transaction; if it fails the files go too (catch below).
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(mediaFiles)
        .values({
          id,
          parkId: actor.parkId,
          purpose,
          mime: type.mime,
          ext: type.ext,
          originalName: declaredExt || !type.ext ? originalName : `${originalName}.${type.ext}`,
          size,
          width: dims.width,
          height: dims.height,
          sha256: hash.digest('hex'),
          variants,
          uploadedBy: actor.accountId,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'newsroom.media.upload',
        entityType: 'media',
        entityId: id,
        after: { purpose, mime: type.mime, size, originalName: row!.originalName },
      });
      return presentMedia(row!);
    });
  } catch (err) {
    await Promise.all(stored.map((k) => deps.storage.delete(k).catch(() => undefined)));
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw tooLarge(`文件过大：${rule.label}不能超过 ${fmtMB(rule.maxBytes)}`);
    }
    throw err;
  } finally {
    incoming.stream.resume(); // drain whatever is left so the request can finish
    await fsp.rm(spool, { force: true });
  }
}
