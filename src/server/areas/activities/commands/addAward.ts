import { and, eq } from 'drizzle-orm';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Db } from '../../../platform/db/client';
import { activityAwards, orgNodes, people } from '../../../platform/db/schema/index';
import type { AddAwardInput } from '../../../../common/contracts/activities';
import { badRequest } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canBeParticipant } from '../policy';
import { listAwards, loadManageableActivity } from '../queries';

/** Records an award of the activity, to one person (of the organiser's school) or one collective. */
export async function addAward(db: Db, ctx: RequestContext, actor: Actor, id: string, input: AddAwardInput) {
  if (!input.personId === !input.orgNodeId) {
    throw badRequest('VALIDATION_FAILED', '请选择获奖人或获奖集体（二选一）', {
      personId: '请选择获奖人或获奖集体',
    });
  }
  return db.transaction(async (tx) => {
    const { organiser } = await loadManageableActivity(tx, actor, id);
    if (input.personId) {
      const [p] = await tx
        .select({ id: people.id, parkId: people.parkId, schoolId: people.schoolId })
        .from(people)
        .where(and(eq(people.id, input.personId), eq(people.parkId, actor.parkId)));
      if (!p || !canBeParticipant(organiser, p)) {
        throw badRequest('INVALID_PERSON', '获奖人不存在或不在本校', { personId: '获奖人不存在' });
      }
    } else {
      const [n] = await tx
        .select({ id: orgNodes.id })
        .from(orgNodes)
        .where(and(eq(orgNodes.id, input.orgNodeId!), eq(orgNodes.parkId, actor.parkId)));
      if (!n) throw badRequest('INVALID_GROUP', '获奖集体不存在', { orgNodeId: '获奖集体不存在' });
    }
    const [row] = await tx
      .insert(activityAwards)
      .values({
        parkId: actor.parkId,
        activityId: id,
        award: input.award,
        personId: input.personId ?? null,
        orgNodeId: input.orgNodeId ?? null,
        note: input.note ?? null,
        sortOrder: input.sortOrder ?? 0,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'activities.award.add',
      entityType: 'activityAward',
      entityId: row!.id,
      after: row,
    });
    return (await listAwards(tx, id)).find((w) => w.id === row!.id)!;
  });
}
