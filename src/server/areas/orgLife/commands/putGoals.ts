import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { memberGoals } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { conflict } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { assertBirthdayYear } from '../rules/records';
import { presentGoals } from '../presenter';
import { ownMember } from '../queries/records';

/** The member sets (or rewrites, until they are reviewed) next year's goals at a political birthday. */
export async function putGoals(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  year: number,
  content: string,
) {
  const m = await ownMember(db, actor, personId);
  assertBirthdayYear(m, year);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(memberGoals)
      .where(and(eq(memberGoals.personId, m.id), eq(memberGoals.year, year)));
    if (existing?.reviewResult) throw conflict('GOALS_REVIEWED', '这份目标已对照评定，不能再修改');
    const [row] = existing
      ? await tx
          .update(memberGoals)
          .set({ content, updatedAt: new Date() })
          .where(eq(memberGoals.id, existing.id))
          .returning()
      : await tx
          .insert(memberGoals)
          .values({ parkId: actor.parkId, personId: m.id, year, content })
          .returning();
    await audit(tx, ctx, {
      action: existing ? 'orgLife.goals.update' : 'orgLife.goals.submit',
      entityType: 'memberGoals',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return presentGoals(row!, m);
  });
}
