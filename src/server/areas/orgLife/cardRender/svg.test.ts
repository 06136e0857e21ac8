import { describe, expect, it } from 'vitest';
import { CARD_PNG_SIZE } from './layout';
import { renderBirthdayCardPng, renderBirthdayCardSvg } from './svg';
import { card } from './cardFixture';

describe('the card as SVG and PNG', () => {
  it('escapes text in the SVG', () => {
    expect(renderBirthdayCardSvg({ ...card, name: '<a&b>' })).toContain('&lt;a&amp;b&gt;');
  });

  // How fast it renders is the benchmark's question (npm run bench:orglife), not a test's.
  it('renders a PNG of the print size, the same for the same card and different for another', () => {
    const png = renderBirthdayCardPng(card);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(CARD_PNG_SIZE.width);
    expect(png.readUInt32BE(20)).toBe(CARD_PNG_SIZE.height);
    expect(png.length).toBeGreaterThan(50_000); // a blank page compresses to a few KB
    expect(renderBirthdayCardPng(card).equals(png)).toBe(true);
    expect(renderBirthdayCardPng({ ...card, name: '李四' }).equals(png)).toBe(false);
  });
});
