import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  CARD_PNG_SIZE,
  layoutBirthdayCard,
  renderBirthdayCardPdf,
  renderBirthdayCardPng,
  renderBirthdayCardSvg,
  renderBirthdayCardsPdf,
  textWidth,
  wrapText,
} from './cardRender';

const card = {
  name: '张晓明',
  joinedOn: '2004-02-29',
  birthdayOn: '2025-02-28',
  years: 21,
  message: '不忘入党初心，牢记党员身份。祝您政治生日快乐！',
  signature: '中共学校A第一党支部',
};

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

  it('renders PDFs with the font subset embedded (one page per card)', async () => {
    const one = await renderBirthdayCardPdf(card);
    expect(Buffer.from(one.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(one.length).toBeLessThan(200_000); // subset, not the 10 MB font
    const many = await renderBirthdayCardsPdf([card, { ...card, name: '李四' }, { ...card, name: '王五' }], {
      title: '测试',
      onProgress: () => undefined,
    });
    expect((await PDFDocument.load(many)).getPageCount()).toBe(3);
  });

  it('reports progress card by card', async () => {
    const seen: number[] = [];
    await renderBirthdayCardsPdf([card, card], { title: 't', onProgress: (done) => void seen.push(done) });
    expect(seen).toEqual([1, 2]);
  });
});
