import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { memberships } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { DuesBase, DuesGroup } from '../../../../common/contracts/dues';
import { unprocessable } from '../../../errors';
import { manageableMember } from '../../members/memberRecords';
import { computeMonthlyDues } from '../rules';

/**
 * Records a member's dues base (fixed monthly pay minus income tax, RULES §4) and group. Months
 * already computed keep their amount until the month is computed again.
 */
export async function setBase(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  input: { baseFen: number | null; group: DuesGroup },
): Promise<DuesBase> {
  const m = await manageableMember(db, actor, personId, '没有权限登记该党员的党费基数');
  if ((input.group === 'working' || input.group === 'retired') && input.baseFen === null) {
    throw unprocessable('BASE_REQUIRED', '在职和离退休党员需要登记月基数', { base: '请输入月基数' });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(memberships).where(eq(memberships.personId, m.id));
    const [after] = await tx
      .update(memberships)
      .set({ duesBaseFen: input.baseFen, duesGroup: input.group, updatedAt: new Date() })
      .where(eq(memberships.personId, m.id))
      .returning();
    await audit(tx, ctx, {
      action: 'dues.base.update',
      entityType: 'membership',
      entityId: after!.id,
      before: { duesBaseFen: before!.duesBaseFen, duesGroup: before!.duesGroup },
      after: { duesBaseFen: after!.duesBaseFen, duesGroup: after!.duesGroup },
    });
    const computed = computeMonthlyDues(input.group, input.baseFen);
    return {
      personId: m.id,
      baseFen: input.baseFen,
      group: input.group,
      monthlyFen: computed.ok ? computed.amountFen : null,
      explanation: computed.ok ? computed.explanation : computed.message,
    };
  });
}
