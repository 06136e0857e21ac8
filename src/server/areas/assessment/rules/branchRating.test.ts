import { describe, expect, it } from 'vitest';
import type { RatingConfig } from '../../../../common/contracts/branchRating';
import {
  activitiesFigure,
  DEFAULT_RATING_CONFIG,
  duesFigure,
  evidenceFigure,
  meetingsFigure,
  ratingProblems,
  starsFor,
} from './branchRating';

const T = DEFAULT_RATING_CONFIG.thresholds;

describe('stars by threshold (≥ 90 ★★★★★, 80, 70, 60, 50)', () => {
  it('each line gives its stars exactly at the line and one tenth below gives one fewer', () => {
    expect(starsFor(1000, T)).toBe(5);
    expect(starsFor(900, T)).toBe(5);
    expect(starsFor(899, T)).toBe(4);
    expect(starsFor(800, T)).toBe(4);
    expect(starsFor(799, T)).toBe(3);
    expect(starsFor(700, T)).toBe(3);
    expect(starsFor(600, T)).toBe(2);
    expect(starsFor(599, T)).toBe(1);
    expect(starsFor(500, T)).toBe(1);
    expect(starsFor(499, T)).toBe(0);
    expect(starsFor(0, T)).toBe(0);
  });
  it('the order thresholds are listed in does not matter', () => {
    expect(starsFor(850, [...T].reverse())).toBe(4);
  });
});

describe('computed figures', () => {
  it('三会一课: the share of due periods kept × max, rounded to a tenth', () => {
    expect(meetingsFigure(42, 42, 30).tenths).toBe(300);
    expect(meetingsFigure(23, 42, 30).tenths).toBe(164); // 16.43 → 16.4
    expect(meetingsFigure(0, 42, 30).tenths).toBe(0);
    expect(meetingsFigure(0, 0, 30)).toEqual({ tenths: 0, detail: '本年度尚无到期的会议周期' });
    expect(meetingsFigure(1, 2, 30).detail).toBe('到期 2 期，按要求召开 1 期（50%）');
  });
  it('党费: paid of due × max; an overpayment counts only up to what was due; all exempt is full; none is zero', () => {
    expect(duesFigure(3500, 3500, 4, 20).tenths).toBe(200);
    expect(duesFigure(5000, 3500, 4, 20).tenths).toBe(200);
    expect(duesFigure(2500, 3500, 4, 20).tenths).toBe(143); // 14.29 → 14.3
    expect(duesFigure(0, 0, 3, 20).tenths).toBe(200);
    expect(duesFigure(0, 0, 0, 20).tenths).toBe(0);
  });
  it('主题活动: points each up to the cap, the activity that crosses it trimmed', () => {
    expect(activitiesFigure(0, 3, 15).tenths).toBe(0);
    expect(activitiesFigure(4, 3, 15).tenths).toBe(120);
    expect(activitiesFigure(5, 3, 15)).toEqual({ tenths: 150, detail: '已举办 5 次，每次 3 分' });
    expect(activitiesFigure(6, 3, 15)).toEqual({
      tenths: 150,
      detail: '已举办 6 次，每次 3 分，已达上限 15 分',
    });
    expect(activitiesFigure(3, 2.5, 15).tenths).toBe(75);
  });
  it('佐证材料: scored evidence added, up to max', () => {
    expect(evidenceFigure([], 20).tenths).toBe(0);
    expect(evidenceFigure([80, 75], 20).tenths).toBe(155);
    expect(evidenceFigure([150, 50], 20).tenths).toBe(200);
    expect(evidenceFigure([150, 51], 20).tenths).toBe(200);
  });
});

describe('scheme checks', () => {
  it('the default is sound and adds up to 100', () => {
    expect(ratingProblems(DEFAULT_RATING_CONFIG)).toEqual([]);
    expect(DEFAULT_RATING_CONFIG.standards.reduce((a, s) => a + s.max, 0)).toBe(100);
  });
  const withThresholds = (thresholds: RatingConfig['thresholds']) => ({
    ...DEFAULT_RATING_CONFIG,
    thresholds,
  });
  it('thresholds must fall as the stars fall, one per level', () => {
    const swapped = withThresholds([
      { stars: 5, min: 80 },
      { stars: 4, min: 90 },
      { stars: 3, min: 70 },
      { stars: 2, min: 60 },
      { stars: 1, min: 50 },
    ]);
    expect(ratingProblems(swapped)[0]!.message).toContain('应低于 5 星');
    const equal = withThresholds([
      { stars: 5, min: 90 },
      { stars: 4, min: 90 },
      { stars: 3, min: 70 },
      { stars: 2, min: 60 },
      { stars: 1, min: 50 },
    ]);
    expect(ratingProblems(equal)).toHaveLength(1);
    const twice = withThresholds([
      { stars: 5, min: 90 },
      { stars: 5, min: 80 },
      { stars: 3, min: 70 },
      { stars: 2, min: 60 },
      { stars: 1, min: 50 },
    ]);
    expect(ratingProblems(twice)[0]!.message).toContain('不能重复');
  });
  it('maxima must add up to 100; keys unique; activities need their points each', () => {
    const [a, b, c, ...rest] = DEFAULT_RATING_CONFIG.standards;
    expect(ratingProblems({ ...DEFAULT_RATING_CONFIG, standards: [a!, b!, c!] })[0]!.message).toContain('65');
    expect(
      ratingProblems({ ...DEFAULT_RATING_CONFIG, standards: [a!, { ...b!, key: a!.key }, c!, ...rest] })[0]!
        .message,
    ).toContain('重复');
    expect(
      ratingProblems({
        ...DEFAULT_RATING_CONFIG,
        standards: [a!, b!, { ...c!, pointsEach: null }, ...rest],
      })[0]!.message,
    ).toContain('每次活动的分值');
  });
});
