import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { orgNodes, portalArticleColumns, portalColumns } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { conflict, forbidden, notFound } from '../../errors';
import type { Actor } from '../../access/actor';
import { canManageSite, canUseNewsroom } from './policy';
import { notifyPortalChanged } from './events';

export const COLUMN_KINDS = ['articleList', 'singlePage', 'downloadList'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export const COLUMN_KIND_LABELS: Record<ColumnKind, string> = {
  articleList: '文章列表',
  singlePage: '单页',
  downloadList: '下载列表',
};

/** The twelve default columns (issue 3 §1), created for every park that has none. */
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

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
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

export type ColumnRow = typeof portalColumns.$inferSelect;

export function presentColumn(c: ColumnRow, articleCount?: number) {
  return {
    id: c.id,
    name: c.name,
    slug: c.slug,
    kind: c.kind as ColumnKind,
    kindLabel: COLUMN_KIND_LABELS[c.kind as ColumnKind] ?? c.kind,
    sortOrder: c.sortOrder,
    visible: c.visible,
    description: c.description,
    articleCount: articleCount ?? 0,
  };
}

export async function listColumns(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  await ensureDefaultColumns(db, actor.parkId);
  const rows = await db
    .select()
    .from(portalColumns)
    .where(eq(portalColumns.parkId, actor.parkId))
    .orderBy(asc(portalColumns.sortOrder), asc(portalColumns.name));
  const counts = await db
    .select({ columnId: portalArticleColumns.columnId, n: count() })
    .from(portalArticleColumns)
    .where(eq(portalArticleColumns.parkId, actor.parkId))
    .groupBy(portalArticleColumns.columnId);
  const byId = new Map(counts.map((c) => [c.columnId, c.n]));
  return rows.map((c) => presentColumn(c, byId.get(c.id)));
}

async function getColumn(db: Db, actor: Actor, id: string) {
  const [c] = await db
    .select()
    .from(portalColumns)
    .where(and(eq(portalColumns.id, id), eq(portalColumns.parkId, actor.parkId)));
  if (!c) throw notFound('栏目不存在');
  return c;
}

async function assertSlugFree(db: Db, parkId: string, slug: string, exceptId?: string) {
  if (RESERVED_SLUGS.has(slug)) {
    throw conflict('SLUG_RESERVED', `「${slug}」为系统保留路径，请换一个`, { slug: '该路径为系统保留' });
  }
  const [dup] = await db
    .select({ id: portalColumns.id })
    .from(portalColumns)
    .where(
      and(
        eq(portalColumns.parkId, parkId),
        eq(portalColumns.slug, slug),
        exceptId ? sql`${portalColumns.id} <> ${exceptId}` : undefined,
      ),
    );
  if (dup) throw conflict('SLUG_TAKEN', `路径「${slug}」已被其他栏目使用`, { slug: '路径已被使用' });
}

export interface ColumnInput {
  name: string;
  slug: string;
  kind: ColumnKind;
  sortOrder?: number;
  visible?: boolean;
  description?: string | null;
}

export async function createColumn(db: Db, ctx: RequestContext, actor: Actor, input: ColumnInput) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  return db.transaction(async (tx) => {
    await assertSlugFree(tx, actor.parkId, input.slug);
    const [c] = await tx
      .insert(portalColumns)
      .values({
        parkId: actor.parkId,
        name: input.name,
        slug: input.slug,
        kind: input.kind,
        sortOrder: input.sortOrder ?? 0,
        visible: input.visible ?? true,
        description: input.description ?? null,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.column.create',
      entityType: 'portalColumn',
      entityId: c!.id,
      after: c,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return presentColumn(c!);
  });
}

export async function updateColumn(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: Partial<ColumnInput>,
) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  return db.transaction(async (tx) => {
    const before = await getColumn(tx, actor, id);
    if (input.slug !== undefined && input.slug !== before.slug)
      await assertSlugFree(tx, actor.parkId, input.slug, id);
    const [c] = await tx
      .update(portalColumns)
      .set({
        name: input.name ?? before.name,
        slug: input.slug ?? before.slug,
        kind: input.kind ?? before.kind,
        sortOrder: input.sortOrder ?? before.sortOrder,
        visible: input.visible ?? before.visible,
        description: input.description === undefined ? before.description : input.description,
        updatedAt: sql`now()`,
      })
      .where(eq(portalColumns.id, id))
      .returning();
    await audit(tx, ctx, {
      action: 'newsroom.column.update',
      entityType: 'portalColumn',
      entityId: id,
      before,
      after: c,
    });
    await notifyPortalChanged(tx, actor.parkId);
    return presentColumn(c!);
  });
}

/** Deletes an empty column; one that still holds articles is refused. */
export async function deleteColumn(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canManageSite(actor)) throw forbidden('只有园区审核人员可以管理栏目');
  await db.transaction(async (tx) => {
    const before = await getColumn(tx, actor, id);
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(portalArticleColumns)
      .where(eq(portalArticleColumns.columnId, id));
    if (n > 0)
      throw conflict('COLUMN_NOT_EMPTY', `栏目「${before.name}」下还有 ${n} 篇文章，请先移出或改为隐藏`);
    await tx.delete(portalColumns).where(eq(portalColumns.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.column.delete',
      entityType: 'portalColumn',
      entityId: id,
      before,
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
}
