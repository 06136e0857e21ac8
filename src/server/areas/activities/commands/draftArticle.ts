import { eq, inArray } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activities, people, portalArticles } from '../../../platform/db/schema/index';
import { publicName } from '../../../../common/privacy';
import type { ArticleDraft } from '../../../../common/contracts/activities';
import type { Actor } from '../../../access/actor';
import { canCreateArticle } from '../../newsroom/policy';
import { createArticle } from '../../newsroom/commands/createArticle';
import { detailOf, loadManageableActivity } from '../queries';
import { activityArticleDraft } from '../articleDraft';

/**
 * One click turns an activity into a portal article draft: the content (title, summary, body HTML
 * of escaped text and the photos, cover = first photo, tags, source, school) is built here; when
 * the actor may write portal articles for that school (newsroom/policy canCreateArticle) and
 * `create` is on, the newsroom's createArticle makes it a draft article (status 'draft', for the
 * editors' review flow) and the activity remembers it. Otherwise only the content is returned, to
 * hand to an editor. An activity makes at most one article: asking again returns the first.
 */
export async function draftArticle(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  opts: { create: boolean } = { create: true },
) {
  const loaded = await loadManageableActivity(db, actor, id);
  const detail = await detailOf(db, actor, loaded);
  // The article is meant for the public portal: award winners who are students are named as every
  // public page names them (common/privacy.ts), masked; an editor with a guardian's consent may
  // write the full name in by hand.
  const personIds = detail.awards.map((w) => w.personId).filter((x): x is string => !!x);
  const kinds = new Map(
    personIds.length
      ? (
          await db
            .select({ id: people.id, kind: people.kind })
            .from(people)
            .where(inArray(people.id, personIds))
        ).map((p) => [p.id, p.kind])
      : [],
  );
  const draft = activityArticleDraft({
    title: detail.title,
    kindLabel: detail.kindLabel,
    theme: detail.theme,
    organiserName: detail.organiserName,
    startsAt: loaded.activity.startsAt,
    place: detail.place,
    description: detail.description,
    results: detail.results,
    participantCount: detail.participantCount,
    checkedInCount: detail.checkedInCount,
    groups: detail.groups.map((g) => g.name),
    awards: detail.awards.map((w) => ({
      award: w.award,
      recipient: w.personId ? publicName({ name: w.recipient, kind: kinds.get(w.personId) }) : w.recipient,
    })),
    photos: detail.photos.map((p) => ({ url: p.url, caption: p.caption })),
  });
  const content = {
    ...draft,
    coverMediaId: detail.photos[0]?.mediaId ?? null,
    // The photo's caption describes the cover; the editor adds one where it has none.
    coverAlt: detail.photos[0]?.caption || null,
    schoolId: loaded.organiser.schoolId,
    tags: [detail.kindLabel, ...(detail.theme ? [detail.theme] : [])],
    source: detail.organiserName,
    activityId: id,
  };
  const articleRef = (articleId: string): ArticleDraft['article'] => ({
    id: articleId,
    link: `/admin/portal/articles/${articleId}`,
  });

  if (loaded.activity.articleId) {
    const [existing] = await db
      .select({ id: portalArticles.id })
      .from(portalArticles)
      .where(eq(portalArticles.id, loaded.activity.articleId));
    if (existing)
      return {
        ...content,
        created: false,
        article: articleRef(existing.id),
        notice: '该活动已生成过文章草稿',
      };
  }
  const mayCreate = opts.create && canCreateArticle(actor, content.schoolId);
  return db.transaction(async (tx) => {
    let article: ArticleDraft['article'] = null;
    if (mayCreate) {
      const created = await createArticle(tx, ctx, actor, {
        title: content.title,
        subtitle: null,
        author: null,
        summary: content.summary,
        bodyHtml: content.bodyHtml,
        coverMediaId: content.coverMediaId,
        coverAlt: content.coverAlt,
        source: content.source,
        schoolId: content.schoolId,
        tags: content.tags,
      });
      article = articleRef(created.id);
      await tx
        .update(activities)
        .set({ articleId: created.id, updatedAt: new Date() })
        .where(eq(activities.id, id));
    }
    await audit(tx, ctx, {
      action: 'activities.articleDraft.create',
      entityType: 'activity',
      entityId: id,
      after: { title: draft.title, articleId: article?.id ?? null },
    });
    return {
      ...content,
      created: article !== null,
      article,
      notice: article
        ? '已生成网站文章草稿，请到网站文章中编辑并提交审核'
        : opts.create
          ? '您没有该校网站文章的编辑权限：已生成草稿内容，可复制给网站编辑'
          : null,
    };
  });
}
