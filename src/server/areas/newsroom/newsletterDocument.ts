import type { IRunOptions, Paragraph, Table } from 'docx';
import { escapeHtml, htmlToParagraphs, parseRichText } from '../../platform/sanitize';
import { lazy } from '../../platform/lazy';
import type { IssueFull } from './presenter';
import {
  bodyNumbering,
  bodyStyles,
  font,
  imageSources,
  richTextToDocx,
  type EmbeddedImage,
} from './richTextDocx';

/**
 * 「校园党建」简讯 as printed: a bulletin .docx (A4, Chinese fonts) and a printable HTML page of
 * the same issue. Pure rendering; the issue is loaded by queries/newsletters.ts.
 */

export const NEWSLETTER_MASTHEAD = '「校园党建」简讯';

const CN_DIGITS = '〇一二三四五六七八九';
/** '2025-05-01' → '二〇二五年五月一日' (as printed on bulletins). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const small = (n: number) => {
    if (n < 10) return CN_DIGITS[n]!;
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens > 1 ? CN_DIGITS[tens] : ''}十${ones ? CN_DIGITS[ones] : ''}`;
  };
  const year = String(y)
    .split('')
    .map((c) => CN_DIGITS[Number(c)])
    .join('');
  return `${year}年${small(m)}月${small(d)}日`;
}

const shanghaiDay = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d) : null;

const RED = 'C00000';
/** docx is loaded on the first Word download, not at start. */
const loadDocx = lazy(() => import('docx'));

// A4 in twips, and the bulletin's margins: the text column images and tables are fitted to.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1701, bottom: 1474, left: 1531, right: 1417 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;

export interface IssueDocxOptions {
  /** The bytes of a body's image by its src (null when missing: a placeholder is printed). */
  loadImage?: (src: string) => Promise<EmbeddedImage | null>;
  /** The site's address, for the body's relative links. */
  siteUrl?: string;
}

/** The issue as a printed bulletin: A4, red masthead, issue line, double rule, articles. */
export async function renderIssueDocx(
  full: IssueFull,
  publisher: string,
  opts: IssueDocxOptions = {},
): Promise<Buffer> {
  const lib = await loadDocx();
  const {
    AlignmentType,
    BorderStyle,
    Document,
    Footer,
    HeadingLevel,
    Packer,
    PageNumber,
    Paragraph,
    TextRun,
  } = lib;
  const run = (text: string, opts: Omit<IRunOptions, 'text'> = {}) =>
    new TextRun({ text, font: font('SimSun'), size: 28, ...opts });
  const { issue, articles } = full;
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 200 },
      children: [
        run(issue.title || NEWSLETTER_MASTHEAD, { font: font('SimSun'), size: 72, bold: true, color: RED }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [run(`第 ${issue.number} 期`, { font: font('FangSong'), size: 32 })],
    }),
    new Paragraph({
      tabStops: [{ type: 'right', position: 9000 }],
      spacing: { after: 240 },
      border: { bottom: { style: BorderStyle.THICK_THIN_LARGE_GAP, size: 24, color: RED, space: 4 } },
      children: [
        run(publisher, { font: font('FangSong'), size: 28 }),
        run(`\t${chineseDate(issue.issueDate)}`, { font: font('FangSong'), size: 28 }),
      ],
    }),
  ];
  if (issue.editorNote?.trim()) {
    children.push(
      new Paragraph({
        spacing: { before: 120, after: 240, line: 400 },
        indent: { firstLine: 560 },
        children: [
          run('编者按：', { font: font('SimHei'), size: 28, bold: true }),
          run(issue.editorNote.trim(), { font: font('KaiTi'), size: 28 }),
        ],
      }),
    );
  }
  const bodies = articles.map((a) => parseRichText(a.bodyHtml));
  const images = new Map<string, EmbeddedImage | null>();
  for (const src of new Set(bodies.flatMap(imageSources))) {
    // One picture that cannot be read must not cost the whole download.
    images.set(src, opts.loadImage ? await opts.loadImage(src).catch(() => null) : null);
  }
  const lists = { next: 1 };
  articles.forEach((a, i) => {
    // The title is the article's Heading 1, so the body's h2… sit under it in the outline.
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? 240 : 480, after: 120 },
        keepNext: true,
        children: [run(a.title, { font: font('SimHei'), size: 36, bold: true })],
      }),
    );
    if (a.subtitle) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [run(a.subtitle, { font: font('KaiTi'), size: 28 })],
        }),
      );
    }
    const meta = [
      a.source && `来源：${a.source}`,
      a.author && `作者：${a.author}`,
      shanghaiDay(a.publishedAt),
    ]
      .filter(Boolean)
      .join('\u3000');
    if (meta) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [run(meta, { font: font('KaiTi'), size: 24, color: '555555' })],
        }),
      );
    }
    children.push(
      ...richTextToDocx(lib, bodies[i]!, {
        textWidth: TEXT_WIDTH,
        textHeight: TEXT_HEIGHT,
        images,
        siteUrl: opts.siteUrl,
        lists,
      }),
    );
  });
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      border: { top: { style: BorderStyle.SINGLE, size: 8, color: RED, space: 4 } },
      children: [
        run(`报：园区党总支\u3000\u3000送：各学校党组织\u3000\u3000（共印发，第 ${issue.number} 期）`, {
          font: font('FangSong'),
          size: 24,
        }),
      ],
    }),
  );
  const doc = new Document({
    creator: publisher,
    title: `${issue.title} 第${issue.number}期`,
    styles: bodyStyles(lib),
    numbering: { config: bodyNumbering(lib) },
    sections: [
      {
        properties: {
          page: {
            size: PAGE,
            margin: MARGIN,
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('SimSun'), size: 24 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A self-contained, printable HTML page of the issue (A4 print CSS, no scripts). */
export function renderIssueHtml(full: IssueFull, publisher: string): string {
  const { issue, articles } = full;
  const e = escapeHtml;
  const body = articles
    .map((a) => {
      const meta = [
        a.source && `来源：${a.source}`,
        a.author && `作者：${a.author}`,
        shanghaiDay(a.publishedAt),
      ]
        .filter(Boolean)
        .join('\u3000');
      const paras = htmlToParagraphs(a.bodyHtml)
        .map((p) => `<p>${e(p)}</p>`)
        .join('');
      return `<article><h2>${e(a.title)}</h2>${a.subtitle ? `<p class="sub">${e(a.subtitle)}</p>` : ''}${meta ? `<p class="meta">${e(meta)}</p>` : ''}${paras}</article>`;
    })
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(issue.title)} 第${issue.number}期</title>
<style>
@page{size:A4;margin:25mm 25mm 22mm 27mm}
body{margin:0 auto;max-width:720px;padding:24px;font-family:FangSong,"STFangsong","Noto Serif CJK SC",SimSun,serif;font-size:16pt;line-height:1.75;color:#111;background:#fff}
.mast{text-align:center;color:#c00000;font-family:SimSun,"Noto Serif CJK SC",serif;font-size:40pt;font-weight:bold;letter-spacing:.1em;margin:0}
.no{text-align:center;margin:.3em 0}
.line{display:flex;justify-content:space-between;border-bottom:4px double #c00000;padding-bottom:.3em;margin-bottom:1em}
.note{text-indent:2em;font-family:KaiTi,"STKaiti",serif}.note b{font-family:SimHei,sans-serif}
h2{text-align:center;font-family:SimHei,"Noto Sans CJK SC",sans-serif;font-size:18pt;margin:1.6em 0 .4em;page-break-after:avoid}
.sub,.meta{text-align:center;font-family:KaiTi,"STKaiti",serif;margin:.2em 0}.meta{font-size:12pt;color:#555}
article p:not(.sub):not(.meta){text-indent:2em;margin:0;text-align:justify}
footer{border-top:1px solid #c00000;margin-top:2em;padding-top:.4em;font-size:12pt}
@media print{body{padding:0;max-width:none}}
</style></head><body>
<h1 class="mast">${e(issue.title || NEWSLETTER_MASTHEAD)}</h1>
<p class="no">第 ${issue.number} 期</p>
<div class="line"><span>${e(publisher)}</span><span>${e(chineseDate(issue.issueDate))}</span></div>
${issue.editorNote?.trim() ? `<p class="note"><b>编者按：</b>${e(issue.editorNote.trim())}</p>` : ''}
${body}
<footer>报：园区党总支\u3000\u3000送：各学校党组织</footer>
</body></html>`;
}
