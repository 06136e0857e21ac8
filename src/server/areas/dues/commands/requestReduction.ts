import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { duesReductions } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { Reduction } from '../../../../common/contracts/dues';
import { conflict, forbidden, unprocessable } from '../../../errors';
import { readableMember } from '../../members/memberRecords';
import { canRequestReduction } from '../policy';
import { presentReduction } from '../presenter';
import { monthRange, monthStart } from '../rules';

export interface ReductionInput {
  personId: string;
  fromMonth: string;
  toMonth: string;
  kind: 'reduce' | 'exempt';
  amountFen?: number | null;
  reason: string;
}

/**
 * Asks for a hardship reduction or exemption (RULES §4: it needs approval, see decideReduction)
 * over at most twelve months that no pending or approved request already covers.
 */
export async function requestReduction(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: ReductionInput,
): Promise<Reduction> {
  const m = await readableMember(db, actor, input.personId);
  if (!canRequestReduction(actor, m)) throw forbidden('没有权限为该党员申请减免');
  const fields: Record<string, string> = {};
  if (input.fromMonth > input.toMonth) fields.toMonth = '结束月份不能早于开始月份';
  if (monthRange(input.fromMonth, input.toMonth).length > 12) fields.toMonth = '一次最多申请 12 个月';
  if (input.kind === 'reduce' && (input.amountFen === undefined || input.amountFen === null))
    fields.amount = '减交时请填写每月交纳金额';
  if (input.kind === 'exempt' && input.amountFen != null) fields.amount = '免交时不填金额';
  if (Object.keys(fields).length) throw unprocessable('REDUCTION_INVALID', '减免申请有误，请检查', fields);
  return db.transaction(async (tx) => {
    const [overlap] = await tx
      .select({ id: duesReductions.id })
      .from(duesReductions)
      .where(
        and(
          eq(duesReductions.personId, m.id),
          sql`${duesReductions.status} in ('pending','approved')`,
          lte(duesReductions.fromMonth, monthStart(input.toMonth)),
          gte(duesReductions.toMonth, monthStart(input.fromMonth)),
        ),
      );
    if (overlap)
      throw conflict('REDUCTION_OVERLAP', '该时段已有待审批或已批准的减免', { fromMonth: '与已有减免重叠' });
    const [row] = await tx
      .insert(duesReductions)
      .values({
        parkId: actor.parkId,
        personId: m.id,
        fromMonth: monthStart(input.fromMonth),
        toMonth: monthStart(input.toMonth),
        kind: input.kind,
        amountFen: input.kind === 'reduce' ? input.amountFen! : null,
        reason: input.reason,
        status: 'pending',
        requestedBy: actor.accountId,
        requestedByName: actor.displayName,
      })
      .returning();
    await audit(tx, ctx, {
      action: 'dues.reduction.request',
      entityType: 'duesReduction',
      entityId: row!.id,
      after: row,
    });
    return presentReduction(row!);
  });
}
