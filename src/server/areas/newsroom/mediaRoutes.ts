import type { FastifyPluginAsync } from 'fastify';
import { contentDisposition } from '../../platform/http/files';
import { createStorage } from '../../platform/storage';
import { VARIANT_NAMES, type Variants } from './presenter';
import { findMedia } from './queries/media';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Parses one `bytes=` range against a size; null when absent, 'invalid' when unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * GET /media/<id>/<variant>: uploaded files, served with their detected type, a Content-Disposition
 * carrying the original (Chinese) name per RFC 5987, nosniff and a sandboxing CSP; documents are
 * downloads, pictures and sound play inline. Single byte ranges are honoured (audio/video seeking).
 * Registered at the root (not under /api) because article bodies link to it.
 */
export const mediaServeRoutes: FastifyPluginAsync = async (app) => {
  const db = app.deps.database.db;
  const storage = createStorage({ config: app.deps.config, db: app.deps.database.db });

  app.get<{ Params: { id: string; variant: string } }>(
    '/media/:id/:variant',
    // Anyone: article bodies and the site's pages link files by their (unguessable) URL.
    { schema: { hide: true }, config: { access: 'public' } },
    async (req, reply) => {
      const { id, variant } = req.params;
      if (!UUID.test(id) || !(VARIANT_NAMES as readonly string[]).includes(variant))
        return reply.callNotFound();
      const media = await findMedia(db, id);
      const v = media ? (media.variants as Variants)[variant as (typeof VARIANT_NAMES)[number]] : undefined;
      if (!media || !v) return reply.callNotFound();
      const etag = `"${v.key.split('/').pop()}-${v.size}"`;
      const inline = /^(image|audio|video)\//.test(v.mime);
      reply
        .header('content-type', v.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header(
          'content-disposition',
          contentDisposition(inline ? 'inline' : 'attachment', media.originalName),
        )
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('accept-ranges', 'bytes')
        .header('etag', etag);
      if (req.headers['if-none-match'] === etag) return reply.status(304).send();
      const range = parseRange(req.headers.range, v.size);
      if (range === 'invalid') {
        return reply.status(416).header('content-range', `bytes */${v.size}`).send();
      }
      const opened = await storage.open(v.key, range ?? undefined);
      if (!opened) {
        req.log.error({ mediaId: id, key: v.key }, 'media file missing from storage');
        return reply.callNotFound();
      }
      if (range) {
        reply
          .status(206)
          .header('content-range', `bytes ${range.start}-${range.end}/${opened.size}`)
          .header('content-length', range.end - range.start + 1);
      } else {
        reply.header('content-length', opened.size);
      }
      return reply.send(opened.stream);
    },
  );
};
