import type { Db } from '../../platform/db/client';
import { lazy } from '../../platform/lazy';
import { MEDIA_URL } from '../../platform/sanitize';
import type { Storage } from '../../platform/storage';
import type { Variants } from './presenter';
import { findMedia } from './queries/media';
import type { EmbeddedImage } from './richTextDocx';

/** sharp is loaded only when a body holds a WebP picture, which Word cannot show. */
const loadSharp = lazy(async () => (await import('sharp')).default);

const WORD_TYPES: Record<string, EmbeddedImage['type']> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
};

/**
 * The bytes behind an article body's image URL (/media/<id>/<variant>, the only images the
 * sanitizer keeps), read from the newsroom's storage as the /media route serves them. Null when
 * the URL is not ours, the media belongs to another park, or the row or its file is gone: the
 * export then prints a placeholder instead of failing.
 */
export function mediaImageLoader(db: Db, storage: Storage, parkId: string) {
  return async (src: string): Promise<EmbeddedImage | null> => {
    if (!MEDIA_URL.test(src)) return null;
    const [, , id, variant] = src.split('/') as [string, string, string, string];
    const media = await findMedia(db, id);
    if (!media || media.parkId !== parkId) return null;
    const variants = media.variants as Variants;
    const v = variants[variant as keyof Variants] ?? variants.large ?? variants.original ?? null;
    if (!v || !v.mime.startsWith('image/')) return null;
    const data = await storage.read(v.key).catch(() => null);
    if (!data) return null;
    const type = WORD_TYPES[v.mime];
    if (type && v.width && v.height) return { data, type, width: v.width, height: v.height };
    try {
      // WebP (or a variant stored without its size): re-encoded as PNG, which every Word reads.
      const sharp = await loadSharp();
      const { data: png, info } = await sharp(data, { animated: false })
        .png()
        .toBuffer({ resolveWithObject: true });
      return { data: png, type: 'png', width: info.width, height: info.height };
    } catch {
      return null;
    }
  };
}
