import { count, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { orgNodes, portalColumns } from '../../platform/db/schema/index';
import { COLUMN_KINDS, SLUG_PATTERN, type ColumnKind } from '../../../common/contracts/newsroom';

/** The site's columns: their kinds, the defaults every park starts with, the paths the site keeps. */

export { COLUMN_KINDS, SLUG_PATTERN, type ColumnKind };
export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  articleList: '文章列表',
  singlePage: '单页',
  downloadList: '下载列表',
};

/** The twelve default columns, created for every park that has none. */
export const DEFAULT_COLUMNS: readonly { name: string; slug: string; kind: ColumnKind }[] = [
  { name: '园区概况', slug: 'about', kind: 'singlePage' },
  { name: '党建动态', slug: 'news', kind: 'articleList' },
  { name: '党员风采', slug: 'members', kind: 'articleList' },
  { name: '工团天地', slug: 'unions', kind: 'articleList' },
  { name: '时政要闻', slug: 'current-affairs', kind: 'articleList' },
  { name: '业余党校', slug: 'party-school', kind: 'articleList' },
  { name: '通知公告', slug: 'notices', kind: 'articleList' },
  { name: '先锋事迹', slug: 'pioneers', kind: 'articleList' },
  { name: '理论学习', slug: 'theory', kind: 'articleList' },
  { name: '红色德育', slug: 'red-education', kind: 'articleList' },
  { name: '规章制度', slug: 'regulations', kind: 'articleList' },
  { name: '资料下载', slug: 'downloads', kind: 'downloadList' },
];

/** Slugs the public site uses for its own pages. */
export const RESERVED_SLUGS = new Set([
  'admin',
  'api',
  'media',
  'search',
  'showcase',
  'newsletters',
  'articles',
  'article',
  'columns',
  'column',
  'rss',
  'feed',
  'sitemap',
  'robots',
  'assets',
  'static',
  'healthz',
]);

/**
 * Creates the default columns for a park that has none. Idempotent: a park with any column is left
 * alone, and concurrent callers cannot duplicate (unique slug per park).
 */
export async function ensureDefaultColumns(tx: Db, parkId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: count() })
    .from(portalColumns)
    .where(eq(portalColumns.parkId, parkId));
  if (n > 0) return 0;
  const inserted = await tx
    .insert(portalColumns)
    .values(DEFAULT_COLUMNS.map((c, i) => ({ parkId, ...c, sortOrder: (i + 1) * 10 })))
    .onConflictDoNothing()
    .returning({ id: portalColumns.id });
  return inserted.length;
}

/** For every park without columns (existing installations): the defaults. */
export async function ensureDefaultColumnsForAllParks(db: Db): Promise<void> {
  const parks = await db.select({ id: orgNodes.id }).from(orgNodes).where(eq(orgNodes.kind, 'park'));
  for (const p of parks) await ensureDefaultColumns(db, p.id);
}
