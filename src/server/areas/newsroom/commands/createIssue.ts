import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { newsletterIssues } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import { getIssue } from '../queries/newsletters';
import { forbidden } from '../../../errors';
import type { IssueInput } from '../../../../common/contracts/newsroom';
import { NEWSLETTER_MASTHEAD } from '../newsletterDocument';
import { canEditNewsletter } from '../policy';
import { assertArticlesPublished, assertNumberFree, setIssueArticles } from './issueChecks';

export async function createIssue(db: Db, ctx: RequestContext, actor: Actor, input: IssueInput) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  const id = await db.transaction(async (tx) => {
    await assertArticlesPublished(tx, actor.parkId, input.articleIds);
    let number = input.number;
    if (number === undefined) {
      const [{ next } = { next: 1 }] = await tx
        .select({ next: sql<number>`coalesce(max(${newsletterIssues.number}), 0)::int + 1` })
        .from(newsletterIssues)
        .where(eq(newsletterIssues.parkId, actor.parkId));
      number = next;
    }
    await assertNumberFree(tx, actor.parkId, number);
    const [issue] = await tx
      .insert(newsletterIssues)
      .values({
        parkId: actor.parkId,
        number,
        issueDate: input.issueDate,
        title: input.title ?? NEWSLETTER_MASTHEAD,
        editorNote: input.editorNote ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    await setIssueArticles(tx, issue!, input.articleIds);
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.create',
      entityType: 'newsletterIssue',
      entityId: issue!.id,
      after: { ...issue, articleIds: input.articleIds },
    });
    return issue!.id;
  });
  return getIssue(db, actor, id);
}
