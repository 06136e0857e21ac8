/**
 * Printable results of the year (RULES.md §6 "→ plaque"): a certificate (荣誉证书) per awarded
 * vanguard and the plaque list (挂牌名单) — PDFs with the Noto Sans SC font embedded and subset,
 * through the same fonts and fontkit adapter as the birthday cards (orgLife/cardRender/text.ts).
 */
import type * as PdfLib from 'pdf-lib';
import { lazyRequire } from '../../platform/lazy';
import { loadFont, pdfFontkit, textWidth, wrapText, type FontWeight } from '../orgLife/cardRender/text';
import { chineseDate } from '../orgLife/cardRender/layout';

const pdfLib = lazyRequire<typeof PdfLib>('pdf-lib');

const RED = () => pdfLib().rgb(0.72, 0.07, 0.08);
const GOLD = () => pdfLib().rgb(0.78, 0.6, 0.22);
const INK = () => pdfLib().rgb(0.13, 0.13, 0.13);

async function newDocument(title: string) {
  const doc = await pdfLib().PDFDocument.create();
  doc.registerFontkit(pdfFontkit as never);
  doc.setTitle(title);
  doc.setCreator('校园党建');
  const fonts: Record<FontWeight, PdfLib.PDFFont> = {
    regular: await doc.embedFont(loadFont('regular').bytes, { subset: true }),
    bold: await doc.embedFont(loadFont('bold').bytes, { subset: true }),
  };
  return { doc, fonts };
}

export interface CertificateData {
  name: string;
  post: string;
  year: number;
  issuer: string;
  /** 'YYYY-MM-DD' */
  issuedOn: string;
}

const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
const A4: [number, number] = [595.28, 841.89];

function centred(
  page: PdfLib.PDFPage,
  text: string,
  y: number,
  size: number,
  font: PdfLib.PDFFont,
  weight: FontWeight,
  color = INK(),
) {
  const [w] = [page.getWidth()];
  page.drawText(text, { x: (w - textWidth(text, size, weight)) / 2, y, size, font, color });
}

/** One certificate per page, A4 landscape. */
export async function certificatesPdf(items: readonly CertificateData[], title: string): Promise<Uint8Array> {
  const { doc, fonts } = await newDocument(title);
  for (const c of items) {
    const page = doc.addPage(A4_LANDSCAPE);
    const [W, H] = A4_LANDSCAPE;
    page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: RED(), borderWidth: 6 });
    page.drawRectangle({
      x: 38,
      y: 38,
      width: W - 76,
      height: H - 76,
      borderColor: GOLD(),
      borderWidth: 1.5,
    });
    centred(page, '荣 誉 证 书', H - 150, 54, fonts.bold, 'bold', RED());
    const body = `在 ${c.year} 年度党员先锋岗创建评选活动中，经支部推荐、党总支审核并公示，被评为“${c.post}”。`;
    const lines = wrapText(body, 24, W - 260, 'regular', 2);
    page.drawText(`${c.name} 同志：`, { x: 130, y: H - 250, size: 26, font: fonts.bold, color: INK() });
    lines.forEach((line, i) =>
      page.drawText(line, {
        x: 130 + (i === 0 ? 48 : 0),
        y: H - 300 - i * 40,
        size: 24,
        font: fonts.regular,
        color: INK(),
      }),
    );
    page.drawText('特发此证，以资鼓励。', {
      x: 178,
      y: H - 300 - lines.length * 40 - 10,
      size: 24,
      font: fonts.regular,
      color: INK(),
    });
    const right = W - 130;
    page.drawText(c.issuer, {
      x: right - textWidth(c.issuer, 22, 'bold'),
      y: 130,
      size: 22,
      font: fonts.bold,
      color: INK(),
    });
    const date = chineseDate(c.issuedOn);
    page.drawText(date, {
      x: right - textWidth(date, 20, 'regular'),
      y: 96,
      size: 20,
      font: fonts.regular,
      color: INK(),
    });
  }
  return doc.save();
}

export interface PlaqueRow {
  name: string;
  school: string | null;
  branch: string;
  post: string;
  score: number;
  band: string;
}

/** The plaque list: a numbered table, A4 portrait, as many pages as it needs. */
export async function plaqueListPdf(
  rows: readonly PlaqueRow[],
  heading: string,
  issuer: string,
  issuedOn: string,
) {
  const { doc, fonts } = await newDocument(heading);
  const [W, H] = A4;
  const cols: { label: string; x: number; width: number }[] = [
    { label: '序号', x: 48, width: 36 },
    { label: '姓名', x: 90, width: 70 },
    { label: '学校 · 支部', x: 166, width: 170 },
    { label: '先锋岗', x: 342, width: 120 },
    { label: '得分', x: 468, width: 40 },
    { label: '等次', x: 512, width: 40 },
  ];
  const fit = (text: string, width: number, size: number) => {
    let t = text;
    while (t.length > 1 && textWidth(t, size) > width) t = t.slice(0, -1);
    return t === text ? t : `${t.slice(0, -1)}…`;
  };
  let page = doc.addPage(A4);
  let y = H - 80;
  const header = () => {
    centred(page, heading, y, 20, fonts.bold, 'bold', RED());
    y -= 40;
    for (const c of cols) page.drawText(c.label, { x: c.x, y, size: 11, font: fonts.bold, color: INK() });
    y -= 8;
    page.drawLine({ start: { x: 44, y }, end: { x: W - 44, y }, thickness: 1, color: RED() });
    y -= 18;
  };
  header();
  rows.forEach((r, i) => {
    if (y < 90) {
      page = doc.addPage(A4);
      y = H - 80;
      header();
    }
    const cells = [
      String(i + 1),
      r.name,
      r.school ? `${r.school} · ${r.branch}` : r.branch,
      r.post,
      String(r.score),
      r.band,
    ];
    cells.forEach((text, j) =>
      page.drawText(fit(text, cols[j]!.width, 11), {
        x: cols[j]!.x,
        y,
        size: 11,
        font: fonts.regular,
        color: INK(),
      }),
    );
    y -= 22;
  });
  if (!rows.length) page.drawText('（无）', { x: 48, y, size: 11, font: fonts.regular, color: INK() });
  y -= 30;
  const sign = `${issuer}  ${chineseDate(issuedOn)}`;
  page.drawText(sign, {
    x: W - 48 - textWidth(sign, 12),
    y: Math.max(y, 60),
    size: 12,
    font: fonts.regular,
    color: INK(),
  });
  return doc.save();
}
