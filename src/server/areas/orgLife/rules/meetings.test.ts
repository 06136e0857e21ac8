import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MEETING_RULES,
  currentCell,
  judgeYear,
  periodOf,
  periodsOfYear,
  rulesInWords,
  worstStatus,
  type MeetingRule,
} from './meetings';

const rule = (kind: string) => DEFAULT_MEETING_RULES.find((r) => r.kind === kind)!;

describe('periods', () => {
  it('splits a year into months, quarters or itself', () => {
    expect(periodsOfYear('month', 2024)[1]).toMatchObject({
      key: '2024-02',
      start: '2024-02-01',
      end: '2024-02-29',
    });
    expect(periodsOfYear('quarter', 2025).map((p) => [p.start, p.end])).toEqual([
      ['2025-01-01', '2025-03-31'],
      ['2025-04-01', '2025-06-30'],
      ['2025-07-01', '2025-09-30'],
      ['2025-10-01', '2025-12-31'],
    ]);
    expect(periodOf('quarter', '2025-07-01').key).toBe('2025-Q3');
    expect(periodOf('year', '2025-07-01').key).toBe('2025');
  });
});

describe('red / yellow / green', () => {
  it('judges the monthly committee meeting', () => {
    const cells = judgeYear(rule('committeeMeeting'), 2025, ['2025-01-10', '2025-03-31'], '2025-04-20');
    expect(cells.slice(0, 5).map((c) => c.status)).toEqual(['green', 'red', 'green', 'yellow', 'notDue']);
    expect(cells[1]!.explanation).toBe(
      '支部委员会：支部委员会会议一般每月召开 1 次（每月至少 1 次）。2025年2月已开 0 次，少 1 次，期限已过。',
    );
    expect(cells[3]!.explanation).toContain('距期末还有 10 天');
    expect(worstStatus(cells)).toBe('red');
    expect(currentCell(cells, '2025-04-20').period.key).toBe('2025-04');
  });

  it('counts a meeting on the last day of a quarter in that quarter', () => {
    const cells = judgeYear(rule('generalMeeting'), 2025, ['2025-03-31'], '2025-04-01');
    expect(cells[0]!.status).toBe('green');
    expect(cells[1]!.status).toBe('yellow');
  });

  it('follows a stricter local rule given as data', () => {
    const quarterly: MeetingRule = {
      ...rule('partyLecture'),
      period: 'quarter',
      basis: '本园区：党课每季度 1 次',
    };
    const cells = judgeYear(quarterly, 2025, ['2025-02-01'], '2025-07-15');
    expect(cells.map((c) => c.status)).toEqual(['green', 'red', 'yellow', 'notDue']);
    const twice: MeetingRule = { ...rule('themedDay'), minCount: 2 };
    expect(judgeYear(twice, 2025, ['2025-01-05'], '2025-02-01')[0]!.status).toBe('red');
  });
});

describe('the rules in words', () => {
  it('names the source and every rule', () => {
    expect(rulesInWords(DEFAULT_MEETING_RULES.slice(0, 2), null)).toBe(
      '按《中国共产党支部工作条例（试行）》的要求（园区未另行设置）：支部党员大会每季度至少 1 次，支部委员会每月至少 1 次。',
    );
    expect(
      rulesInWords(
        [{ kind: 'partyLecture', period: 'quarter', minCount: 2, basis: '园区要求' }],
        '2026-03-01',
      ),
    ).toBe('按园区自 2026-03-01 起执行的要求：党课每季度至少 2 次。');
  });
});
