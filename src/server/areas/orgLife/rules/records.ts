/**
 * The member's own records of a political birthday (thought report, goals, proposals): which year
 * they may be written for, and how a proposal moves from received to closed. Pure: no IO.
 */
import { unprocessable } from '../../../errors';
import { todayInShanghai } from '../../../../common/dates';
import { birthdayIn } from './birthdays';

/** Records are kept for a year in which the member has a political birthday, and not a future one. */
export function assertBirthdayYear(
  m: { name: string; joinedOn: string },
  year: number,
  today = todayInShanghai(),
) {
  if (!birthdayIn(m.joinedOn, year)) {
    throw unprocessable('NO_BIRTHDAY_THAT_YEAR', `${m.name}于${m.joinedOn}入党，${year}年还没有政治生日`, {
      year: '该年份还没有政治生日',
    });
  }
  if (year > Number(today.slice(0, 4))) {
    throw unprocessable('FUTURE_YEAR', '不能填写未来年份的记录', { year: '年份不能晚于今年' });
  }
}

export const PROPOSAL_STATUS_LABELS: Record<string, string> = {
  received: '已受理',
  assigned: '已转交科室',
  answered: '已答复',
  closed: '已办结',
};

export type ProposalStep = 'assign' | 'answer' | 'close';

/** The status each step leads to. */
export const STEP_STATUS: Record<ProposalStep, string> = {
  assign: 'assigned',
  answer: 'answered',
  close: 'closed',
};

export const STEP_LABELS: Record<ProposalStep, string> = { assign: '转交', answer: '答复', close: '办结' };

/** Which status may follow which (received → assigned → answered → closed; reassigning is allowed). */
const NEXT: Record<string, readonly string[]> = {
  received: ['assigned', 'closed'],
  assigned: ['assigned', 'answered'],
  answered: ['closed'],
  closed: [],
};

export const canTakeStep = (status: string, step: ProposalStep) =>
  (NEXT[status] ?? []).includes(STEP_STATUS[step]);

export const REVIEW_LABELS: Record<string, string> = { met: '已达成', notMet: '未达成' };

/** Goals for year Y+1 are judged once Y+1 has begun. */
export const goalsDue = (goalsYear: number, today: string) => Number(today.slice(0, 4)) >= goalsYear + 1;
