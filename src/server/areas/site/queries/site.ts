import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { mediaUrl, toDate, type Variants } from './common';

/** What every page needs: the portal's park, its settings, visible columns and schools. */

/** The park the public site shows: the first one created (a deployment serves one portal). */
export async function findPortalParkId(db: Db): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from org_nodes where kind = 'park' order by created_at, id limit 1`,
  );
  return rows[0]?.id ?? null;
}

export interface SiteSettings {
  parkName: string;
  siteTitle: string;
  heroSlogan: string;
  heroText: string | null;
  heroImageUrl: string | null;
  /** The park's emblem (a small square image), or null for the built-in star. */
  logoUrl: string | null;
  musicUrl: string | null;
  musicMime: string | null;
  musicTitle: string | null;
  footerText: string | null;
}

export async function getSiteSettings(db: Db, parkId: string): Promise<SiteSettings> {
  const rows = await queryRows<{
    park_name: string;
    site_title: string | null;
    hero_slogan: string | null;
    hero_text: string | null;
    hero_image_id: string | null;
    hero_variants: Variants;
    logo_media_id: string | null;
    logo_variants: Variants;
    music_media_id: string | null;
    music_mime: string | null;
    music_title: string | null;
    footer_text: string | null;
  }>(
    db,
    sql`select p.name as park_name, s.site_title, s.hero_slogan, s.hero_text,
          s.hero_image_id, hi.variants as hero_variants, lo.id as logo_media_id, lo.variants as logo_variants,
          s.music_media_id, mu.mime as music_mime, s.music_title, s.footer_text
        from org_nodes p
        left join portal_settings s on s.park_id = p.id
        left join media_files hi on hi.id = s.hero_image_id and hi.park_id = p.id
        left join media_files lo on lo.id = s.logo_media_id and lo.park_id = p.id
        left join media_files mu on mu.id = s.music_media_id and mu.park_id = p.id
        where p.id = ${parkId}`,
  );
  const r = rows[0];
  return {
    parkName: r?.park_name ?? '',
    siteTitle: r?.site_title || '校园党建',
    heroSlogan: r?.hero_slogan || '不忘初心 牢记使命',
    heroText: r?.hero_text ?? null,
    heroImageUrl: r?.hero_image_id ? mediaUrl(r.hero_image_id, r.hero_variants, ['large', 'original']) : null,
    logoUrl: r?.logo_media_id
      ? mediaUrl(r.logo_media_id, r.logo_variants, ['thumb', 'medium', 'original'])
      : null,
    musicUrl: r?.music_media_id ? `/media/${r.music_media_id}/original` : null,
    musicMime: r?.music_mime ?? null,
    musicTitle: r?.music_title ?? null,
    footerText: r?.footer_text ?? null,
  };
}

export type ColumnKind = 'articleList' | 'singlePage' | 'downloadList';

export interface PublicColumn {
  id: string;
  name: string;
  slug: string;
  kind: ColumnKind;
  description: string | null;
}

export async function listVisibleColumns(db: Db, parkId: string): Promise<PublicColumn[]> {
  return queryRows<PublicColumn>(
    db,
    sql`select id, name, slug, kind, description from portal_columns
        where park_id = ${parkId} and visible order by sort_order, name`,
  );
}

export interface School {
  id: string;
  name: string;
}

export async function listSchools(db: Db, parkId: string): Promise<School[]> {
  return queryRows<School>(
    db,
    sql`select id, name from org_nodes
        where park_id = ${parkId} and kind = 'school' and disabled_at is null
        order by sort_order, created_at, name`,
  );
}

/**
 * The next moment the public content changes by the clock alone: an article whose publish time
 * comes, a showcase item that starts or ends. cache.ts expires everything then.
 */
export async function nextTimedChange(db: Db, parkId: string): Promise<Date | null> {
  const rows = await queryRows<{ at: Date | string | null }>(
    db,
    sql`select least(
          (select min(published_at) from portal_articles
             where park_id = ${parkId} and status in ('published', 'scheduled') and published_at > now()),
          (select min(t) from (
             select starts_at as t from showcase_items where park_id = ${parkId} and active and starts_at > now()
             union all
             select ends_at from showcase_items where park_id = ${parkId} and active and ends_at > now()) x)
        ) as at`,
  );
  const at = rows[0]?.at;
  return at ? toDate(at) : null;
}
