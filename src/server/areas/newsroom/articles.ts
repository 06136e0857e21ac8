import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import {
  accounts,
  mediaFiles,
  orgNodes,
  portalArticleAttachments,
  portalArticleColumns,
  portalArticleEvents,
  portalArticleRevisions,
  portalArticles,
  portalColumns,
  roleAssignments,
} from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import {
  ARTICLE_STATUS_LABELS,
  availableActions,
  canEditContent,
  transition,
  WORKFLOW_ACTION_LABELS,
  type ArticleStatus,
  type Capability,
  type WorkflowAction,
} from './rules';
import { buildTsvector } from '../../platform/search/text';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../../errors';
import { htmlToText, sanitizeRichText } from '../../platform/sanitize';
import type { Actor } from '../../access/actor';
import {
  articleCapabilities,
  articleListScope,
  canCreateArticle,
  canSeeArticle,
  canUseNewsroom,
  defaultSchoolFor,
  rolesWith,
} from './policy';
import { notify } from '../notifications/service';
import { notifyPortalChanged } from './events';

/** States whose articles are, or will by themselves become, visible on the public site. */
const isPublicState = (status: string) => status === 'published' || status === 'scheduled';
import { mediaUrl, presentMedia, type MediaRow } from './media';
import { segment } from '../../platform/search/segmenter';
import { getPortalSettingsRow } from './settings';

export type ArticleRow = typeof portalArticles.$inferSelect;

export const MAX_BODY_LENGTH = 1_000_000;

export interface ArticleInput {
  title: string;
  subtitle?: string | null;
  summary?: string | null;
  bodyHtml?: string;
  coverMediaId?: string | null;
  author?: string | null;
  source?: string | null;
  schoolId?: string | null;
  columnIds?: string[];
  tags?: string[];
  pinned?: boolean;
  publishAt?: string | null;
  attachmentIds?: string[];
}

const consoleLink = (id: string) => `/admin/portal/articles/${id}`;

/** The tsvector literal for an article's title and (plain-text) body. */
export const articleTsvector = (title: string, bodyHtml: string) =>
  sql`${buildTsvector(title, htmlToText(bodyHtml), segment)}::tsvector`;

// ---------------------------------------------------------------- loading and presenting

async function loadArticle(db: Db, actor: Actor, id: string): Promise<ArticleRow> {
  const [a] = await db
    .select()
    .from(portalArticles)
    .where(and(eq(portalArticles.id, id), eq(portalArticles.parkId, actor.parkId)));
  if (!a || !canSeeArticle(actor, a)) throw notFound('文章不存在');
  return a;
}

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A short plain-text excerpt of a body. */
export const excerpt = (bodyHtml: string, length = 120) => {
  const text = htmlToText(bodyHtml).replace(/\s+/g, ' ');
  return text.length > length ? `${text.slice(0, length)}…` : text;
};

export function presentArticleListItem(
  a: ArticleRow,
  extra: {
    columns: { id: string; name: string; slug: string }[];
    schoolName: string | null;
    createdByName: string | null;
  },
) {
  return {
    id: a.id,
    title: a.title,
    subtitle: a.subtitle,
    summary: a.summary,
    status: a.status as ArticleStatus,
    statusLabel: ARTICLE_STATUS_LABELS[a.status as ArticleStatus],
    pinned: a.pinned,
    schoolId: a.schoolId,
    schoolName: extra.schoolName,
    columns: extra.columns,
    tags: a.tags,
    author: a.author,
    coverUrl: a.coverMediaId ? mediaUrl(a.coverMediaId, 'medium') : null,
    publishAt: iso(a.publishAt),
    publishedAt: iso(a.publishedAt),
    returnReason: a.returnReason,
    takedownReason: a.takedownReason,
    createdBy: a.createdBy,
    createdByName: extra.createdByName,
    viewCount: a.viewCount,
    version: a.version,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

async function presentDetail(db: Db, actor: Actor, a: ArticleRow) {
  const [cols, attachments, schools, names, events, [revCount], settings] = await Promise.all([
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
  ]);
  const caps = articleCapabilities(actor, a);
  return {
    ...presentArticleListItem(a, {
      columns: cols.get(a.id) ?? [],
      schoolName: a.schoolId ? (schools.get(a.schoolId) ?? null) : null,
      createdByName: a.createdBy ? (names.get(a.createdBy) ?? null) : null,
    }),
    bodyHtml: a.bodyHtml,
    source: a.source,
    coverMediaId: a.coverMediaId,
    attachments: attachments.map(presentMedia),
    submittedByName: a.submittedBy ? (names.get(a.submittedBy) ?? null) : null,
    approvedByName: a.approvedBy ? (names.get(a.approvedBy) ?? null) : null,
    signedOffByName: a.signedOffBy ? (names.get(a.signedOffBy) ?? null) : null,
    updatedByName: a.updatedBy ? (names.get(a.updatedBy) ?? null) : null,
    revisionCount: revCount?.n ?? 0,
    events: events.map((e) => ({
      action: e.action,
      actionLabel: WORKFLOW_ACTION_LABELS[e.action as WorkflowAction] ?? e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      actorName: e.actorName,
      at: e.at.toISOString(),
    })),
    canEdit: canEditContent(a.status as ArticleStatus, caps),
    actions: availableActions(workflowState(a), {
      actorId: actor.accountId,
      capabilities: caps,
      signoffRequired: settings.signoffRequired,
      now: new Date(),
    }),
    signoffRequired: settings.signoffRequired,
  };
}
export type ArticleDetail = Awaited<ReturnType<typeof presentDetail>>;

const workflowState = (a: ArticleRow) => ({
  status: a.status as ArticleStatus,
  createdBy: a.createdBy,
  submittedBy: a.submittedBy,
  approvedBy: a.approvedBy,
  publishAt: a.publishAt,
});

export async function getArticle(db: Db, actor: Actor, id: string) {
  return presentDetail(db, actor, await loadArticle(db, actor, id));
}

// ---------------------------------------------------------------- listing (console)

export const ARTICLE_QUEUES = ['all', 'mine', 'review', 'signoff', 'scheduled'] as const;
export type ArticleQueue = (typeof ARTICLE_QUEUES)[number];

/** The SQL clause for the articles an actor's console reaches (policies/portal.ts). */
export function consoleScopeClause(actor: Actor): SQL | undefined {
  const scope = articleListScope(actor);
  if (scope.all) return eq(portalArticles.parkId, actor.parkId);
  if (!scope.schoolIds.length) return sql`false`;
  return and(eq(portalArticles.parkId, actor.parkId), inArray(portalArticles.schoolId, scope.schoolIds));
}

export interface ArticleListQuery {
  queue: ArticleQueue;
  status?: ArticleStatus;
  columnId?: string;
  schoolId?: string;
  page: number;
  pageSize: number;
}

export async function listArticles(db: Db, actor: Actor, q: ArticleListQuery) {
  const scope = consoleScopeClause(actor);
  const queue: Record<ArticleQueue, SQL | undefined> = {
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
      .select()
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
  const [cols, schools, names] = await Promise.all([
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
  ]);
  return rows.map((a) =>
    presentArticleListItem(a, {
      columns: cols.get(a.id) ?? [],
      schoolName: a.schoolId ? (schools.get(a.schoolId) ?? null) : null,
      createdByName: a.createdBy ? (names.get(a.createdBy) ?? null) : null,
    }),
  );
}

// ---------------------------------------------------------------- validation of references

async function assertSchool(db: Db, parkId: string, schoolId: string | null) {
  if (!schoolId) return;
  const [s] = await db
    .select({ id: orgNodes.id })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, schoolId), eq(orgNodes.parkId, parkId), eq(orgNodes.kind, 'school')));
  if (!s) throw unprocessable('INVALID_SCHOOL', '所选学校不存在', { schoolId: '请选择本园区的学校' });
}

async function assertColumns(db: Db, parkId: string, ids: string[]) {
  if (!ids.length) return;
  const rows = await db
    .select({ id: portalColumns.id })
    .from(portalColumns)
    .where(and(eq(portalColumns.parkId, parkId), inArray(portalColumns.id, ids)));
  if (rows.length !== new Set(ids).size) {
    throw unprocessable('INVALID_COLUMN', '所选栏目不存在', { columnIds: '请选择本园区的栏目' });
  }
}

async function assertMedia(db: Db, parkId: string, ids: string[], field: string, purposeImage = false) {
  if (!ids.length) return;
  const rows = await db
    .select({ id: mediaFiles.id, mime: mediaFiles.mime })
    .from(mediaFiles)
    .where(and(eq(mediaFiles.parkId, parkId), inArray(mediaFiles.id, ids)));
  if (rows.length !== new Set(ids).size) {
    throw unprocessable('INVALID_MEDIA', '引用的文件不存在', { [field]: '文件不存在，请重新上传' });
  }
  if (purposeImage && rows.some((r) => !r.mime.startsWith('image/'))) {
    throw unprocessable('INVALID_MEDIA', '封面必须是图片', { [field]: '封面必须是图片' });
  }
}

function parsePublishAt(v: string | null | undefined): Date | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw unprocessable('INVALID_PUBLISH_AT', '发布时间格式不正确', { publishAt: '发布时间格式不正确' });
  }
  return d;
}

const cleanTags = (tags: string[] | undefined) =>
  tags === undefined ? undefined : [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

// ---------------------------------------------------------------- writes

async function writeRevision(
  tx: Db,
  actor: Actor,
  a: Pick<ArticleRow, 'id' | 'parkId' | 'title' | 'subtitle' | 'summary' | 'bodyHtml'>,
  reason: 'create' | 'save' | 'restore',
  restoredFrom: number | null = null,
) {
  const [{ next } = { next: 1 }] = await tx
    .select({ next: sql<number>`coalesce(max(${portalArticleRevisions.number}), 0)::int + 1` })
    .from(portalArticleRevisions)
    .where(eq(portalArticleRevisions.articleId, a.id));
  await tx.insert(portalArticleRevisions).values({
    parkId: a.parkId,
    articleId: a.id,
    number: next,
    title: a.title,
    subtitle: a.subtitle,
    summary: a.summary,
    bodyHtml: a.bodyHtml,
    reason,
    restoredFrom,
    createdBy: actor.accountId,
    createdByName: actor.displayName,
  });
  return next;
}

async function setColumns(tx: Db, a: { id: string; parkId: string }, columnIds: string[]) {
  await tx.delete(portalArticleColumns).where(eq(portalArticleColumns.articleId, a.id));
  const unique = [...new Set(columnIds)];
  if (unique.length) {
    await tx
      .insert(portalArticleColumns)
      .values(unique.map((columnId) => ({ articleId: a.id, columnId, parkId: a.parkId })));
  }
}

async function setAttachments(tx: Db, a: { id: string; parkId: string }, mediaIds: string[]) {
  await tx.delete(portalArticleAttachments).where(eq(portalArticleAttachments.articleId, a.id));
  const unique = [...new Set(mediaIds)];
  if (unique.length) {
    await tx
      .insert(portalArticleAttachments)
      .values(unique.map((mediaId, i) => ({ articleId: a.id, mediaId, parkId: a.parkId, sortOrder: i })));
  }
}

export async function createArticle(db: Db, ctx: RequestContext, actor: Actor, input: ArticleInput) {
  const schoolId = input.schoolId === undefined ? defaultSchoolFor(actor) : input.schoolId;
  if (!canCreateArticle(actor, schoolId)) {
    throw forbidden(schoolId ? '您只能为自己负责的学校撰写文章' : '您只能撰写本校的文章，请选择学校');
  }
  const bodyHtml = sanitizeRichText(input.bodyHtml ?? '');
  const publishAt = parsePublishAt(input.publishAt) ?? null;
  const article = await db.transaction(async (tx) => {
    await assertSchool(tx, actor.parkId, schoolId);
    await assertColumns(tx, actor.parkId, input.columnIds ?? []);
    await assertMedia(tx, actor.parkId, input.coverMediaId ? [input.coverMediaId] : [], 'coverMediaId', true);
    await assertMedia(tx, actor.parkId, input.attachmentIds ?? [], 'attachmentIds');
    const [a] = await tx
      .insert(portalArticles)
      .values({
        parkId: actor.parkId,
        title: input.title,
        subtitle: input.subtitle ?? null,
        summary: input.summary ?? null,
        bodyHtml,
        coverMediaId: input.coverMediaId ?? null,
        author: input.author ?? null,
        source: input.source ?? null,
        schoolId,
        tags: cleanTags(input.tags) ?? [],
        pinned: input.pinned ?? false,
        publishAt,
        status: 'draft',
        createdBy: actor.accountId,
        updatedBy: actor.accountId,
        searchTsv: articleTsvector(input.title, bodyHtml) as unknown as string,
      })
      .returning();
    await setColumns(tx, a!, input.columnIds ?? []);
    await setAttachments(tx, a!, input.attachmentIds ?? []);
    await writeRevision(tx, actor, a!, 'create');
    await audit(tx, ctx, {
      action: 'newsroom.article.create',
      entityType: 'portalArticle',
      entityId: a!.id,
      after: auditView(a!, input.columnIds, input.attachmentIds),
    });
    return a!;
  });
  return getArticle(db, actor, article.id);
}

/** What the audit trail keeps of an article (the body is in the revisions). */
const auditView = (a: ArticleRow, columnIds?: string[], attachmentIds?: string[]) => ({
  title: a.title,
  status: a.status,
  schoolId: a.schoolId,
  pinned: a.pinned,
  publishAt: a.publishAt,
  bodyLength: a.bodyHtml.length,
  ...(columnIds ? { columnIds } : {}),
  ...(attachmentIds ? { attachmentIds } : {}),
});

export async function updateArticle(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: Partial<ArticleInput> & { version?: number },
) {
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(portalArticles)
      .where(and(eq(portalArticles.id, id), eq(portalArticles.parkId, actor.parkId)))
      .for('update');
    if (!before || !canSeeArticle(actor, before)) throw notFound('文章不存在');
    const caps = articleCapabilities(actor, before);
    if (!canEditContent(before.status as ArticleStatus, caps)) {
      throw forbidden(
        before.status === 'takenDown'
          ? '文章已撤下，请先点击「重新编辑」'
          : `文章当前为「${ARTICLE_STATUS_LABELS[before.status as ArticleStatus]}」，您不能修改`,
      );
    }
    if (input.version !== undefined && input.version !== before.version) {
      throw conflict('VERSION_CONFLICT', '文章已被他人修改，请刷新后再编辑', { version: '版本已过期' });
    }
    const schoolId = input.schoolId === undefined ? before.schoolId : input.schoolId;
    if (schoolId !== before.schoolId) {
      if (!canCreateArticle(actor, schoolId) && !caps.has('review')) {
        throw forbidden('您不能把文章移到自己负责范围以外的学校');
      }
      await assertSchool(tx, actor.parkId, schoolId);
    }
    if (input.columnIds) await assertColumns(tx, actor.parkId, input.columnIds);
    if (input.coverMediaId) await assertMedia(tx, actor.parkId, [input.coverMediaId], 'coverMediaId', true);
    if (input.attachmentIds) await assertMedia(tx, actor.parkId, input.attachmentIds, 'attachmentIds');

    const bodyHtml = input.bodyHtml === undefined ? before.bodyHtml : sanitizeRichText(input.bodyHtml);
    const title = input.title ?? before.title;
    const subtitle = input.subtitle === undefined ? before.subtitle : input.subtitle;
    const summary = input.summary === undefined ? before.summary : input.summary;
    const publishAt = parsePublishAt(input.publishAt);
    let nextPublishAt = publishAt === undefined ? before.publishAt : publishAt;
    // A scheduled article whose time is cleared goes out at the next scheduler tick.
    if (before.status === 'scheduled' && nextPublishAt === null) nextPublishAt = new Date();
    const contentChanged =
      title !== before.title ||
      bodyHtml !== before.bodyHtml ||
      subtitle !== before.subtitle ||
      summary !== before.summary;
    const [a] = await tx
      .update(portalArticles)
      .set({
        title,
        subtitle,
        summary,
        bodyHtml,
        coverMediaId: input.coverMediaId === undefined ? before.coverMediaId : input.coverMediaId,
        author: input.author === undefined ? before.author : input.author,
        source: input.source === undefined ? before.source : input.source,
        schoolId,
        tags: cleanTags(input.tags) ?? before.tags,
        pinned: input.pinned ?? before.pinned,
        publishAt: nextPublishAt,
        // A scheduled article follows its new publish time.
        publishedAt: before.status === 'scheduled' && nextPublishAt ? nextPublishAt : before.publishedAt,
        version: before.version + 1,
        updatedBy: actor.accountId,
        updatedAt: sql`now()`,
        searchTsv:
          title !== before.title || bodyHtml !== before.bodyHtml
            ? (articleTsvector(title, bodyHtml) as unknown as string)
            : before.searchTsv,
      })
      .where(eq(portalArticles.id, id))
      .returning();
    if (input.columnIds) await setColumns(tx, a!, input.columnIds);
    if (input.attachmentIds) await setAttachments(tx, a!, input.attachmentIds);
    const revision = contentChanged ? await writeRevision(tx, actor, a!, 'save') : null;
    await audit(tx, ctx, {
      action: 'newsroom.article.update',
      entityType: 'portalArticle',
      entityId: id,
      before: auditView(before),
      after: { ...auditView(a!, input.columnIds, input.attachmentIds), revision },
    });
    if (isPublicState(before.status)) await notifyPortalChanged(tx, actor.parkId);
  });
  return getArticle(db, actor, id);
}

/** Deletes a draft that was never published (drafts and returned ones only). */
export async function deleteArticle(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const a = await loadArticle(tx, actor, id);
    if (!['draft', 'returned'].includes(a.status)) {
      throw conflict('ARTICLE_NOT_DELETABLE', '只能删除草稿或已退回的文章；已发布的文章请撤下');
    }
    const caps = articleCapabilities(actor, a);
    if (!caps.has('edit')) throw forbidden();
    if (a.createdBy !== actor.accountId && !caps.has('review')) throw forbidden('只能删除自己撰写的草稿');
    await tx.delete(portalArticles).where(eq(portalArticles.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.article.delete',
      entityType: 'portalArticle',
      entityId: id,
      before: auditView(a),
    });
  });
}

// ---------------------------------------------------------------- revisions

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

/** Puts a revision's title/subtitle/summary/body back; recorded as a new revision. */
export async function restoreRevision(db: Db, ctx: RequestContext, actor: Actor, id: string, number: number) {
  const rev = await getRevision(db, actor, id, number);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(portalArticles).where(eq(portalArticles.id, id)).for('update');
    if (!before) throw notFound('文章不存在');
    if (!canEditContent(before.status as ArticleStatus, articleCapabilities(actor, before))) {
      throw forbidden(
        `文章当前为「${ARTICLE_STATUS_LABELS[before.status as ArticleStatus]}」，您不能恢复旧版本`,
      );
    }
    const bodyHtml = sanitizeRichText(rev.bodyHtml);
    const [a] = await tx
      .update(portalArticles)
      .set({
        title: rev.title,
        subtitle: rev.subtitle,
        summary: rev.summary,
        bodyHtml,
        version: before.version + 1,
        updatedBy: actor.accountId,
        updatedAt: sql`now()`,
        searchTsv: articleTsvector(rev.title, bodyHtml) as unknown as string,
      })
      .where(eq(portalArticles.id, id))
      .returning();
    const newNumber = await writeRevision(tx, actor, a!, 'restore', number);
    await audit(tx, ctx, {
      action: 'newsroom.article.restore',
      entityType: 'portalArticle',
      entityId: id,
      before: { title: before.title, bodyLength: before.bodyHtml.length },
      after: { title: a!.title, bodyLength: a!.bodyHtml.length, restoredFrom: number, revision: newNumber },
    });
    if (isPublicState(before.status)) await notifyPortalChanged(tx, actor.parkId);
  });
  return getArticle(db, actor, id);
}

// ---------------------------------------------------------------- workflow

async function accountsWithPermission(
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

export async function transitionArticle(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  action: WorkflowAction,
  opts: { reason?: string | null } = {},
) {
  if (action === 'publishDue') throw forbidden('定时发布由系统执行');
  await db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(portalArticles)
      .where(and(eq(portalArticles.id, id), eq(portalArticles.parkId, actor.parkId)))
      .for('update');
    if (!a || !canSeeArticle(actor, a)) throw notFound('文章不存在');
    const settings = await getPortalSettingsRow(tx, actor.parkId);
    const caps: Set<Capability> = articleCapabilities(actor, a);
    const result = transition(workflowState(a), {
      action,
      actorId: actor.accountId,
      capabilities: caps,
      signoffRequired: settings.signoffRequired,
      now: new Date(),
      reason: opts.reason,
    });
    if (!result.ok) throw new AppError(result.status, result.code, result.message);
    if (action === 'submit') {
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(portalArticleColumns)
        .where(eq(portalArticleColumns.articleId, id));
      if (n === 0)
        throw unprocessable('COLUMN_REQUIRED', '提交前请至少选择一个栏目', { columnIds: '请选择栏目' });
      if (!a.bodyHtml.trim() && !(await attachmentsOf(tx, id)).length) {
        throw unprocessable('BODY_REQUIRED', '提交前请填写正文或添加附件', { bodyHtml: '正文不能为空' });
      }
    }
    const now = new Date();
    const set = result.set;
    const [after] = await tx
      .update(portalArticles)
      .set({
        status: result.to,
        ...('submittedBy' in set
          ? { submittedBy: set.submittedBy, submittedAt: set.submittedBy ? now : null }
          : {}),
        ...('approvedBy' in set
          ? { approvedBy: set.approvedBy, approvedAt: set.approvedBy ? now : null }
          : {}),
        ...('signedOffBy' in set
          ? { signedOffBy: set.signedOffBy, signedOffAt: set.signedOffBy ? now : null }
          : {}),
        ...('publishedAt' in set ? { publishedAt: set.publishedAt } : {}),
        ...('returnReason' in set ? { returnReason: set.returnReason } : {}),
        ...('takedownReason' in set ? { takedownReason: set.takedownReason } : {}),
        ...(result.to === 'takenDown' ? { takenDownAt: now } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(portalArticles.id, id))
      .returning();
    await recordTransition(tx, ctx, a, after!, action, opts.reason ?? null, actor.displayName);
    const link = consoleLink(id);
    const title = `《${a.title}》`;
    if (result.notify === 'reviewers') {
      const targets = (await accountsWithPermission(tx, a.parkId, 'portal.review')).filter(
        (x) => x !== actor.accountId,
      );
      await notify(tx, {
        parkId: a.parkId,
        accountIds: targets,
        kind: 'portal.reviewRequested',
        title: `待审核：${title}`,
        body: `${actor.displayName} 提交了文章，请审核。`,
        link,
      });
    } else if (result.notify === 'signoff') {
      const targets = (await accountsWithPermission(tx, a.parkId, 'portal.signoff')).filter(
        (x) => x !== actor.accountId && x !== a.createdBy && x !== a.submittedBy,
      );
      await notify(tx, {
        parkId: a.parkId,
        accountIds: targets,
        kind: 'portal.signoffRequested',
        title: `待签发：${title}`,
        body: `${actor.displayName} 已审核通过，请签发。`,
        link,
      });
    } else if (result.notify === 'author') {
      const targets = [a.createdBy, a.submittedBy].filter((x): x is string => !!x && x !== actor.accountId);
      const text: Partial<Record<ArticleStatus, [string, string]>> = {
        published: ['portal.published', `已发布：${title}`],
        scheduled: ['portal.scheduled', `已通过，将定时发布：${title}`],
        returned: ['portal.returned', `被退回：${title}`],
        takenDown: ['portal.takenDown', `已撤下：${title}`],
      };
      const t = text[result.to];
      if (t) {
        await notify(tx, {
          parkId: a.parkId,
          accountIds: targets,
          kind: t[0],
          title: t[1],
          body: opts.reason ? `原因：${opts.reason}` : null,
          link,
        });
      }
    }
    // Scheduled articles count too: the public cache must learn a new publish time, or a takedown.
    if (isPublicState(a.status) || isPublicState(result.to)) await notifyPortalChanged(tx, a.parkId);
  });
  return getArticle(db, actor, id);
}

async function recordTransition(
  tx: Db,
  ctx: RequestContext,
  before: ArticleRow,
  after: ArticleRow,
  action: WorkflowAction,
  reason: string | null,
  actorName: string | null,
) {
  await tx.insert(portalArticleEvents).values({
    parkId: before.parkId,
    articleId: before.id,
    action,
    fromStatus: before.status,
    toStatus: after.status,
    reason: reason?.trim() || null,
    actorAccountId: ctx.actor?.accountId ?? null,
    actorName: actorName ?? '系统',
  });
  await audit(tx, ctx, {
    parkId: before.parkId,
    action: `newsroom.article.${action}`,
    entityType: 'portalArticle',
    entityId: before.id,
    before: { status: before.status },
    after: { status: after.status, reason: reason?.trim() || null, publishedAt: after.publishedAt },
  });
}

/**
 * Publishes every scheduled article whose time has come. Safe with several app instances on one
 * database: the UPDATE … WHERE status = 'scheduled' claims each row once (a second instance's UPDATE
 * waits on the row lock, then finds it no longer scheduled). Returns the ids published.
 */
export async function publishDueArticles(
  db: Db,
  ctx: RequestContext,
  /** Defaults to the database's clock. */
  now?: Date,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(portalArticles)
      .set({ status: 'published', updatedAt: sql`now()` })
      .where(
        and(
          eq(portalArticles.status, 'scheduled'),
          sql`${portalArticles.publishAt} <= coalesce(${now?.toISOString() ?? null}::timestamptz, now())`,
        ),
      )
      .returning();
    const parks = new Set<string>();
    for (const after of rows) {
      parks.add(after.parkId);
      await recordTransition(tx, ctx, { ...after, status: 'scheduled' }, after, 'publishDue', null, null);
      const targets = [after.createdBy, after.submittedBy].filter((x): x is string => !!x);
      await notify(tx, {
        parkId: after.parkId,
        accountIds: targets,
        kind: 'portal.published',
        title: `已发布：《${after.title}》`,
        body: '定时发布已完成。',
        link: consoleLink(after.id),
      });
    }
    for (const p of parks) await notifyPortalChanged(tx, p);
    return rows.map((r) => r.id);
  });
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
