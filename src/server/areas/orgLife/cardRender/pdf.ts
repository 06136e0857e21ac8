/**
 * The PDF back-end: pdf-lib pages with the Noto Sans SC files embedded and subset through the
 * fontkit adapter in text.ts (@pdf-lib/fontkit drops Chinese glyphs when subsetting; see DESIGN.md
 * "PDFs with Chinese").
 */
import type * as PdfLib from 'pdf-lib';
import { lazyRequire } from '../../../platform/lazy';
import { loadFont, pdfFontkit, textWidth, type FontWeight } from './text';
import {
  CARD_SIZE,
  layoutBirthdayCard,
  placeChars,
  type BirthdayCardData,
  type CardLayout,
  type Color,
  type Paint,
} from './layout';

/** pdf-lib is loaded on the first PDF card, not at start (its import takes a fifth of a second). */
const pdfLib = lazyRequire<typeof PdfLib>('pdf-lib');

const pdfColor = (c: Color) => pdfLib().rgb(c.r / 255, c.g / 255, c.b / 255);

/** Fill, stroke and opacity of a rect, circle or path, as pdf-lib's draw options. */
const paint = (sh: Paint) => ({
  color: sh.fill ? pdfColor(sh.fill) : undefined,
  borderColor: sh.stroke ? pdfColor(sh.stroke) : undefined,
  borderWidth: sh.stroke ? (sh.sw ?? 1) : 0,
  opacity: sh.opacity,
  borderOpacity: sh.opacity,
});

function drawLayout(page: PdfLib.PDFPage, layout: CardLayout, fonts: Record<FontWeight, PdfLib.PDFFont>) {
  const H = layout.height;
  for (const sh of layout.shapes) {
    switch (sh.t) {
      case 'rect':
        page.drawRectangle({
          x: sh.x,
          y: H - sh.y - sh.h,
          width: sh.w,
          height: sh.h,
          ...paint(sh),
        });
        break;
      case 'circle':
        page.drawCircle({
          x: sh.cx,
          y: H - sh.cy,
          size: sh.r,
          ...paint(sh),
        });
        break;
      case 'path':
        page.drawSvgPath(sh.d, {
          x: 0,
          y: H,
          ...paint(sh),
        });
        break;
      case 'text': {
        const font = fonts[sh.weight];
        const color = pdfColor(sh.color);
        if (sh.spacing) {
          for (const c of placeChars(sh))
            page.drawText(c.ch, { x: c.x, y: H - sh.y, size: sh.size, font, color });
        } else {
          const w = textWidth(sh.text, sh.size, sh.weight);
          const x = sh.align === 'center' ? sh.x - w / 2 : sh.align === 'right' ? sh.x - w : sh.x;
          page.drawText(sh.text, { x, y: H - sh.y, size: sh.size, font, color });
        }
        break;
      }
    }
  }
}

async function newCardDocument(title: string) {
  const doc = await pdfLib().PDFDocument.create();
  doc.registerFontkit(pdfFontkit as never);
  doc.setTitle(title);
  doc.setCreator('校园党建');
  doc.setProducer('校园党建 (pdf-lib)');
  const fonts = {
    regular: await doc.embedFont(loadFont('regular').bytes, { subset: true }),
    bold: await doc.embedFont(loadFont('bold').bytes, { subset: true }),
  };
  return { doc, fonts };
}

/** One card as a one-page PDF. */
export async function renderBirthdayCardPdf(data: BirthdayCardData): Promise<Uint8Array> {
  const { doc, fonts } = await newCardDocument(`${data.name} 政治生日贺卡`);
  const page = doc.addPage([CARD_SIZE.width, CARD_SIZE.height]);
  drawLayout(page, layoutBirthdayCard(data), fonts);
  return doc.save();
}

/**
 * Many cards as one PDF, a page each. `onProgress(done, total)` is awaited after each page, so a
 * caller can record progress (and the event loop gets a turn).
 */
export async function renderBirthdayCardsPdf(
  cards: readonly BirthdayCardData[],
  opts: { title: string; onProgress?: (done: number, total: number) => Promise<void> | void },
): Promise<Uint8Array> {
  const { doc, fonts } = await newCardDocument(opts.title);
  for (let i = 0; i < cards.length; i++) {
    const page = doc.addPage([CARD_SIZE.width, CARD_SIZE.height]);
    drawLayout(page, layoutBirthdayCard(cards[i]!), fonts);
    await opts.onProgress?.(i + 1, cards.length);
  }
  return doc.save();
}
