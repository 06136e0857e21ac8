import { describe, expect, it } from 'vitest';
import { layoutBirthdayCard } from './layout';
import { card } from './cardFixture';

describe('the card', () => {
  it('carries the name, the joining date, the years and the message', () => {
    const texts = layoutBirthdayCard(card)
      .shapes.filter((s) => s.t === 'text')
      .map((s) => (s.t === 'text' ? s.text : ''))
      .join('');
    expect(texts).toContain('张晓明');
    expect(texts).toContain('2004年2月29日');
    expect(texts).toContain('21');
    expect(texts).toContain('不忘入党初心');
    expect(texts).toContain('中共学校A第一党支部');
  });
});
