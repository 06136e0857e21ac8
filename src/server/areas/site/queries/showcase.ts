import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { isPublic, mediaUrl, toDate, type Variants } from './common';

/** The showcase screen's slides. */

export interface ShowcaseSlide {
  id: string;
  kind: 'article' | 'photo';
  title: string;
  caption: string | null;
  summary: string | null;
  imageUrl: string | null;
  date: string | null;
  articleId: string | null;
  durationSeconds: number;
}

/** The active showcase slides right now, in order; article slides only while the article is public. */
export async function listShowcaseSlides(db: Db, parkId: string): Promise<ShowcaseSlide[]> {
  const rows = await queryRows<{
    id: string;
    kind: 'article' | 'photo';
    title: string | null;
    caption: string | null;
    duration_seconds: number;
    article_id: string | null;
    a_title: string | null;
    a_summary: string | null;
    a_published_at: Date | string | null;
    image_id: string | null;
    image_variants: Variants;
  }>(
    db,
    sql`select s.id, s.kind, s.title, s.caption, s.duration_seconds, s.article_id,
          a.title as a_title, a.summary as a_summary, a.published_at as a_published_at,
          coalesce(s.media_id, a.cover_media_id) as image_id, m.variants as image_variants
        from showcase_items s
        left join portal_articles a on a.id = s.article_id and a.park_id = ${parkId}
        left join media_files m on m.id = coalesce(s.media_id, a.cover_media_id) and m.park_id = ${parkId}
        where s.park_id = ${parkId} and s.active
          and (s.starts_at is null or s.starts_at <= now())
          and (s.ends_at is null or s.ends_at > now())
          and (s.kind = 'photo' and s.media_id is not null and m.id is not null
               or s.kind = 'article' and a.id is not null and ${isPublic('a')})
        order by s.sort_order, s.created_at, s.id`,
  );
  return rows.map((r) => {
    const published = r.a_published_at ? toDate(r.a_published_at) : null;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title || r.a_title || '',
      caption: r.caption,
      summary: r.a_summary,
      imageUrl: mediaUrl(r.image_id, r.image_variants, ['large', 'original']),
      date: published ? published.toISOString() : null,
      articleId: r.article_id,
      durationSeconds: Math.min(Math.max(Number(r.duration_seconds) || 12, 4), 600),
    };
  });
}
