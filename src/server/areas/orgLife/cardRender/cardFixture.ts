import type { BirthdayCardData } from './layout';

/** The card the renderer tests draw (a leap-day joiner, so the date handling shows). */
export const card: BirthdayCardData = {
  name: '张晓明',
  joinedOn: '2004-02-29',
  birthdayOn: '2025-02-28',
  years: 21,
  message: '不忘入党初心，牢记党员身份。祝您政治生日快乐！',
  signature: '中共学校A第一党支部',
};
