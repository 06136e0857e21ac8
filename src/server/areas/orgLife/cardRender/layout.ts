/**
 * The card laid out once as a list of drawing primitives in PDF points (A5 landscape, origin top
 * left, y down), which the SVG/PNG back-end (svg.ts) and the PDF back-end (pdf.ts) both draw.
 */
import { textWidth, wrapText, type FontWeight } from './text';

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

/** How a rect, circle or path is painted. */
export interface Paint {
  fill?: Color;
  stroke?: Color;
  sw?: number;
  opacity?: number;
}

export type Shape =
  | ({ t: 'rect'; x: number; y: number; w: number; h: number } & Paint)
  | ({ t: 'circle'; cx: number; cy: number; r: number } & Paint)
  | ({ t: 'path'; d: string } & Paint)
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
export type TextShape = Extract<Shape, { t: 'text' }>;

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

/** Characters of a spaced text with their x positions (both back-ends place them the same way). */
export function placeChars(sh: TextShape): { ch: string; x: number }[] {
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
