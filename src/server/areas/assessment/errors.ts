import { AppError, conflict } from '../../errors';

/** The refusals the assessment area gives in several places, worded once. */

export const schemeMissing = (year: number) =>
  conflict('SCHEME_MISSING', `${year} 年度考核方案尚未制定，请党总支先制定方案`);

export const SCHEME_FROZEN_MESSAGE =
  '考核方案已冻结（评分已开始），不能再修改；如需调整，请在下一年度方案中修改';
export const schemeFrozen = () => conflict('SCHEME_FROZEN', SCHEME_FROZEN_MESSAGE);

export const notAMember = () =>
  new AppError(403, 'NOT_A_MEMBER', '只有党员本人可以填写（您的账号未关联党员档案）');
