import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { and, desc, eq, sql } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { Db } from '../../platform/db/client';
import { mediaFiles } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { AppError, forbidden, notFound } from '../../errors';
import type { Storage } from '../../platform/storage';
import type { Actor } from '../../access/actor';
import { canUploadMedia, canUseNewsroom } from './policy';

/**
 * Uploads: the type is read from the CONTENT (file-type), checked against the purpose's allow-list
 * and against the file name's extension (a forged extension is refused), size-limited per type.
 * Images are decoded and re-encoded with sharp (EXIF/GPS and every other metadata dropped,
 * orientation applied) into web sizes. Files are stored under generated keys; the user's file name
 * is kept only as data. A failed upload leaves no file and no row.
 */

export const MEDIA_PURPOSES = ['image', 'attachment', 'audio', 'video'] as const;
export type MediaPurpose = (typeof MEDIA_PURPOSES)[number];

const MB = 1024 * 1024;

interface KnownType {
  /** Canonical extension we store with. */
  ext: string;
  mime: string;
  /** Extensions a file of this content may carry. */
  exts: readonly string[];
  label: string;
  maxBytes: number;
  kind: 'image' | 'document' | 'audio' | 'video';
}

/** Keyed by file-type's detected `ext`. */
const TYPES: Record<string, KnownType | ((declaredExt: string) => KnownType | null)> = {
  jpg: {
    ext: 'jpg',
    mime: 'image/jpeg',
    exts: ['jpg', 'jpeg', 'jpe', 'jfif'],
    label: 'JPG 图片',
    maxBytes: 10 * MB,
    kind: 'image',
  },
  png: { ext: 'png', mime: 'image/png', exts: ['png'], label: 'PNG 图片', maxBytes: 10 * MB, kind: 'image' },
  webp: {
    ext: 'webp',
    mime: 'image/webp',
    exts: ['webp'],
    label: 'WebP 图片',
    maxBytes: 10 * MB,
    kind: 'image',
  },
  gif: { ext: 'gif', mime: 'image/gif', exts: ['gif'], label: 'GIF 图片', maxBytes: 10 * MB, kind: 'image' },
  pdf: {
    ext: 'pdf',
    mime: 'application/pdf',
    exts: ['pdf'],
    label: 'PDF 文档',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  docx: {
    ext: 'docx',
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    exts: ['docx'],
    label: 'Word 文档',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  xlsx: {
    ext: 'xlsx',
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    exts: ['xlsx'],
    label: 'Excel 表格',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  pptx: {
    ext: 'pptx',
    mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    exts: ['pptx'],
    label: 'PowerPoint 演示文稿',
    maxBytes: 30 * MB,
    kind: 'document',
  },
  // Old Office files share one container format (CFB); the extension says which one it is.
  cfb: (declared) => {
    const legacy: Record<string, [string, string]> = {
      doc: ['application/msword', 'Word 文档'],
      xls: ['application/vnd.ms-excel', 'Excel 表格'],
      ppt: ['application/vnd.ms-powerpoint', 'PowerPoint 演示文稿'],
    };
    const hit = legacy[declared];
    return hit
      ? { ext: declared, mime: hit[0], exts: [declared], label: hit[1], maxBytes: 30 * MB, kind: 'document' }
      : null;
  },
  mp3: { ext: 'mp3', mime: 'audio/mpeg', exts: ['mp3'], label: 'MP3 音频', maxBytes: 30 * MB, kind: 'audio' },
  ogg: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  oga: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  opus: {
    ext: 'ogg',
    mime: 'audio/ogg',
    exts: ['ogg', 'oga', 'opus'],
    label: 'OGG 音频',
    maxBytes: 30 * MB,
    kind: 'audio',
  },
  m4a: { ext: 'm4a', mime: 'audio/mp4', exts: ['m4a'], label: 'M4A 音频', maxBytes: 30 * MB, kind: 'audio' },
  mp4: {
    ext: 'mp4',
    mime: 'video/mp4',
    exts: ['mp4', 'm4v'],
    label: 'MP4 视频',
    maxBytes: 200 * MB,
    kind: 'video',
  },
  webm: {
    ext: 'webm',
    mime: 'video/webm',
    exts: ['webm'],
    label: 'WebM 视频',
    maxBytes: 200 * MB,
    kind: 'video',
  },
};

interface PurposeRule {
  label: string;
  kinds: readonly KnownType['kind'][];
  /** Stream limit for the purpose (the largest of its types). */
  maxBytes: number;
  allowedText: string;
}

export const PURPOSE_RULES: Record<MediaPurpose, PurposeRule> = {
  image: {
    label: '图片',
    kinds: ['image'],
    maxBytes: 10 * MB,
    allowedText: 'JPG、PNG、WebP、GIF 图片（不超过 10 MB）',
  },
  attachment: {
    label: '附件',
    kinds: ['document', 'image'],
    maxBytes: 30 * MB,
    allowedText:
      'PDF、Word（doc/docx）、Excel（xls/xlsx）、PowerPoint（ppt/pptx）文档（不超过 30 MB）或 JPG、PNG、WebP、GIF 图片（不超过 10 MB）',
  },
  audio: {
    label: '音频',
    kinds: ['audio'],
    maxBytes: 30 * MB,
    allowedText: 'MP3、OGG、M4A 音频（不超过 30 MB）',
  },
  video: {
    label: '视频',
    kinds: ['video'],
    maxBytes: 200 * MB,
    allowedText: 'MP4、WebM 视频（不超过 200 MB）',
  },
};

/** Web sizes of an image: the longest side at most this many pixels. */
export const IMAGE_VARIANTS = { original: 2560, large: 1600, medium: 800, thumb: 320 } as const;
export type ImageVariant = keyof typeof IMAGE_VARIANTS;
export const VARIANT_NAMES = ['original', 'large', 'medium', 'thumb'] as const;

export interface StoredVariant {
  key: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
}
export type Variants = Partial<Record<(typeof VARIANT_NAMES)[number], StoredVariant>>;

const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
const tooLarge = (message: string) => new AppError(413, 'FILE_TOO_LARGE', message);
const fmtMB = (n: number) => `${Math.round(n / MB)} MB`;

/** A user's file name made safe to show and to put in Content-Disposition (never used as a path). */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  return (clean || '未命名文件').slice(0, 200);
}

const declaredExtOf = (name: string) => {
  const m = /\.([a-z0-9]{1,10})$/i.exec(name);
  return m ? m[1]!.toLowerCase() : '';
};

export interface IncomingFile {
  filename: string;
  stream: Readable & { truncated?: boolean };
}

export interface MediaDeps {
  storage: Storage;
  /** A folder for spooling uploads (on the same disk as DATA_DIR). */
  tmpDir: string;
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

/** True when the file starts (after a BOM and whitespace) like XML/HTML/SVG markup. */
async function looksLikeMarkup(file: string): Promise<boolean> {
  const fh = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, 512, 0);
    const head = buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart()
      .toLowerCase();
    return /^<(\?xml|svg|!doctype|html|!--)/.test(head) || head.includes('<svg');
  } finally {
    await fh.close();
  }
}

async function storeImageVariants(
  storage: Storage,
  file: string,
  type: KnownType,
  prefix: string,
  stored: string[],
): Promise<{ variants: Variants; width: number; height: number }> {
  const animated = type.ext === 'gif' || type.ext === 'webp';
  let meta: Metadata;
  try {
    meta = await sharp(file, { animated, limitInputPixels: 60_000_000 }).metadata();
  } catch {
    throw unsupported('图片文件已损坏或无法读取，请重新导出后上传');
  }
  // Orientation 5–8 swaps width and height once applied.
  const swap = (meta.orientation ?? 1) >= 5;
  const w0 = (swap ? meta.height : meta.width) ?? 0;
  const h0 = (swap ? meta.width : (meta.pageHeight ?? meta.height)) ?? 0;
  if (!w0 || !h0) throw unsupported('图片文件已损坏或无法读取，请重新导出后上传');
  const variants: Variants = {};
  let origin = { width: w0, height: h0 };
  let previous: StoredVariant | undefined;
  for (const name of VARIANT_NAMES) {
    const limit = IMAGE_VARIANTS[name];
    // A variant no smaller than the one before it would be the same picture: reuse it.
    if (previous && Math.max(previous.width ?? 0, previous.height ?? 0) <= limit) {
      variants[name] = previous;
      continue;
    }
    let pipelineImg = sharp(file, { animated, limitInputPixels: 60_000_000 })
      .rotate() // apply EXIF orientation; metadata is not copied (no withMetadata): EXIF/GPS stripped
      .resize({ width: limit, height: limit, fit: 'inside', withoutEnlargement: true });
    if (type.ext === 'jpg') pipelineImg = pipelineImg.jpeg({ quality: 82, mozjpeg: true });
    else if (type.ext === 'png')
      pipelineImg = pipelineImg.png({ compressionLevel: 9, adaptiveFiltering: true });
    else if (type.ext === 'webp') pipelineImg = pipelineImg.webp({ quality: 80 });
    else pipelineImg = pipelineImg.gif();
    let out: { data: Buffer; info: OutputInfo };
    try {
      out = await pipelineImg.toBuffer({ resolveWithObject: true });
    } catch {
      throw unsupported('图片文件已损坏或无法读取，请重新导出后上传');
    }
    const key = `${prefix}-${name}.${type.ext}`;
    await storage.put(key, out.data);
    stored.push(key);
    const height = out.info.pageHeight ?? out.info.height;
    const v: StoredVariant = { key, mime: type.mime, size: out.data.length, width: out.info.width, height };
    if (name === 'original') origin = { width: out.info.width, height };
    variants[name] = v;
    previous = v;
  }
  return { variants, ...origin };
}

export type MediaRow = typeof mediaFiles.$inferSelect;

export const mediaUrl = (id: string, variant: string = 'original') => `/media/${id}/${variant}`;

export function presentMedia(m: MediaRow) {
  const variants = m.variants as Variants;
  return {
    id: m.id,
    purpose: m.purpose as MediaPurpose,
    mime: m.mime,
    ext: m.ext,
    originalName: m.originalName,
    size: m.size,
    width: m.width,
    height: m.height,
    url: mediaUrl(m.id, 'original'),
    urls: Object.fromEntries(Object.keys(variants).map((v) => [v, mediaUrl(m.id, v)])) as Record<
      string,
      string
    >,
    createdAt: m.createdAt.toISOString(),
  };
}
export type MediaView = ReturnType<typeof presentMedia>;

export async function listMedia(
  db: Db,
  actor: Actor,
  opts: { purpose?: MediaPurpose; page: number; pageSize: number },
) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const where = and(
    eq(mediaFiles.parkId, actor.parkId),
    opts.purpose ? eq(mediaFiles.purpose, opts.purpose) : undefined,
  );
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select()
      .from(mediaFiles)
      .where(where)
      .orderBy(desc(mediaFiles.createdAt))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(mediaFiles)
      .where(where),
  ]);
  return { items: rows.map(presentMedia), total, page: opts.page, pageSize: opts.pageSize };
}

/** A media row of the actor's park (404 otherwise). */
export async function getMediaForPark(db: Db, parkId: string, id: string): Promise<MediaRow> {
  const [m] = await db
    .select()
    .from(mediaFiles)
    .where(and(eq(mediaFiles.id, id), eq(mediaFiles.parkId, parkId)));
  if (!m) throw notFound('文件不存在');
  return m;
}

/** For serving: any park's media by id (URLs are unguessable ids; see the report on access). */
export async function findMedia(db: Db, id: string): Promise<MediaRow | null> {
  const [m] = await db.select().from(mediaFiles).where(eq(mediaFiles.id, id));
  return m ?? null;
}

/** RFC 6266 / RFC 5987 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
