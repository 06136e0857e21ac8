/**
 * 三会一课, 主题党日 and 组织生活会: the expected frequencies of RULES.md §5 as data, and the
 * red / yellow / green judgement of what a branch held in a period. Pure: no IO.
 */

import { MEETING_KINDS, PERIODS, type MeetingKind, type Period } from '../../../../common/contracts/orgLife';

// The vocabularies are the contract's, so the API and the rules cannot drift apart.
export { MEETING_KINDS, PERIODS, type MeetingKind, type Period };

export const MEETING_KIND_LABELS: Record<MeetingKind, string> = {
  generalMeeting: '支部党员大会',
  committeeMeeting: '支部委员会',
  groupMeeting: '党小组会',
  partyLecture: '党课',
  themedDay: '主题党日',
  orgLifeMeeting: '组织生活会',
};

const PERIOD_LABELS: Record<Period, string> = { month: '每月', quarter: '每季度', year: '每年' };

export interface MeetingRule {
  kind: MeetingKind;
  period: Period;
  /** At least this many in each period. */
  minCount: number;
  /** Where the rule comes from, shown beside the colour. */
  basis: string;
}

/** RULES.md §5 (《中国共产党支部工作条例（试行）》). A park may make any of these stricter (e.g. 党课 quarterly). */
export const DEFAULT_MEETING_RULES: MeetingRule[] = [
  { kind: 'generalMeeting', period: 'quarter', minCount: 1, basis: '支部党员大会一般每季度召开 1 次' },
  { kind: 'committeeMeeting', period: 'month', minCount: 1, basis: '支部委员会会议一般每月召开 1 次' },
  { kind: 'groupMeeting', period: 'month', minCount: 1, basis: '党小组会一般每月召开 1 次' },
  { kind: 'partyLecture', period: 'year', minCount: 1, basis: '党支部书记每年至少讲 1 次党课' },
  { kind: 'themedDay', period: 'month', minCount: 1, basis: '每月相对固定 1 天开展主题党日' },
  { kind: 'orgLifeMeeting', period: 'year', minCount: 1, basis: '组织生活会一般每年召开 1 次' },
];

/**
 * Which rules a board applies, in words: the defaults of RULES.md §5, or the park's own from the
 * day they were saved. `since`: that day ('YYYY-MM-DD', Asia/Shanghai), null for the defaults.
 */
export function rulesInWords(rules: MeetingRule[], since: string | null): string {
  const list = rules.map(
    (r) => `${MEETING_KIND_LABELS[r.kind]}${PERIOD_LABELS[r.period]}至少 ${r.minCount} 次`,
  );
  const source = since
    ? `按园区自 ${since} 起执行的要求`
    : '按《中国共产党支部工作条例（试行）》的要求（园区未另行设置）';
  return `${source}：${list.join('，')}。`;
}

export interface PeriodSpan {
  /** 'YYYY-MM', 'YYYY-Qn' or 'YYYY'. */
  key: string;
  label: string;
  start: string;
  end: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** Every period of `period` kind in a year, in order. */
export function periodsOfYear(period: Period, year: number): PeriodSpan[] {
  if (period === 'year')
    return [{ key: `${year}`, label: `${year}年`, start: `${year}-01-01`, end: `${year}-12-31` }];
  if (period === 'quarter') {
    return [0, 1, 2, 3].map((q) => ({
      key: `${year}-Q${q + 1}`,
      label: `${year}年${QUARTER_LABELS[q]}`,
      start: `${year}-${pad(q * 3 + 1)}-01`,
      end: `${year}-${pad(q * 3 + 3)}-${lastDay(year, q * 3 + 3)}`,
    }));
  }
  return Array.from({ length: 12 }, (_, i) => ({
    key: `${year}-${pad(i + 1)}`,
    label: `${year}年${i + 1}月`,
    start: `${year}-${pad(i + 1)}-01`,
    end: `${year}-${pad(i + 1)}-${lastDay(year, i + 1)}`,
  }));
}

/** The period of `period` kind that contains `date`. */
export function periodOf(period: Period, date: string): PeriodSpan {
  const year = Number(date.slice(0, 4));
  return periodsOfYear(period, year).find((p) => p.start <= date && date <= p.end)!;
}

/**
 * green: held at least the required number; yellow: the period is still running and more are
 * due; red: the period has ended short; notDue: the period has not begun.
 */
export type ComplianceStatus = 'green' | 'yellow' | 'red' | 'notDue';

export const STATUS_LABELS: Record<ComplianceStatus, string> = {
  green: '已达标',
  yellow: '待召开',
  red: '未达标',
  notDue: '未开始',
};

export interface ComplianceCell {
  period: PeriodSpan;
  held: number;
  required: number;
  status: ComplianceStatus;
  /** The rule and the finding in one Chinese sentence. */
  explanation: string;
}

const daysFrom = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export function judgePeriod(
  rule: MeetingRule,
  period: PeriodSpan,
  held: number,
  today: string,
): ComplianceCell {
  const required = rule.minCount;
  let status: ComplianceStatus;
  if (held >= required) status = 'green';
  else if (today > period.end) status = 'red';
  else if (today < period.start) status = 'notDue';
  else status = 'yellow';
  const label = MEETING_KIND_LABELS[rule.kind];
  const head = `${label}：${rule.basis}（${PERIOD_LABELS[rule.period]}至少 ${required} 次）。${period.label}已开 ${held} 次`;
  const tail =
    status === 'green'
      ? '，已达标。'
      : status === 'red'
        ? `，少 ${required - held} 次，期限已过。`
        : status === 'yellow'
          ? `，还需 ${required - held} 次，距期末还有 ${daysFrom(today, period.end)} 天。`
          : '，该期尚未开始。';
  return { period, held, required, status, explanation: head + tail };
}

/** Judges every period of a year for one rule, given the dates of the meetings of that kind. */
export function judgeYear(rule: MeetingRule, year: number, meetingDates: readonly string[], today: string) {
  return periodsOfYear(rule.period, year).map((p) =>
    judgePeriod(rule, p, meetingDates.filter((d) => p.start <= d && d <= p.end).length, today),
  );
}

/** The cell a board shows for "now": the period containing `asOf` (or the year's last when asOf is past it). */
export function currentCell(cells: readonly ComplianceCell[], asOf: string): ComplianceCell {
  return cells.find((c) => c.period.start <= asOf && asOf <= c.period.end) ?? cells[cells.length - 1]!;
}

/** The worst colour among cells that are due: red > yellow > green. */
export function worstStatus(cells: readonly ComplianceCell[]): ComplianceStatus {
  const order: ComplianceStatus[] = ['red', 'yellow', 'green'];
  for (const s of order) if (cells.some((c) => c.status === s)) return s;
  return 'notDue';
}
