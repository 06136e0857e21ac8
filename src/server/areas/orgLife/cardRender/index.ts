/**
 * The political-birthday greeting card, as PNG and as PDF, from one layout.
 *
 * The card is laid out once as a list of drawing primitives in PDF points (layout.ts); two small
 * back-ends draw that list: an SVG string rendered to PNG by resvg (svg.ts, with the Noto Sans SC
 * files loaded explicitly, no system fonts), and pdf-lib pages (pdf.ts, with the same TTFs embedded
 * through upstream fontkit@2 behind a small adapter, subsetting on — @pdf-lib/fontkit drops Chinese
 * glyphs when subsetting; see DESIGN.md "PDFs with Chinese"). Text is measured with the same font
 * (text.ts), so line breaks are identical in both. Pure apart from reading the font files once.
 */
export { FONT_FILES, pdfFontkit, textWidth, wrapText, type FontWeight } from './text';
export {
  CARD_PNG_SIZE,
  CARD_SIZE,
  chineseDate,
  layoutBirthdayCard,
  type BirthdayCardData,
  type CardLayout,
  type Color,
} from './layout';
export { layoutToSvg, renderBirthdayCardPng, renderBirthdayCardSvg } from './svg';
export { renderBirthdayCardPdf, renderBirthdayCardsPdf } from './pdf';
