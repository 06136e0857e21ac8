import fsp from 'node:fs/promises';
import type { Metadata, OutputInfo } from 'sharp';
import { AppError } from '../../../errors';
import type { Storage } from '../../../platform/storage';
import { IMAGE_VARIANTS, type KnownType } from '../media';
import { VARIANT_NAMES, type StoredVariant, type Variants } from '../presenter';
import { lazy } from '../../../platform/lazy';

/** sharp (libvips) is loaded on the first image upload, not at start. */
const loadSharp = lazy(async () => (await import('sharp')).default);

export const unsupported = (message: string) => new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
/** The code every upload route answers past its limit (platform/http/files.ts). */
export const tooLarge = (message: string) => new AppError(413, 'PAYLOAD_TOO_LARGE', message);

/** True when the file starts (after a BOM and whitespace) like XML/HTML/SVG markup. */
export async function looksLikeMarkup(file: string): Promise<boolean> {
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

/**
 * Decodes an image and stores it re-encoded in web sizes: EXIF/GPS and every other metadata
 * dropped, orientation applied; a size no smaller than the one before reuses it.
 */
export async function storeImageVariants(
  storage: Storage,
  file: string,
  type: KnownType,
  prefix: string,
  stored: string[],
): Promise<{ variants: Variants; width: number; height: number }> {
  const sharp = await loadSharp();
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
