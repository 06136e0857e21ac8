import crypto from 'node:crypto';
import type { Db } from '../../../platform/db/client';
import { mediaFiles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { forbidden } from '../../../errors';
import type { SpooledUpload } from '../../../platform/http/files';
import type { Storage } from '../../../platform/storage';
import type { Actor } from '../../../access/actor';
import { canUploadMedia } from '../policy';
import type { MediaPurpose } from '../../../../common/contracts/newsroom';
import { cleanFileName, declaredExtOf, fmtMB, PURPOSE_RULES, TYPES } from '../media';
import { presentMedia, type Variants } from '../presenter';
import { looksLikeMarkup, storeImageVariants, tooLarge, unsupported } from './storeImage';
import { lazy } from '../../../platform/lazy';

const loadFileType = lazy(() => import('file-type'));

export interface MediaDeps {
  storage: Storage;
}

/**
 * Receives the upload, spooled to a temporary file, refusing past `maxBytes` with 413
 * PAYLOAD_TOO_LARGE and `tooLargeMessage`: the route passes platform/http/files.ts
 * readUploadStream, so the errors are those of every upload route.
 */
export type ReceiveUpload = (limit: { maxBytes: number; tooLargeMessage: string }) => Promise<SpooledUpload>;

/**
 * Stores one uploaded file. The permission for the purpose is checked before the body is read;
 * throws 413/415 (with Chinese messages) and leaves nothing behind on any failure.
 */
export async function uploadMedia(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  deps: MediaDeps,
  purpose: MediaPurpose,
  receive: ReceiveUpload,
) {
  if (!canUploadMedia(actor, purpose)) throw forbidden('没有上传文件的权限');
  const rule = PURPOSE_RULES[purpose];
  // 1. Spool to disk (videos run to 200 MB: never buffered), hashing on the way, refusing past
  //    the purpose's limit.
  const upload = await receive({
    maxBytes: rule.maxBytes,
    tooLargeMessage: `文件过大：${rule.label}不能超过 ${fmtMB(rule.maxBytes)}`,
  });
  const originalName = cleanFileName(upload.fileName);
  const declaredExt = declaredExtOf(originalName);
  const spool = upload.path;
  const size = upload.size;
  const stored: string[] = [];
  try {
    if (size === 0) throw unsupported('文件为空，请重新选择');

    // 2. What is it, really?
    if (declaredExt === 'svg' || declaredExt === 'svgz' || (await looksLikeMarkup(spool))) {
      throw unsupported('出于安全原因，不接受 SVG 或网页类文件；请上传 PNG 或 JPG 图片');
    }
    const detected = await (await loadFileType()).fileTypeFromFile(spool);
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
          sha256: upload.sha256,
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
    throw err;
  } finally {
    await upload.remove();
  }
}
