import { AppError, badRequest, conflict } from '../../errors';

/** The refusals the assessment area gives in several places, worded once. */

export const schemeMissing = (year: number) =>
  conflict('SCHEME_MISSING', `${year} 年度考核方案尚未制定，请党总支先制定方案`);

export const SCHEME_FROZEN_MESSAGE =
  '考核方案已冻结（评分已开始），不能再修改；如需调整，请在下一年度方案中修改';
export const schemeFrozen = () => conflict('SCHEME_FROZEN', SCHEME_FROZEN_MESSAGE);

export const notAMember = () =>
  new AppError(403, 'NOT_A_MEMBER', '只有党员本人可以填写（您的账号未关联党员档案）');

/**
 * Refuses with the first problem as the message and every problem on its field (at most 50: a
 * ballot paper of 300 members could list 300), when there are any.
 */
export function refuseProblems(code: string, problems: readonly { field: string; message: string }[]) {
  if (!problems.length) return;
  throw badRequest(
    code,
    problems[0]!.message,
    Object.fromEntries(problems.slice(0, 50).map((p) => [p.field, p.message])),
  );
}
