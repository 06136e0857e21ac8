import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { memberships, orgNodes } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import { defaultFullOn, isIsoDate, todayInShanghai } from '../../../../common/dates';
import type { MembershipInput } from '../../../../common/contracts/members';
import type { MembershipView } from '../../../../common/contracts/people';
import { badRequest, forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canWriteMembership } from '../policy';
import { presentMembership } from '../presenter';
import { personFacts } from '../../people/presenter';
import { findPerson, loadReadablePerson } from '../../people/queries';

/**
 * Records or changes a person's Party membership. Checks: the branch is a branch of the park, the
 * party group sits in that branch, 入党时间 is a real day not after today, a full member's 转正时间
 * (defaulting to the end of probation, RULES §3) is not before 入党时间 nor after today, and a
 * probationary member has none.
 */
export async function putMembership(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  input: MembershipInput,
): Promise<MembershipView> {
  const person = await loadReadablePerson(db, actor, personId);
  const today = todayInShanghai();
  const fields: Record<string, string> = {};
  const ext = input.probationExtensionMonths ?? 0;
  if (!isIsoDate(input.joinedOn)) fields.joinedOn = '入党时间不是有效日期';
  else if (input.joinedOn > today) fields.joinedOn = '入党时间不能晚于今天';
  let fullOn: string | null = null;
  if (input.status === 'probationary') {
    if (input.fullOn) fields.fullOn = '预备党员没有转正时间';
  } else if (!fields.joinedOn) {
    fullOn = input.fullOn ?? defaultFullOn(input.joinedOn, ext);
    if (!isIsoDate(fullOn)) fields.fullOn = '转正时间不是有效日期';
    else if (fullOn < input.joinedOn) fields.fullOn = '转正时间不能早于入党时间';
    else if (fullOn > today)
      fields.fullOn = input.fullOn ? '转正时间不能晚于今天' : '预备期尚未期满，不能登记为正式党员';
  }
  if (Object.keys(fields).length)
    throw badRequest('VALIDATION_FAILED', '提交的内容有误，请检查后重试', fields);

  return db.transaction(async (tx) => {
    const [branch] = await tx
      .select({ id: orgNodes.id, kind: orgNodes.kind, disabledAt: orgNodes.disabledAt })
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.branchId), eq(orgNodes.parkId, actor.parkId)));
    if (!branch || branch.kind !== 'branch')
      throw unprocessable('INVALID_BRANCH', '请选择本园区的党支部', { branchId: '所选节点不是党支部' });
    if (branch.disabledAt)
      throw unprocessable('INVALID_BRANCH', '所选党支部已停用', { branchId: '该党支部已停用' });
    if (input.partyGroupId) {
      const [group] = await tx
        .select({ kind: orgNodes.kind, parentId: orgNodes.parentId, disabledAt: orgNodes.disabledAt })
        .from(orgNodes)
        .where(and(eq(orgNodes.id, input.partyGroupId), eq(orgNodes.parkId, actor.parkId)));
      if (!group || group.kind !== 'partyGroup' || group.parentId !== branch.id)
        throw unprocessable('INVALID_PARTY_GROUP', '党小组必须属于所选党支部', {
          partyGroupId: '该党小组不属于所选党支部',
        });
      if (group.disabledAt)
        throw unprocessable('INVALID_PARTY_GROUP', '所选党小组已停用', { partyGroupId: '该党小组已停用' });
    }
    const [before] = await tx
      .select()
      .from(memberships)
      .where(eq(memberships.personId, personId))
      .for('update');
    if (
      !canWriteMembership(actor, personFacts(person), {
        currentBranchId: before?.branchId ?? null,
        targetBranchId: branch.id,
      })
    )
      throw forbidden('没有权限登记该人员的党员信息');
    const values = {
      status: input.status,
      branchId: branch.id,
      partyGroupId: input.partyGroupId ?? null,
      joinedOn: input.joinedOn,
      fullOn,
      probationExtensionMonths: ext,
      duesBaseFen: input.duesBaseFen ?? null,
      duesGroup: input.duesGroup ?? before?.duesGroup ?? (person.kind === 'student' ? 'student' : 'working'),
      updatedAt: new Date(),
    };
    const [after] = before
      ? await tx.update(memberships).set(values).where(eq(memberships.id, before.id)).returning()
      : await tx
          .insert(memberships)
          .values({ ...values, parkId: actor.parkId, personId })
          .returning();
    await audit(tx, ctx, {
      action: before ? 'members.membership.update' : 'members.membership.create',
      entityType: 'membership',
      entityId: personId,
      before: before ?? null,
      after,
    });
    const row = await findPerson(tx, actor.parkId, personId);
    return presentMembership(row!, today)!;
  });
}
