import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { duesLedger } from '../../../platform/db/schema/index';
import { audit } from '../../../platform/audit';
import type { RequestContext } from '../../../context';
import type { Actor } from '../../../access/actor';
import type { PaymentMethod, PaymentResult } from '../../../../common/contracts/dues';
import { todayInShanghai } from '../../../../common/dates';
import { formatFen } from '../../../../common/money';
import { unprocessable } from '../../../errors';
import { manageableMember } from '../../members/memberRecords';
import { presentEntry, type LedgerRow } from '../presenter';
import { paidSql } from '../queries';
import { monthStart } from '../rules';

export interface PaymentInput {
  personId: string;
  months: string[];
  /** Only with a single month; defaults to what is outstanding. */
  amountFen?: number;
  paidOn: string;
  method: PaymentMethod;
  receiptNo?: string | null;
  note?: string | null;
}

/**
 * Records payments into the append-only ledger, one entry per month (several months at once pay
 * each month's outstanding amount). Every month is checked before any is kept: all or nothing.
 */
export async function recordPayment(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  input: PaymentInput,
): Promise<PaymentResult> {
  const m = await manageableMember(db, actor, input.personId, '没有权限登记该党员的党费');
  const months = [...new Set(input.months)].sort();
  if (input.amountFen !== undefined && months.length !== 1) {
    throw unprocessable('AMOUNT_NEEDS_ONE_MONTH', '一次缴纳多个月时按各月应缴金额登记，不能指定总金额', {
      amount: '多个月时不填金额',
    });
  }
  if (input.paidOn > todayInShanghai()) {
    throw unprocessable('FUTURE_DATE', '缴纳日期不能晚于今天', { paidOn: '缴纳日期不能晚于今天' });
  }
  return db.transaction(async (tx) => {
    const created: LedgerRow[] = [];
    const fields: Record<string, string> = {};
    for (const [i, month] of months.entries()) {
      const [row] = await queryRows<{ due_fen: number; paid_fen: number }>(
        tx,
        sql`select dues_months.due_fen, ${paidSql} as paid_fen from dues_months
            where dues_months.person_id = ${m.id} and dues_months.month = ${monthStart(month)}::date`,
      );
      if (!row) {
        fields[`months.${i}`] = `${month} 的党费尚未核定`;
        continue;
      }
      const outstanding = row.due_fen - row.paid_fen;
      if (outstanding <= 0) {
        fields[`months.${i}`] = `${month} 的党费已缴清`;
        continue;
      }
      const amount = input.amountFen ?? outstanding;
      if (amount <= 0) {
        fields.amount = '金额必须大于 0';
        continue;
      }
      if (amount > outstanding) {
        fields.amount = `超过应缴金额：${month} 还应缴 ${formatFen(outstanding)} 元`;
        continue;
      }
      const [entry] = await tx
        .insert(duesLedger)
        .values({
          parkId: actor.parkId,
          personId: m.id,
          month: monthStart(month),
          kind: 'payment',
          amountFen: amount,
          paidOn: input.paidOn,
          method: input.method,
          receiptNo: input.receiptNo ?? null,
          note: input.note ?? null,
          recordedBy: actor.accountId,
          recordedByName: actor.displayName,
        })
        .returning();
      created.push(entry!);
    }
    // Throwing rolls back the entries inserted for the months that were fine.
    if (Object.keys(fields).length) throw unprocessable('PAYMENT_INVALID', '党费登记有误，请检查', fields);
    for (const e of created) {
      await audit(tx, ctx, {
        action: 'dues.payment.record',
        entityType: 'duesLedger',
        entityId: e.id,
        after: e,
      });
    }
    return {
      items: created.map((e) => presentEntry(e)),
      totalFen: created.reduce((a, e) => a + e.amountFen, 0),
    };
  });
}
