/**
 * The political-birthday greeting card, as PNG and as PDF, from one layout.
 *
 * The card is laid out once as a list of drawing primitives in PDF points (A5 landscape, y down);
 * two small back-ends draw that list: an SVG string rendered to PNG by resvg (with the Noto Sans SC
 * files loaded explicitly, no system fonts), and pdf-lib pages (with the same TTFs embedded through
 * upstream fontkit@2 behind a small adapter, subsetting on — @pdf-lib/fontkit drops Chinese glyphs
 * when subsetting; see DESIGN.md "PDFs with Chinese"). Text is measured with the same font, so line
 * breaks are identical in both. Pure apart from reading the font files once.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { Resvg } from '@resvg/resvg-js';

// ——— fonts ———

const require = createRequire(import.meta.url);
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;
export type FontWeight = keyof typeof FONT_FILES;
/** Upstream fontkit@2 (untyped; loaded through require so Node picks its CommonJS build). */
const fontkit = require('fontkit') as { create(bytes: Buffer): FkFont };

/** What we use of a fontkit@2 font. */
interface FkGlyph {
  id: number;
  advanceWidth: number;
  path: { toSVG(): string };
}
interface FkSubset {
  includeGlyph(glyph: number | FkGlyph): number;
  encode(): Uint8Array;
}
interface FkFont {
  unitsPerEm: number;
  directory: { tables: Record<string, unknown> };
  layout(text: string): { glyphs: FkGlyph[]; positions: { xAdvance: number }[]; advanceWidth: number };
  createSubset(): FkSubset;
}

interface LoadedFont {
  bytes: Buffer;
  font: FkFont;
}
const loaded = new Map<FontWeight, LoadedFont>();
const byBytes = new WeakMap<object, FkFont>();

function loadFont(weight: FontWeight): LoadedFont {
  let f = loaded.get(weight);
  if (!f) {
    const bytes = fs.readFileSync(FONT_FILES[weight]);
    const font = fontkit.create(bytes);
    f = { bytes, font };
    loaded.set(weight, f);
    byBytes.set(bytes, font);
  }
  return f;
}

/**
 * The fontkit pdf-lib expects (its fork's API) on top of upstream fontkit@2: a parsed font is
 * reused for the same bytes (parsing a 10 MB TTF per document would dominate), and a subset gets
 * the `encodeStream()` and `cff` pdf-lib reads.
 */
export const pdfFontkit = {
  create(data: Uint8Array): FkFont {
    const font =
      byBytes.get(data) ?? fontkit.create(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    const isCff = 'CFF ' in font.directory.tables || 'CFF2' in font.directory.tables;
    return new Proxy(font, {
      get(target, prop, receiver) {
        if (prop === 'createSubset') {
          return () => {
            const subset = target.createSubset();
            return {
              cff: isCff,
              includeGlyph: (g: number | FkGlyph) => subset.includeGlyph(g),
              encodeStream() {
                const listeners: Record<string, ((arg?: unknown) => void)[]> = {};
                const emitter = {
                  on(event: string, fn: (arg?: unknown) => void) {
                    (listeners[event] ??= []).push(fn);
                    return emitter;
                  },
                };
                queueMicrotask(() => {
                  try {
                    const bytes = subset.encode();
                    for (const fn of listeners.data ?? []) fn(bytes);
                    for (const fn of listeners.end ?? []) fn();
                  } catch (err) {
                    for (const fn of listeners.error ?? []) fn(err);
                  }
                });
                return emitter;
              },
            };
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  },
};

/** Width of `text` at `size` points in the given weight. */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  const { font } = loadFont(weight);
  return (font.layout(text).advanceWidth * size) / font.unitsPerEm;
}

/**
 * Breaks text into lines no wider than `maxWidth`, character by character (Chinese has no spaces),
 * keeping closing punctuation off the start of a line (避头点). Explicit newlines start paragraphs;
 * `indent` (in characters) indents each paragraph's first line.
 */
export function wrapText(
  text: string,
  size: number,
  maxWidth: number,
  weight: FontWeight = 'regular',
  indent = 0,
): string[] {
  const noStart = new Set([...'，。、；：！？）》」』”’,.;:!?)…—']);
  const lines: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    // Break units: a whole Chinese date, '第 N 个', a run of Latin letters or digits, or one character.
    const tokens = para.trim().match(/\d{4}年\d{1,2}月\d{1,2}日|第 ?\d+ ?个|[0-9A-Za-z]+|./gsu) ?? [];
    if (!tokens.length) continue;
    let line = '\u3000'.repeat(indent);
    for (const tok of tokens) {
      const next = line + tok;
      if (textWidth(next, size, weight) > maxWidth && line.trim() && !noStart.has(tok)) {
        lines.push(line.trimEnd());
        line = tok.trimStart();
      } else {
        line = next;
      }
    }
    if (line.trim()) lines.push(line);
  }
  return lines;
}

// ——— layout primitives (points, origin top-left, y down) ———

export interface Color {
  r: number;
  g: number;
  b: number;
}
const hex = (h: string): Color => ({
  r: parseInt(h.slice(1, 3), 16),
  g: parseInt(h.slice(3, 5), 16),
  b: parseInt(h.slice(5, 7), 16),
});

type Shape =
  | {
      t: 'rect';
      x: number;
      y: number;
      w: number;
      h: number;
      fill?: Color;
      stroke?: Color;
      sw?: number;
      opacity?: number;
    }
  | {
      t: 'circle';
      cx: number;
      cy: number;
      r: number;
      fill?: Color;
      stroke?: Color;
      sw?: number;
      opacity?: number;
    }
  | { t: 'path'; d: string; fill?: Color; stroke?: Color; sw?: number; opacity?: number }
  | {
      t: 'text';
      x: number;
      /** Baseline. */
      y: number;
      text: string;
      size: number;
      weight: FontWeight;
      color: Color;
      align: 'left' | 'center' | 'right';
      /** Extra space after each character, in points. */
      spacing?: number;
    };

export interface CardLayout {
  width: number;
  height: number;
  shapes: Shape[];
}

// ——— the card ———

export interface BirthdayCardData {
  name: string;
  /** 入党时间, 'YYYY-MM-DD'. */
  joinedOn: string;
  /** The political birthday being celebrated, 'YYYY-MM-DD'. */
  birthdayOn: string;
  /** Which political birthday (years since joining). */
  years: number;
  /** The host's message (branch or general branch). */
  message: string;
  /** Signed as, e.g. '中共学校A第一党支部'. */
  signature: string;
}

/** A5 landscape. */
export const CARD_SIZE = { width: 595.28, height: 419.53 } as const;
/** PNG pixels: A5 at 150 dpi. */
export const CARD_PNG_SIZE = { width: 1240, height: 874 } as const;

const RED = hex('#A5121B');
const RED_LIGHT = hex('#BE2A2E');
const GOLD = hex('#E2BC63');
const GOLD_DEEP = hex('#C89B3C');
const CREAM = hex('#FFF3D6');

export const chineseDate = (date: string) =>
  `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

/** A five-pointed star path centred at (cx, cy). */
function star(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rad = i % 2 === 0 ? r : r * 0.382;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + rad * Math.cos(a)).toFixed(2)} ${(cy + rad * Math.sin(a)).toFixed(2)}`);
  }
  return `M ${pts.join(' L ')} Z`;
}

/** A 回纹-like corner ornament whose corner is at (x, y), opening towards (dx, dy) = (±1, ±1). */
function corner(x: number, y: number, dx: number, dy: number): string {
  const p = (a: number, b: number) => `${(x + a * dx).toFixed(2)} ${(y + b * dy).toFixed(2)}`;
  return [
    `M ${p(0, 46)} L ${p(0, 0)} L ${p(46, 0)}`,
    `M ${p(8, 30)} L ${p(8, 8)} L ${p(30, 8)}`,
    `M ${p(16, 22)} L ${p(16, 16)} L ${p(22, 16)}`,
  ].join(' ');
}

export function layoutBirthdayCard(data: BirthdayCardData): CardLayout {
  const { width: W, height: H } = CARD_SIZE;
  const s: Shape[] = [];
  s.push({ t: 'rect', x: 0, y: 0, w: W, h: H, fill: RED });
  // Soft rings behind the medallion.
  for (const [r, o] of [
    [150, 0.35],
    [118, 0.45],
  ] as const) {
    s.push({ t: 'circle', cx: 468, cy: 214, r, stroke: RED_LIGHT, sw: 10, opacity: o });
  }
  // Frames and corners.
  s.push({ t: 'rect', x: 14, y: 14, w: W - 28, h: H - 28, stroke: GOLD, sw: 2.2 });
  s.push({ t: 'rect', x: 21, y: 21, w: W - 42, h: H - 42, stroke: GOLD_DEEP, sw: 0.8 });
  for (const [x, y, dx, dy] of [
    [28, 28, 1, 1],
    [W - 28, 28, -1, 1],
    [28, H - 28, 1, -1],
    [W - 28, H - 28, -1, -1],
  ] as const) {
    s.push({ t: 'path', d: corner(x, y, dx, dy), stroke: GOLD, sw: 1.4 });
  }

  // Title with stars.
  const title = '政治生日快乐';
  s.push({
    t: 'text',
    x: W / 2,
    y: 84,
    text: title,
    size: 34,
    weight: 'bold',
    color: GOLD,
    align: 'center',
    spacing: 8,
  });
  for (const [cx, r] of [
    [W / 2 - 164, 9],
    [W / 2 - 186, 5.5],
    [W / 2 + 164, 9],
    [W / 2 + 186, 5.5],
  ] as const) {
    s.push({ t: 'path', d: star(cx, 72, r), fill: GOLD });
  }
  // Divider with a diamond.
  s.push({
    t: 'path',
    d: `M ${W / 2 - 150} 104 L ${W / 2 - 8} 104 M ${W / 2 + 8} 104 L ${W / 2 + 150} 104`,
    stroke: GOLD_DEEP,
    sw: 0.9,
  });
  s.push({
    t: 'path',
    d: `M ${W / 2} 99 L ${W / 2 + 5} 104 L ${W / 2} 109 L ${W / 2 - 5} 104 Z`,
    fill: GOLD,
  });

  // Medallion: the number of the political birthday.
  const mx = 468;
  const my = 214;
  s.push({ t: 'circle', cx: mx, cy: my, r: 70, fill: RED, stroke: GOLD, sw: 2.5 });
  s.push({ t: 'circle', cx: mx, cy: my, r: 63, stroke: GOLD_DEEP, sw: 0.8 });
  s.push({
    t: 'text',
    x: mx,
    y: my - 28,
    text: '第',
    size: 14,
    weight: 'regular',
    color: CREAM,
    align: 'center',
  });
  const yearsText = String(data.years);
  s.push({
    t: 'text',
    x: mx,
    y: my + 22,
    text: yearsText,
    size: yearsText.length > 2 ? 40 : 50,
    weight: 'bold',
    color: GOLD,
    align: 'center',
  });
  s.push({
    t: 'text',
    x: mx,
    y: my + 46,
    text: '个政治生日',
    size: 13,
    weight: 'regular',
    color: CREAM,
    align: 'center',
  });

  // Greeting text, left column.
  const left = 58;
  const textWidthMax = 330;
  let y = 150;
  s.push({
    t: 'text',
    x: left,
    y,
    text: `亲爱的 ${data.name} 同志：`,
    size: 16,
    weight: 'bold',
    color: CREAM,
    align: 'left',
  });
  y += 30;
  const body = `您于${chineseDate(data.joinedOn)}光荣加入中国共产党。值此第 ${data.years} 个政治生日之际，谨向您致以诚挚的祝贺！`;
  const lines = [
    ...wrapText(body, 12.5, textWidthMax, 'regular', 2),
    ...wrapText(data.message, 12.5, textWidthMax, 'regular', 2),
  ].slice(0, 8);
  for (const line of lines) {
    s.push({ t: 'text', x: left, y, text: line, size: 12.5, weight: 'regular', color: CREAM, align: 'left' });
    y += 23;
  }

  // Signature, bottom right; joining date, bottom left.
  s.push({
    t: 'text',
    x: W - 58,
    y: H - 74,
    text: data.signature,
    size: 13,
    weight: 'bold',
    color: GOLD,
    align: 'right',
  });
  s.push({
    t: 'text',
    x: W - 58,
    y: H - 52,
    text: chineseDate(data.birthdayOn),
    size: 12,
    weight: 'regular',
    color: CREAM,
    align: 'right',
  });
  s.push({
    t: 'text',
    x: left,
    y: H - 52,
    text: `入党时间：${chineseDate(data.joinedOn)}`,
    size: 10.5,
    weight: 'regular',
    color: GOLD,
    align: 'left',
  });
  return { width: W, height: H, shapes: s };
}

// ——— SVG / PNG back-end ———

const xml = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const css = (c: Color) => `rgb(${c.r},${c.g},${c.b})`;
const FAMILY = 'Noto Sans SC';

function paint(sh: { fill?: Color; stroke?: Color; sw?: number; opacity?: number }): string {
  return [
    `fill="${sh.fill ? css(sh.fill) : 'none'}"`,
    sh.stroke ? `stroke="${css(sh.stroke)}" stroke-width="${sh.sw ?? 1}"` : '',
    sh.opacity !== undefined ? `opacity="${sh.opacity}"` : '',
  ].join(' ');
}

/** Characters of a spaced text with their x positions (both back-ends place them the same way). */
function placeChars(sh: Extract<Shape, { t: 'text' }>): { ch: string; x: number }[] {
  const chars = [...sh.text];
  const widths = chars.map((c) => textWidth(c, sh.size, sh.weight));
  const total = widths.reduce((a, b) => a + b, 0) + (sh.spacing ?? 0) * (chars.length - 1);
  let x = sh.align === 'center' ? sh.x - total / 2 : sh.align === 'right' ? sh.x - total : sh.x;
  return chars.map((ch, i) => {
    const at = x;
    x += widths[i]! + (sh.spacing ?? 0);
    return { ch, x: at };
  });
}

const glyphPaths = new Map<string, string>();

/**
 * A text shape as glyph outlines (paths) from the loaded font, so that the rasteriser needs no
 * font at all: parsing two 10 MB font files on every render cost resvg far more than drawing.
 */
function outlinedText(sh: Extract<Shape, { t: 'text' }>): string {
  const { font } = loadFont(sh.weight);
  const k = sh.size / font.unitsPerEm;
  const runs = sh.spacing
    ? placeChars(sh).map((c) => ({ text: c.ch, x: c.x }))
    : [
        {
          text: sh.text,
          x:
            sh.align === 'left'
              ? sh.x
              : sh.x - textWidth(sh.text, sh.size, sh.weight) / (sh.align === 'center' ? 2 : 1),
        },
      ];
  const out: string[] = [];
  for (const run of runs) {
    const { glyphs, positions } = font.layout(run.text);
    let x = run.x;
    glyphs.forEach((g, i) => {
      const key = `${sh.weight}:${g.id}`;
      let d = glyphPaths.get(key);
      if (d === undefined) {
        d = g.path.toSVG();
        glyphPaths.set(key, d);
      }
      if (d) out.push(`<path transform="translate(${x.toFixed(2)} ${sh.y}) scale(${k} ${-k})" d="${d}"/>`);
      x += positions[i]!.xAdvance * k;
    });
  }
  return `<g fill="${css(sh.color)}">${out.join('')}</g>`;
}

/** The layout as SVG; with `outline`, text becomes glyph paths (for rasterising without fonts). */
export function layoutToSvg(layout: CardLayout, opts: { outline?: boolean } = {}): string {
  const parts = layout.shapes.map((sh) => {
    switch (sh.t) {
      case 'rect':
        return `<rect x="${sh.x}" y="${sh.y}" width="${sh.w}" height="${sh.h}" ${paint(sh)}/>`;
      case 'circle':
        return `<circle cx="${sh.cx}" cy="${sh.cy}" r="${sh.r}" ${paint(sh)}/>`;
      case 'path':
        return `<path d="${sh.d}" ${paint(sh)} stroke-linejoin="miter"/>`;
      case 'text': {
        if (opts.outline) return outlinedText(sh);
        const weight = sh.weight === 'bold' ? 700 : 400;
        const common = `font-family="${FAMILY}" font-size="${sh.size}" font-weight="${weight}" fill="${css(sh.color)}"`;
        if (sh.spacing) {
          return placeChars(sh)
            .map((c) => `<text x="${c.x.toFixed(2)}" y="${sh.y}" ${common}>${xml(c.ch)}</text>`)
            .join('');
        }
        const anchor = sh.align === 'center' ? 'middle' : sh.align === 'right' ? 'end' : 'start';
        return `<text x="${sh.x}" y="${sh.y}" text-anchor="${anchor}" ${common} xml:space="preserve">${xml(sh.text)}</text>`;
      }
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}">${parts.join('')}</svg>`;
}

export function renderBirthdayCardSvg(data: BirthdayCardData): string {
  return layoutToSvg(layoutBirthdayCard(data));
}

/**
 * The card as a PNG of CARD_PNG_SIZE (A5 at 150 dpi), rendered by resvg. The text is drawn from the
 * Noto Sans SC files loaded here (as glyph outlines), never from system fonts.
 */
export function renderBirthdayCardPng(data: BirthdayCardData): Buffer {
  const svg = layoutToSvg(layoutBirthdayCard(data), { outline: true });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: CARD_PNG_SIZE.width },
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}

// ——— PDF back-end ———

const pdfColor = (c: Color) => rgb(c.r / 255, c.g / 255, c.b / 255);

function drawLayout(page: PDFPage, layout: CardLayout, fonts: Record<FontWeight, PDFFont>) {
  const H = layout.height;
  for (const sh of layout.shapes) {
    switch (sh.t) {
      case 'rect':
        page.drawRectangle({
          x: sh.x,
          y: H - sh.y - sh.h,
          width: sh.w,
          height: sh.h,
          color: sh.fill ? pdfColor(sh.fill) : undefined,
          borderColor: sh.stroke ? pdfColor(sh.stroke) : undefined,
          borderWidth: sh.stroke ? (sh.sw ?? 1) : 0,
          opacity: sh.opacity,
          borderOpacity: sh.opacity,
        });
        break;
      case 'circle':
        page.drawCircle({
          x: sh.cx,
          y: H - sh.cy,
          size: sh.r,
          color: sh.fill ? pdfColor(sh.fill) : undefined,
          borderColor: sh.stroke ? pdfColor(sh.stroke) : undefined,
          borderWidth: sh.stroke ? (sh.sw ?? 1) : 0,
          opacity: sh.opacity,
          borderOpacity: sh.opacity,
        });
        break;
      case 'path':
        page.drawSvgPath(sh.d, {
          x: 0,
          y: H,
          color: sh.fill ? pdfColor(sh.fill) : undefined,
          borderColor: sh.stroke ? pdfColor(sh.stroke) : undefined,
          borderWidth: sh.stroke ? (sh.sw ?? 1) : 0,
          opacity: sh.opacity,
          borderOpacity: sh.opacity,
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
  const doc = await PDFDocument.create();
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
