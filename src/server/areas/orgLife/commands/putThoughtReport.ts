import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { thoughtReports } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { conflict } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { assertBirthdayYear } from '../rules/records';
import { presentReport } from '../presenter';
import { ownMember } from '../queries/records';

/** The member writes (or rewrites, until the secretary has commented) their thought report on a year. */
export async function putThoughtReport(
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
      .from(thoughtReports)
      .where(and(eq(thoughtReports.personId, m.id), eq(thoughtReports.year, year)));
    if (existing?.comment !== null && existing?.comment !== undefined) {
      throw conflict('REPORT_COMMENTED', '书记已批阅这份思想汇报，不能再修改');
    }
    const [row] = existing
      ? await tx
          .update(thoughtReports)
          .set({ content, updatedAt: new Date() })
          .where(eq(thoughtReports.id, existing.id))
          .returning()
      : await tx
          .insert(thoughtReports)
          .values({ parkId: actor.parkId, personId: m.id, year, content })
          .returning();
    await audit(tx, ctx, {
      action: existing ? 'orgLife.thoughtReport.update' : 'orgLife.thoughtReport.submit',
      entityType: 'thoughtReport',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return presentReport(row!, m);
  });
}
