import { sql, type SQL } from 'drizzle-orm';

/** What every query of the public site shares: what "public" means, page size, media URLs. */

export const PAGE_SIZE = 15;

/**
 * What the public sees of an article: published, or scheduled (fully approved, see the newsroom's
 * editorial rules) once its publish time has come — so a scheduled article appears at its time
 * even before the scheduler job flips it to 'published' (cache.ts expires pages at that moment).
 */
/** The statuses a public article has (the condition below also needs its time to have come). */
export const PUBLIC_STATUSES = ['published', 'scheduled'] as const;
export const publicCondition = (alias: string): string =>
  `(${alias}.status in (${PUBLIC_STATUSES.map((s) => `'${s}'`).join(', ')}) and ${alias}.published_at <= now())`;
export const isPublic = (alias: string): SQL => sql.raw(publicCondition(alias));

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Variants = Record<string, { mime?: string; width?: number } | undefined> | null;

/** The URL of a stored file (served by the newsroom's /media route), preferring the given variants. */
export function mediaUrl(
  id: string | null | undefined,
  variants: Variants,
  prefer: string[] = ['large', 'medium', 'original'],
): string | null {
  if (!id) return null;
  const name = prefer.find((v) => variants?.[v]) ?? 'original';
  return `/media/${id}/${name}`;
}

export const toDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));
