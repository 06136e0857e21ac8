import type { Db } from '../../../platform/db/client';
import { portalArticles } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { forbidden } from '../../../errors';
import { sanitizeRichText } from '../../../platform/sanitize';
import type { ArticleInput } from '../../../../common/contracts/newsroom';
import { canCreateArticle, defaultSchoolFor } from '../policy';
import { articleRowColumns, getArticle } from '../queries/articles';
import {
  articleSearchColumns,
  assertColumns,
  assertMedia,
  assertSchool,
  auditView,
  cleanTags,
  parsePublishAt,
  setAttachments,
  setColumns,
  writeRevision,
} from './articleWrites';

/** A new draft in the actor's scope (their only school when they name none), with its first revision. */
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
        coverAlt: input.coverMediaId ? (input.coverAlt ?? null) : null,
        author: input.author ?? null,
        source: input.source ?? null,
        schoolId,
        tags: cleanTags(input.tags) ?? [],
        pinned: input.pinned ?? false,
        publishAt,
        status: 'draft',
        createdBy: actor.accountId,
        updatedBy: actor.accountId,
        ...articleSearchColumns(input.title, bodyHtml),
      })
      .returning(articleRowColumns);
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
