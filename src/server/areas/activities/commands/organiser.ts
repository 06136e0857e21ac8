import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { activityKinds, orgNodes } from '../../../platform/db/schema/index';
import { ORG_KIND_LABELS } from '../../../../common/orgTree';
import { badRequest, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canManageActivityAt } from '../policy';
import { activityTimesError, isBuiltinActivityKind, isOrganiserKind, ORGANISER_KINDS } from '../rules';

/** Checks shared by creating and editing an activity: its kind, its organiser, its times. */

/** Resolves 'custom kind id' or a built-in key into the two columns. */
export async function resolveKind(
  db: Db,
  actor: Actor,
  kind: string,
): Promise<{ kind: string; customKindId: string | null }> {
  if (isBuiltinActivityKind(kind)) return { kind, customKindId: null };
  const [custom] = /^[0-9a-f-]{36}$/i.test(kind)
    ? await db
        .select()
        .from(activityKinds)
        .where(and(eq(activityKinds.id, kind), eq(activityKinds.parkId, actor.parkId)))
    : [];
  if (!custom) throw badRequest('INVALID_KIND', '活动类型不存在', { kind: '请选择活动类型' });
  if (custom.disabledAt) throw badRequest('INVALID_KIND', '该活动类型已停用', { kind: '该活动类型已停用' });
  return { kind: 'custom', customKindId: custom.id };
}

/** The organiser node: of the park, of an organising kind, enabled, and within the actor's reach. */
export async function loadOrganiser(db: Db, actor: Actor, organiserId: string) {
  const [node] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, organiserId), eq(orgNodes.parkId, actor.parkId)));
  if (!node) throw badRequest('INVALID_ORGANISER', '组织单位不存在', { organiserId: '请选择组织单位' });
  if (!isOrganiserKind(node.kind)) {
    const allowed = ORGANISER_KINDS.map((k) => ORG_KIND_LABELS[k]).join('、');
    throw unprocessable('INVALID_ORGANISER', `活动的组织单位只能是${allowed}`, {
      organiserId: `组织单位只能是${allowed}`,
    });
  }
  if (node.disabledAt) {
    throw unprocessable('INVALID_ORGANISER', `组织单位「${node.name}」已停用`, {
      organiserId: '该单位已停用',
    });
  }
  if (!canManageActivityAt(actor, node)) throw forbidden('没有权限以该单位名义组织活动');
  return node;
}

export function assertTimes(startsAt: Date, endsAt: Date) {
  const err = activityTimesError(startsAt, endsAt);
  if (err) throw badRequest('VALIDATION_FAILED', err.message, { [err.field]: err.message });
}
