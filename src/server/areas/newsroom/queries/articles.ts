import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import {
  accounts,
  mediaFiles,
  orgNodes,
  portalArticleAttachments,
  portalArticleColumns,
  portalArticleEvents,
  portalArticleRevisions,
  portalArticleViews,
  portalArticles,
  portalColumns,
  roleAssignments,
} from '../../../platform/db/schema/index';
import { forbidden, notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import type { ArticleListQuery } from '../../../../common/contracts/newsroom';
import {
  availableActions,
  canAdjustLive,
  canEditContent,
  type ArticleStatus,
  type ArticleWorkflowState,
} from '../rules';
import { articleCapabilities, articleListScope, canSeeArticle, canUseNewsroom, rolesWith } from '../policy';
import { presentArticleDetail, presentArticleListItem, type ArticleRow, type MediaRow } from '../presenter';
import { getPortalSettingsRow } from './settings';

/** Reads of articles for the console: one article, the lists, revisions, the park's schools. */

/**
 * The columns of an ArticleRow: all but the search vectors, which are ~19 KB per article and only
 * the search reads (through their indexes).
 */
export const articleRowColumns = (() => {
  const { termsTsv: _terms, titleTsv: _title, ...rest } = getTableColumns(portalArticles);
  return rest;
})();

/** An article of the actor's park that the actor may see (404 otherwise). */
export async function loadArticle(db: Db, actor: Actor, id: string): Promise<ArticleRow> {
  const [a] = await db
    .select(articleRowColumns)
    .from(portalArticles)
    .where(and(eq(portalArticles.id, id), eq(portalArticles.parkId, actor.parkId)));
  if (!a || !canSeeArticle(actor, a)) throw notFound('文章不存在');
  return a;
}

/** The same, locked for the transaction that changes it. */
export async function loadArticleForUpdate(tx: Db, actor: Actor, id: string): Promise<ArticleRow> {
  const [a] = await tx
    .select(articleRowColumns)
    .from(portalArticles)
    .where(and(eq(portalArticles.id, id), eq(portalArticles.parkId, actor.parkId)))
    .for('update');
  if (!a || !canSeeArticle(actor, a)) throw notFound('文章不存在');
  return a;
}

export const workflowState = (a: ArticleRow): ArticleWorkflowState => ({
  status: a.status as ArticleStatus,
  createdBy: a.createdBy,
  submittedBy: a.submittedBy,
  approvedBy: a.approvedBy,
  publishAt: a.publishAt,
});

async function columnsOf(db: Db, articleIds: string[]) {
  if (!articleIds.length) return new Map<string, { id: string; name: string; slug: string }[]>();
  const rows = await db
    .select({
      articleId: portalArticleColumns.articleId,
      id: portalColumns.id,
      name: portalColumns.name,
      slug: portalColumns.slug,
      sortOrder: portalColumns.sortOrder,
    })
    .from(portalArticleColumns)
    .innerJoin(portalColumns, eq(portalColumns.id, portalArticleColumns.columnId))
    .where(inArray(portalArticleColumns.articleId, articleIds))
    .orderBy(asc(portalColumns.sortOrder));
  const map = new Map<string, { id: string; name: string; slug: string }[]>();
  for (const r of rows) {
    const list = map.get(r.articleId) ?? [];
    list.push({ id: r.id, name: r.name, slug: r.slug });
    map.set(r.articleId, list);
  }
  return map;
}

export async function attachmentsOf(db: Db, articleId: string): Promise<MediaRow[]> {
  const rows = await db
    .select({ media: mediaFiles })
    .from(portalArticleAttachments)
    .innerJoin(mediaFiles, eq(mediaFiles.id, portalArticleAttachments.mediaId))
    .where(eq(portalArticleAttachments.articleId, articleId))
    .orderBy(asc(portalArticleAttachments.sortOrder));
  return rows.map((r) => r.media);
}

/** All-time view totals of articles (no row: none yet). */
async function viewsOf(db: Db, articleIds: string[]) {
  if (!articleIds.length) return new Map<string, number>();
  const rows = await db
    .select({ id: portalArticleViews.articleId, views: portalArticleViews.views })
    .from(portalArticleViews)
    .where(inArray(portalArticleViews.articleId, articleIds));
  return new Map(rows.map((r) => [r.id, r.views]));
}

async function schoolNames(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(inArray(orgNodes.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function accountNames(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db
    .select({ id: accounts.id, name: accounts.displayName })
    .from(accounts)
    .where(inArray(accounts.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** An article as the editor sees it: content, history, and what this actor may do next. */
export async function getArticle(db: Db, actor: Actor, id: string) {
  const a = await loadArticle(db, actor, id);
  const [cols, attachments, schools, names, events, [revCount], settings, views] = await Promise.all([
    columnsOf(db, [a.id]),
    attachmentsOf(db, a.id),
    schoolNames(db, [a.schoolId]),
    accountNames(db, [a.createdBy, a.updatedBy, a.submittedBy, a.approvedBy, a.signedOffBy]),
    db
      .select()
      .from(portalArticleEvents)
      .where(eq(portalArticleEvents.articleId, a.id))
      .orderBy(asc(portalArticleEvents.at)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(portalArticleRevisions)
      .where(eq(portalArticleRevisions.articleId, a.id)),
    getPortalSettingsRow(db, actor.parkId),
    viewsOf(db, [a.id]),
  ]);
  const caps = articleCapabilities(actor, a);
  return presentArticleDetail(a, {
    columns: cols.get(a.id) ?? [],
    schoolName: a.schoolId ? (schools.get(a.schoolId) ?? null) : null,
    createdByName: a.createdBy ? (names.get(a.createdBy) ?? null) : null,
    viewCount: views.get(a.id) ?? 0,
    attachments,
    names,
    events,
    revisionCount: revCount?.n ?? 0,
    canEdit: canEditContent(a.status as ArticleStatus, caps),
    canAdjustLive: canAdjustLive(a.status as ArticleStatus, caps, ['pinned']),
    actions: availableActions(workflowState(a), {
      actorId: actor.accountId,
      capabilities: caps,
      signoffRequired: settings.signoffRequired,
      now: new Date(),
    }),
    signoffRequired: settings.signoffRequired,
  });
}

/** The SQL clause for the articles an actor's console reaches (policy.ts articleListScope). */
export function consoleScopeClause(actor: Actor): SQL | undefined {
  const scope = articleListScope(actor);
  if (scope.all) return eq(portalArticles.parkId, actor.parkId);
  if (!scope.schoolIds.length) return sql`false`;
  return and(eq(portalArticles.parkId, actor.parkId), inArray(portalArticles.schoolId, scope.schoolIds));
}

export async function listArticles(db: Db, actor: Actor, q: ArticleListQuery) {
  const scope = consoleScopeClause(actor);
  const queue: Record<ArticleListQuery['queue'], SQL | undefined> = {
    all: undefined,
    mine: eq(portalArticles.createdBy, actor.accountId),
    review: eq(portalArticles.status, 'submitted'),
    signoff: eq(portalArticles.status, 'approved'),
    scheduled: eq(portalArticles.status, 'scheduled'),
  };
  const where = and(
    scope,
    queue[q.queue],
    q.status ? eq(portalArticles.status, q.status) : undefined,
    q.schoolId ? eq(portalArticles.schoolId, q.schoolId) : undefined,
    q.columnId
      ? sql`exists (select 1 from ${portalArticleColumns} c where c.article_id = ${portalArticles.id} and c.column_id = ${q.columnId})`
      : undefined,
  );
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select(articleRowColumns)
      .from(portalArticles)
      .where(where)
      .orderBy(desc(portalArticles.updatedAt), desc(portalArticles.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(portalArticles)
      .where(where),
  ]);
  return { items: await presentList(db, rows), total, page: q.page, pageSize: q.pageSize };
}

export async function presentList(db: Db, rows: ArticleRow[]) {
  const ids = rows.map((r) => r.id);
  const [cols, schools, names, views] = await Promise.all([
    columnsOf(
      db,
      rows.map((r) => r.id),
    ),
    schoolNames(
      db,
      rows.map((r) => r.schoolId),
    ),
    accountNames(
      db,
      rows.map((r) => r.createdBy),
    ),
    viewsOf(db, ids),
  ]);
  return rows.map((a) =>
    presentArticleListItem(a, {
      columns: cols.get(a.id) ?? [],
      schoolName: a.schoolId ? (schools.get(a.schoolId) ?? null) : null,
      createdByName: a.createdBy ? (names.get(a.createdBy) ?? null) : null,
      viewCount: views.get(a.id) ?? 0,
    }),
  );
}

export async function listRevisions(db: Db, actor: Actor, id: string) {
  await loadArticle(db, actor, id);
  const rows = await db
    .select({
      number: portalArticleRevisions.number,
      title: portalArticleRevisions.title,
      reason: portalArticleRevisions.reason,
      restoredFrom: portalArticleRevisions.restoredFrom,
      createdBy: portalArticleRevisions.createdBy,
      createdByName: portalArticleRevisions.createdByName,
      createdAt: portalArticleRevisions.createdAt,
      bodyLength: sql<number>`length(${portalArticleRevisions.bodyHtml})::int`,
    })
    .from(portalArticleRevisions)
    .where(eq(portalArticleRevisions.articleId, id))
    .orderBy(desc(portalArticleRevisions.number));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function getRevision(db: Db, actor: Actor, id: string, number: number) {
  await loadArticle(db, actor, id);
  const [r] = await db
    .select()
    .from(portalArticleRevisions)
    .where(and(eq(portalArticleRevisions.articleId, id), eq(portalArticleRevisions.number, number)));
  if (!r) throw notFound('该版本不存在');
  return {
    number: r.number,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    bodyHtml: r.bodyHtml,
    reason: r.reason,
    restoredFrom: r.restoredFrom,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The park's schools (for the school tag and filters); newsroom users may not hold org.read. */
export async function listPortalSchools(db: Db, actor: Actor) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const scope = articleListScope(actor);
  const rows = await db
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(and(eq(orgNodes.parkId, actor.parkId), eq(orgNodes.kind, 'school'), isNull(orgNodes.disabledAt)))
    .orderBy(asc(orgNodes.sortOrder), asc(orgNodes.name));
  return rows.map((r) => ({ ...r, mine: scope.all || scope.schoolIds.includes(r.id) }));
}

/** Active accounts of the park holding a workflow permission (who to tell that work is waiting). */
export async function accountsWithPermission(
  db: Db,
  parkId: string,
  permission: 'portal.review' | 'portal.signoff',
) {
  const rows = await db
    .selectDistinct({ id: accounts.id })
    .from(roleAssignments)
    .innerJoin(accounts, eq(accounts.id, roleAssignments.accountId))
    .where(
      and(
        eq(roleAssignments.parkId, parkId),
        inArray(roleAssignments.role, rolesWith(permission)),
        isNull(accounts.disabledAt),
      ),
    );
  return rows.map((r) => r.id);
}
