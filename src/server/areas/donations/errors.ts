import { badRequest, conflict } from '../../errors';

/** The refusals the ledger gives in several places, worded once. */

export const DRIVE_CLOSED_MESSAGE =
  '该捐款已结束并封账，不能再登记或修改；如需更正，请对原记录登记冲正（红冲）';
export const driveClosed = () => conflict('DRIVE_CLOSED', DRIVE_CLOSED_MESSAGE);

export const ENTRY_IMMUTABLE_MESSAGE =
  '捐款记录登记后不能修改或删除；如有错误，请对该记录登记冲正（红冲）后重新登记';

export const noEligible = () =>
  badRequest('VALIDATION_FAILED', '请选择捐款对象', { eligible: '请至少选择一类捐款对象' });

/** A drive's period: it may end on the day it starts, never before. */
export function assertPeriod(startsOn: string, endsOn: string | null | undefined) {
  if (endsOn && endsOn < startsOn)
    throw badRequest('VALIDATION_FAILED', '结束日期不能早于开始日期', { endsOn: '结束日期不能早于开始日期' });
}
