import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderBirthdayCardPdf, renderBirthdayCardsPdf } from './pdf';
import { card } from './cardFixture';

describe('the card as PDF', () => {
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
