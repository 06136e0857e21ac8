import { describe, expect, it } from 'vitest';
import { textWidth, wrapText } from './text';

describe('text layout', () => {
  it('measures Chinese text with the embedded font', () => {
    expect(textWidth('党', 10)).toBeCloseTo(10, 0); // full-width: one em
    expect(textWidth('党员', 10)).toBeCloseTo(2 * textWidth('党', 10), 5);
  });

  it('wraps by width without starting a line with closing punctuation, keeping dates whole', () => {
    const lines = wrapText('您于2010年3月15日光荣加入中国共产党。值此之际，谨致祝贺！', 12, 150);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(150 + 12);
    for (const l of lines.slice(1)) expect('，。！').not.toContain(l[0]);
    expect(lines.some((l) => l.includes('2010年3月15日'))).toBe(true);
    expect(wrapText('一\n二', 12, 100)).toEqual(['一', '二']);
  });
});
