import { describe, expect, it } from 'vitest';
import type { StatsFigures, StatsView } from '../../../../common/contracts/assessmentStats';
import { changeWords, formatNumber, reportParagraph } from './report';

const figures = (f: Partial<StatsFigures> = {}): StatsFigures => ({
  honouredMembers: 0,
  honouredByLevel: { school: 0, county: 0, city: 0, province: 0, nation: 0 },
  coachingMembers: 0,
  coachedStudents: 0,
  paperMembers: 0,
  awardedPapers: 0,
  titlePromotions: 0,
  vanguardPosts: 0,
  selfEvaluations: 0,
  dedicationHours: 0,
  homeVisits: 0,
  enterpriseVisits: 0,
  ...f,
});

const view = (current: StatsFigures, previous: StatsFigures): StatsView => ({
  year: 2026,
  previousYear: 2025,
  scopeName: '园区党总支',
  parkWide: true,
  total: { current, previous },
  schools: [],
  branches: [],
});

describe('the report paragraph', () => {
  it('prints hours with their one decimal only when there is one', () => {
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(12.5)).toBe('12.5');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
  });

  it('words the change from last year', () => {
    expect(changeWords(19, 16, '名')).toBe('增加 3 名');
    expect(changeWords(4, 6, '篇')).toBe('减少 2 篇');
    expect(changeWords(7, 7, '个')).toBe('持平');
    expect(changeWords(10.5, 12, '小时')).toBe('减少 1.5 小时');
  });

  it('lists the honour levels from the highest down, leaving out the empty ones', () => {
    const text = reportParagraph(
      view(
        figures({
          honouredMembers: 19,
          honouredByLevel: { school: 10, county: 0, city: 6, province: 3, nation: 0 },
          dedicationHours: 120.5,
        }),
        figures(),
      ),
    );
    expect(text).toContain(
      '2026 年，园区党总支共有 19 名党员获评先进（其中省级 3 名、市级 6 名、校级 10 名），',
    );
    expect(text).toContain('党员奉献日累计服务 120.5 小时，');
    // Nothing recorded the year before: no comparison.
    expect(text).not.toContain('与 2025 年相比');
  });

  it('compares with the year before when it has figures, decreases included', () => {
    const text = reportParagraph(
      view(
        figures({ honouredMembers: 19, coachedStudents: 30, awardedPapers: 23, dedicationHours: 40 }),
        figures({
          honouredMembers: 21,
          coachedStudents: 30,
          awardedPapers: 20,
          vanguardPosts: 2,
          dedicationHours: 42.5,
        }),
      ),
    );
    expect(text).toContain(
      '与 2025 年相比，获评先进的党员减少 2 名，获奖学生持平，获奖论文增加 3 篇，职称晋升的党员持平，' +
        '党员先锋岗减少 2 个，奉献日服务时长减少 2.5 小时。',
    );
  });
});
