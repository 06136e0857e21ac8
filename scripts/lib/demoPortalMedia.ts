/**
 * The demo portal's files, made at seed time so that nothing copyrighted or downloaded ships with
 * the project: banner pictures (flat red-and-gold compositions with a title, drawn as SVG and
 * rasterised by resvg with the Noto Sans SC outlines the birthday cards use), a short placeholder
 * tune (an original pentatonic phrase, synthesised and written as FLAC in an Ogg container — a
 * format the newsroom's upload path accepts as audio/ogg), and Word documents for 资料下载 (docx).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as ResvgJs from '@resvg/resvg-js';
import {
  layoutToSvg,
  textWidth,
  type CardLayout,
  type Color,
} from '../../src/server/areas/orgLife/cardRender';
import { lazy, lazyRequire } from '../../src/server/platform/lazy';

const require = createRequire(import.meta.url);
const resvgJs = lazyRequire<typeof ResvgJs>('@resvg/resvg-js');
const loadDocx = lazy(() => import('docx'));

type Shape = CardLayout['shapes'][number];

const hex = (h: string): Color => ({
  r: parseInt(h.slice(1, 3), 16),
  g: parseInt(h.slice(3, 5), 16),
  b: parseInt(h.slice(5, 7), 16),
});

// ---------------------------------------------------------------------------------------------
// Banners

export type Motif =
  | 'star'
  | 'mic'
  | 'board'
  | 'book'
  | 'notes'
  | 'heart'
  | 'debate'
  | 'quiz'
  | 'cake'
  | 'flag'
  | 'house'
  | 'fan';

export interface BannerSpec {
  title: string;
  subtitle: string;
  motif: Motif;
  palette: 'red' | 'deep' | 'cream';
}

/** Pixel widths of the stored variants (the upload path's sizes: 'large' is the original here). */
export const BANNER_SIZE = { width: 1200, height: 675 } as const;
const VARIANT_WIDTHS = { original: 1200, medium: 800, thumb: 320 } as const;

const PALETTES = {
  red: {
    base: '#A5121B',
    band: '#BE2A2E',
    title: '#FFF3D6',
    sub: '#E2BC63',
    motif: '#E2BC63',
    accent: '#FFF3D6',
    foot: '#7F0E15',
  },
  deep: {
    base: '#7F0E15',
    band: '#A5121B',
    title: '#FFF3D6',
    sub: '#E2BC63',
    motif: '#E2BC63',
    accent: '#FFF3D6',
    foot: '#5E0A10',
  },
  cream: {
    base: '#FFF3D6',
    band: '#F6E2B3',
    title: '#A5121B',
    sub: '#7F0E15',
    motif: '#BE2A2E',
    accent: '#C89B3C',
    foot: '#A5121B',
  },
} as const;

function starPath(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.382;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)} ${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return `M${pts.join(' L')} Z`;
}

const heartPath = (cx: number, cy: number, s: number) =>
  `M${cx} ${cy + 0.9 * s} C${cx - 1.25 * s} ${cy + 0.1 * s} ${cx - 0.65 * s} ${cy - 0.95 * s} ${cx} ${cy - 0.3 * s} ` +
  `C${cx + 0.65 * s} ${cy - 0.95 * s} ${cx + 1.25 * s} ${cy + 0.1 * s} ${cx} ${cy + 0.9 * s} Z`;

/** The motif, drawn around (cx, cy) in about 260 × 260 units. */
function motifShapes(m: Motif, cx: number, cy: number, c: Color, a: Color): Shape[] {
  switch (m) {
    case 'star':
      return [
        { t: 'circle', cx, cy, r: 125, fill: a, opacity: 0.12 },
        { t: 'path', d: starPath(cx, cy, 120), fill: c },
      ];
    case 'mic':
      return [
        { t: 'rect', x: cx - 42, y: cy - 120, w: 84, h: 150, fill: c },
        { t: 'circle', cx, cy: cy - 120, r: 42, fill: c },
        { t: 'circle', cx, cy: cy + 30, r: 42, fill: c },
        ...[-80, -50, -20].map((dy): Shape => ({
          t: 'rect',
          x: cx - 30,
          y: cy + dy,
          w: 60,
          h: 8,
          fill: a,
          opacity: 0.6,
        })),
        { t: 'path', d: `M${cx - 78} ${cy + 10} A78 78 0 0 0 ${cx + 78} ${cy + 10}`, stroke: c, sw: 12 },
        { t: 'rect', x: cx - 6, y: cy + 88, w: 12, h: 50, fill: c },
        { t: 'rect', x: cx - 60, y: cy + 134, w: 120, h: 12, fill: c },
      ];
    case 'board':
      return [
        { t: 'rect', x: cx - 150, y: cy - 105, w: 300, h: 200, fill: hex('#1F4D3A'), stroke: c, sw: 10 },
        ...[-60, -25, 10, 45].map((dy, i): Shape => ({
          t: 'rect',
          x: cx - 115,
          y: cy + dy,
          w: 230 - i * 40,
          h: 9,
          fill: a,
          opacity: 0.85,
        })),
        { t: 'path', d: starPath(cx + 100, cy - 55, 22), fill: c },
        { t: 'rect', x: cx - 120, y: cy + 95, w: 10, h: 60, fill: c },
        { t: 'rect', x: cx + 110, y: cy + 95, w: 10, h: 60, fill: c },
      ];
    case 'book':
      return [
        {
          t: 'path',
          d: `M${cx - 8} ${cy - 70} L${cx - 160} ${cy - 100} L${cx - 160} ${cy + 90} L${cx - 8} ${cy + 120} Z`,
          fill: c,
        },
        {
          t: 'path',
          d: `M${cx + 8} ${cy - 70} L${cx + 160} ${cy - 100} L${cx + 160} ${cy + 90} L${cx + 8} ${cy + 120} Z`,
          fill: c,
        },
        ...[-40, -5, 30].flatMap((dy): Shape[] => [
          {
            t: 'path',
            d: `M${cx - 135} ${cy + dy - 25} L${cx - 35} ${cy + dy - 5}`,
            stroke: a,
            sw: 6,
            opacity: 0.7,
          },
          {
            t: 'path',
            d: `M${cx + 35} ${cy + dy - 5} L${cx + 135} ${cy + dy - 25}`,
            stroke: a,
            sw: 6,
            opacity: 0.7,
          },
        ]),
        { t: 'path', d: starPath(cx, cy - 140, 30), fill: c },
      ];
    case 'notes':
      return [
        { t: 'circle', cx: cx - 70, cy: cy + 80, r: 34, fill: c },
        { t: 'circle', cx: cx + 70, cy: cy + 50, r: 34, fill: c },
        { t: 'rect', x: cx - 44, y: cy - 90, w: 12, h: 170, fill: c },
        { t: 'rect', x: cx + 96, y: cy - 120, w: 12, h: 170, fill: c },
        {
          t: 'path',
          d: `M${cx - 44} ${cy - 90} L${cx + 108} ${cy - 120} L${cx + 108} ${cy - 84} L${cx - 44} ${cy - 54} Z`,
          fill: c,
        },
        { t: 'circle', cx: cx - 130, cy: cy - 60, r: 10, fill: a, opacity: 0.7 },
        { t: 'circle', cx: cx + 150, cy: cy + 110, r: 14, fill: a, opacity: 0.7 },
      ];
    case 'heart':
      return [
        { t: 'path', d: heartPath(cx, cy, 120), fill: c },
        { t: 'path', d: heartPath(cx + 135, cy - 95, 30), fill: a, opacity: 0.8 },
        { t: 'path', d: heartPath(cx - 140, cy - 70, 22), fill: a, opacity: 0.6 },
      ];
    case 'debate':
      return [
        { t: 'rect', x: cx - 170, y: cy - 110, w: 160, h: 110, fill: c },
        { t: 'path', d: `M${cx - 130} ${cy} L${cx - 150} ${cy + 45} L${cx - 95} ${cy} Z`, fill: c },
        { t: 'rect', x: cx + 10, y: cy - 30, w: 160, h: 110, fill: a },
        {
          t: 'path',
          d: `M${cx + 130} ${cy + 80} L${cx + 150} ${cy + 125} L${cx + 95} ${cy + 80} Z`,
          fill: a,
        },
      ];
    case 'quiz':
      return [
        { t: 'circle', cx, cy, r: 120, stroke: c, sw: 16 },
        { t: 'circle', cx, cy, r: 90, fill: c, opacity: 0.18 },
        { t: 'text', x: cx, y: cy + 42, text: '答', size: 120, weight: 'bold', color: c, align: 'center' },
        { t: 'path', d: starPath(cx - 150, cy - 110, 22), fill: a },
        { t: 'path', d: starPath(cx + 150, cy + 100, 18), fill: a },
      ];
    case 'cake':
      return [
        { t: 'rect', x: cx - 150, y: cy + 20, w: 300, h: 90, fill: c },
        { t: 'rect', x: cx - 110, y: cy - 50, w: 220, h: 70, fill: a },
        ...[-60, 0, 60].flatMap((dx): Shape[] => [
          { t: 'rect', x: cx + dx - 7, y: cy - 115, w: 14, h: 65, fill: c },
          {
            t: 'path',
            d: `M${cx + dx} ${cy - 150} C${cx + dx + 16} ${cy - 130} ${cx + dx + 10} ${cy - 118} ${cx + dx} ${cy - 118} C${cx + dx - 10} ${cy - 118} ${cx + dx - 16} ${cy - 130} ${cx + dx} ${cy - 150} Z`,
            fill: a,
          },
        ]),
        { t: 'rect', x: cx - 170, y: cy + 110, w: 340, h: 12, fill: a, opacity: 0.7 },
      ];
    case 'flag':
      return [
        { t: 'rect', x: cx - 130, y: cy - 140, w: 12, h: 290, fill: a },
        {
          t: 'path',
          d: `M${cx - 118} ${cy - 135} C${cx - 40} ${cy - 170} ${cx + 20} ${cy - 100} ${cx + 140} ${cy - 130} L${cx + 140} ${cy + 10} C${cx + 20} ${cy + 40} ${cx - 40} ${cy - 30} ${cx - 118} ${cy + 5} Z`,
          fill: c,
        },
        { t: 'path', d: starPath(cx - 70, cy - 85, 28), fill: a },
        { t: 'rect', x: cx - 170, y: cy + 145, w: 92, h: 14, fill: a },
      ];
    case 'house':
      return [
        { t: 'path', d: `M${cx - 160} ${cy - 10} L${cx} ${cy - 140} L${cx + 160} ${cy - 10} Z`, fill: c },
        { t: 'rect', x: cx - 120, y: cy - 10, w: 240, h: 150, fill: c },
        { t: 'rect', x: cx - 30, y: cy + 50, w: 60, h: 90, fill: a },
        { t: 'path', d: heartPath(cx, cy - 55, 26), fill: a },
      ];
    case 'fan': {
      const ribs = Array.from({ length: 7 }, (_, i) => Math.PI + (i * Math.PI) / 6);
      return [
        {
          t: 'path',
          d: `M${cx - 170} ${cy + 80} A170 170 0 0 1 ${cx + 170} ${cy + 80} L${cx} ${cy + 80} Z`,
          fill: c,
        },
        ...ribs.map((ang): Shape => ({
          t: 'path',
          d: `M${cx} ${cy + 80} L${(cx + 170 * Math.cos(ang)).toFixed(1)} ${(cy + 80 + 170 * Math.sin(ang)).toFixed(1)}`,
          stroke: a,
          sw: 5,
          opacity: 0.8,
        })),
        { t: 'circle', cx, cy: cy + 80, r: 16, fill: a },
        {
          t: 'path',
          d: `M${cx} ${cy + 96} C${cx - 20} ${cy + 130} ${cx + 20} ${cy + 150} ${cx} ${cy + 175}`,
          stroke: a,
          sw: 6,
        },
      ];
    }
  }
}

/** The banner as drawing primitives: background, rays, the motif on the right, the title on the left. */
export function bannerLayout(spec: BannerSpec, footer: string): CardLayout {
  const p = PALETTES[spec.palette];
  const [W, H] = [BANNER_SIZE.width, BANNER_SIZE.height];
  const shapes: Shape[] = [
    { t: 'rect', x: 0, y: 0, w: W, h: H, fill: hex(p.base) },
    {
      t: 'path',
      d: `M0 ${H * 0.62} C${W * 0.3} ${H * 0.5} ${W * 0.6} ${H * 0.78} ${W} ${H * 0.56} L${W} ${H} L0 ${H} Z`,
      fill: hex(p.band),
    },
  ];
  // Rays from the top right corner.
  for (let i = 0; i < 9; i++) {
    const a1 = Math.PI / 2 + (i * Math.PI) / 18;
    const a2 = a1 + Math.PI / 40;
    const r = 1500;
    shapes.push({
      t: 'path',
      d: `M${W} 0 L${(W + r * Math.cos(a1)).toFixed(0)} ${(r * Math.sin(a1)).toFixed(0)} L${(W + r * Math.cos(a2)).toFixed(0)} ${(r * Math.sin(a2)).toFixed(0)} Z`,
      fill: hex(p.accent),
      opacity: 0.07,
    });
  }
  shapes.push(...motifShapes(spec.motif, 975, 290, hex(p.motif), hex(p.accent)));
  // No title: a backdrop for a page that writes its own text over it (the site's hero).
  if (!spec.title) return { width: W, height: H, shapes };
  // Title: as large as fits the left 680 units (the motif holds the right).
  const size = Math.min(68, Math.floor((680 / textWidth(spec.title, 68, 'bold')) * 68));
  shapes.push(
    { t: 'rect', x: 90, y: 190, w: 70, h: 8, fill: hex(p.sub) },
    { t: 'text', x: 90, y: 300, text: spec.title, size, weight: 'bold', color: hex(p.title), align: 'left' },
    {
      t: 'text',
      x: 92,
      y: 370,
      text: spec.subtitle,
      size: 32,
      weight: 'bold',
      color: hex(p.sub),
      align: 'left',
    },
    { t: 'rect', x: 0, y: H - 64, w: W, h: 64, fill: hex(p.foot) },
    { t: 'path', d: starPath(110, H - 32, 14), fill: hex('#E2BC63') },
    {
      t: 'text',
      x: 138,
      y: H - 22,
      text: footer,
      size: 26,
      weight: 'bold',
      color: hex('#FFF3D6'),
      align: 'left',
      spacing: 2,
    },
  );
  return { width: W, height: H, shapes };
}

export interface RenderedBanner {
  original: Buffer;
  medium: Buffer;
  thumb: Buffer;
}

/** The banner as PNGs of the three stored widths (text as glyph outlines: no system fonts). */
export function renderBanner(spec: BannerSpec, footer: string): RenderedBanner {
  const svg = layoutToSvg(bannerLayout(spec, footer), { outline: true });
  const { Resvg } = resvgJs();
  const at = (width: number) =>
    new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } })
      .render()
      .asPng();
  return {
    original: at(VARIANT_WIDTHS.original),
    medium: at(VARIANT_WIDTHS.medium),
    thumb: at(VARIANT_WIDTHS.thumb),
  };
}

/**
 * The demo park's emblem for the site's header: a gold five-pointed star on a red disc inside a
 * gold ring, no text (a square PNG at 256 and 128 px). An original drawing, not any real emblem.
 */
export function renderEmblem(): { original: Buffer; thumb: Buffer } {
  const star = (cx: number, cy: number, r: number) =>
    Array.from({ length: 10 }, (_, i) => {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const d = i % 2 ? r * 0.4 : r;
      return `${(cx + d * Math.cos(a)).toFixed(2)},${(cy + d * Math.sin(a)).toFixed(2)}`;
    }).join(' ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
<circle cx="128" cy="128" r="124" fill="#e6b422"/><circle cx="128" cy="128" r="112" fill="#b71c1c"/>
<circle cx="128" cy="128" r="100" fill="none" stroke="#f3d27a" stroke-width="3"/>
<polygon points="${star(128, 132, 72)}" fill="#f7d046"/></svg>`;
  const { Resvg } = resvgJs();
  const at = (width: number) =>
    new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } })
      .render()
      .asPng();
  return { original: at(256), thumb: at(128) };
}

/**
 * Generated files are kept in a cache under node_modules/.cache: the tests seed the demo park many
 * times, and drawing a dozen banners, synthesising the tune and packing the documents take over a
 * second on two cores. The key covers everything a file depends on (bump CACHE_VERSION when the
 * drawing or the encoders change); a cache that cannot be written is skipped.
 */
const CACHE_VERSION = 1;
const CACHE_DIR = path.resolve(import.meta.dirname, '../../node_modules/.cache/cpb-demo-portal');

function cacheKey(parts: unknown): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([CACHE_VERSION, resvgVersion(), parts]))
    .digest('hex')
    .slice(0, 32);
}

function readCached(key: string, names: readonly string[]): Buffer[] | null {
  try {
    return names.map((n) => fs.readFileSync(path.join(CACHE_DIR, `${key}-${n}`)));
  } catch {
    return null;
  }
}

function writeCached(key: string, files: [string, Buffer][]): void {
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (const [n, bytes] of files) {
      // Written under a temporary name and renamed: a concurrent seed never reads half a file.
      const file = path.join(CACHE_DIR, `${key}-${n}`);
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, bytes);
      fs.renameSync(tmp, file);
    }
  } catch {
    // a read-only checkout: make the files every time
  }
}

/** renderBanner, through the cache. */
export function cachedBanner(spec: BannerSpec, footer: string): RenderedBanner {
  const key = cacheKey(['banner', spec, footer]);
  const names = ['original.png', 'medium.png', 'thumb.png'] as const;
  const hit = readCached(key, names);
  if (hit) return { original: hit[0]!, medium: hit[1]!, thumb: hit[2]! };
  const out = renderBanner(spec, footer);
  writeCached(key, [
    [names[0], out.original],
    [names[1], out.medium],
    [names[2], out.thumb],
  ]);
  return out;
}

/** Any other generated file (the tune, a document), through the cache. */
export async function cachedFile(parts: unknown, make: () => Buffer | Promise<Buffer>): Promise<Buffer> {
  const key = cacheKey(parts);
  const hit = readCached(key, ['file']);
  if (hit) return hit[0]!;
  const data = await make();
  writeCached(key, [['file', data]]);
  return data;
}

const resvgVersion = () => {
  try {
    return (
      JSON.parse(
        fs.readFileSync(path.join(path.dirname(require.resolve('@resvg/resvg-js')), 'package.json'), 'utf8'),
      ) as { version: string }
    ).version;
  } catch {
    return '?';
  }
};

export const variantHeight = (width: number) => Math.round((width * BANNER_SIZE.height) / BANNER_SIZE.width);
export { VARIANT_WIDTHS };

// ---------------------------------------------------------------------------------------------
// The placeholder tune: FLAC (verbatim subframes) in Ogg

const SAMPLE_RATE = 22_050;
const BLOCK = 4096;

/** An original phrase in D major pentatonic: [MIDI note, beats]; 0 is a rest. */
const PHRASE: [number, number][] = [
  [62, 1],
  [64, 1],
  [66, 1],
  [69, 1],
  [71, 1.5],
  [69, 0.5],
  [66, 1],
  [64, 1],
  [62, 1],
  [64, 1],
  [69, 1],
  [66, 1],
  [64, 2],
  [0, 0.5],
  [62, 1.5],
  [69, 1],
  [71, 1],
  [74, 1.5],
  [71, 0.5],
  [69, 1],
  [66, 1],
  [64, 1],
  [66, 1],
  [62, 3],
  [0, 1],
];
const BPM = 112;

/** 16-bit mono samples of the phrase: a soft bell-like tone over a quiet drone on the tonic. */
export function synthesiseTune(): Int16Array {
  const beat = 60 / BPM;
  const total = Math.round(PHRASE.reduce((s, [, b]) => s + b, 0) * beat * SAMPLE_RATE);
  const out = new Float32Array(total);
  let t0 = 0;
  for (const [note, beats] of PHRASE) {
    const len = Math.round(beats * beat * SAMPLE_RATE);
    if (note > 0) {
      const f = 440 * 2 ** ((note - 69) / 12);
      const ring = Math.min(total - t0, len + Math.round(0.25 * SAMPLE_RATE));
      for (let i = 0; i < ring; i++) {
        const t = i / SAMPLE_RATE;
        const env = Math.min(1, t / 0.012) * Math.exp(-t * 2.6);
        const w = 2 * Math.PI * f * t;
        out[t0 + i]! += env * (0.55 * Math.sin(w) + 0.18 * Math.sin(2 * w) + 0.06 * Math.sin(3 * w));
      }
    }
    t0 += len;
  }
  const drone = 440 * 2 ** ((50 - 69) / 12);
  const samples = new Int16Array(total);
  for (let i = 0; i < total; i++) {
    const t = i / SAMPLE_RATE;
    const fade = Math.min(1, t / 0.5, (total - i) / SAMPLE_RATE / 1.2);
    const v = (out[i]! * 0.8 + 0.08 * Math.sin(2 * Math.PI * drone * t)) * fade;
    samples[i] = Math.max(-32767, Math.min(32767, Math.round(v * 26_000)));
  }
  return samples;
}

function crc8(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();
function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

function flacFrame(samples: Int16Array, frameNumber: number): Buffer {
  const n = samples.length;
  const full = n === BLOCK;
  // Block size 4096 is code 12; a shorter last block carries (size - 1) in 16 bits (code 7).
  const head = [0xff, 0xf8, ((full ? 12 : 7) << 4) | 0b0110, 0b0000_100_0];
  if (frameNumber < 0x80) head.push(frameNumber);
  else head.push(0xc0 | (frameNumber >> 6), 0x80 | (frameNumber & 0x3f));
  if (!full) head.push(((n - 1) >> 8) & 0xff, (n - 1) & 0xff);
  head.push(crc8(Uint8Array.from(head)));
  const buf = Buffer.alloc(head.length + 1 + 2 * n + 2);
  Buffer.from(head).copy(buf, 0);
  let o = head.length;
  buf[o++] = 0b0_000001_0; // a VERBATIM subframe, no wasted bits
  for (let i = 0; i < n; i++, o += 2) buf.writeInt16BE(samples[i]!, o);
  buf.writeUInt16BE(crc16(buf.subarray(0, o)), o);
  return buf;
}

function oggPage(
  packet: Buffer,
  opts: { seq: number; granule: bigint; bos?: boolean; eos?: boolean },
): Buffer {
  const lacing: number[] = [];
  for (let left = packet.length; ; left -= 255) {
    if (left >= 255) lacing.push(255);
    else {
      lacing.push(left);
      break;
    }
  }
  if (lacing.length > 255) throw new Error('packet too large for one Ogg page');
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header[4] = 0;
  header[5] = (opts.bos ? 0x02 : 0) | (opts.eos ? 0x04 : 0);
  header.writeBigUInt64LE(opts.granule, 6);
  header.writeUInt32LE(0x51_58_2d_44, 14); // the stream's serial number: any constant will do
  header.writeUInt32LE(opts.seq, 18);
  header.writeUInt32LE(0, 22);
  header[26] = lacing.length;
  lacing.forEach((l, i) => (header[27 + i] = l));
  const page = Buffer.concat([header, packet]);
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}

/** The tune as an Ogg FLAC file (file-type reads it as 'oga', audio/ogg), with a TITLE comment. */
export function themeTuneOgg(title: string): Buffer {
  const samples = synthesiseTune();
  const total = samples.length;
  const streamInfo = Buffer.alloc(34);
  streamInfo.writeUInt16BE(BLOCK, 0);
  streamInfo.writeUInt16BE(BLOCK, 2);
  // min/max frame size 0 = unknown (bytes 4–9); then rate(20) channels-1(3) bits-1(5) samples(36).
  const packed = (BigInt(SAMPLE_RATE) << 44n) | (0n << 41n) | (15n << 36n) | BigInt(total);
  streamInfo.writeBigUInt64BE(packed, 10);
  const le = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  crypto.createHash('md5').update(le).digest().copy(streamInfo, 18);
  const blockHeader = (last: boolean, type: number, len: number) =>
    Buffer.from([(last ? 0x80 : 0) | type, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);

  const first = Buffer.concat([
    Buffer.from([0x7f]),
    Buffer.from('FLAC', 'latin1'),
    Buffer.from([1, 0, 0, 1]), // mapping version 1.0, one header packet follows
    Buffer.from('fLaC', 'latin1'),
    blockHeader(false, 0, 34),
    streamInfo,
  ]);
  const vendor = Buffer.from('校园党建 seed:demo', 'utf8');
  const comment = Buffer.from(`TITLE=${title}`, 'utf8');
  const vc = Buffer.alloc(4 + vendor.length + 4 + 4 + comment.length);
  let o = vc.writeUInt32LE(vendor.length, 0);
  o += vendor.copy(vc, o);
  o = vc.writeUInt32LE(1, o);
  o = vc.writeUInt32LE(comment.length, o);
  comment.copy(vc, o);
  const pages = [
    oggPage(first, { seq: 0, granule: 0n, bos: true }),
    oggPage(Buffer.concat([blockHeader(true, 4, vc.length), vc]), { seq: 1, granule: 0n }),
  ];
  const frames = Math.ceil(total / BLOCK);
  for (let f = 0; f < frames; f++) {
    const end = Math.min(total, (f + 1) * BLOCK);
    pages.push(
      oggPage(flacFrame(samples.subarray(f * BLOCK, end), f), {
        seq: 2 + f,
        granule: BigInt(end),
        eos: f === frames - 1,
      }),
    );
  }
  return Buffer.concat(pages);
}

// ---------------------------------------------------------------------------------------------
// Word documents for 资料下载

export type DocBlock = { h: string } | { p: string } | { table: string[][] } | { blank: number };

/** A plain A4 Word document: a centred title, then headings, paragraphs and bordered tables. */
export async function wordDocument(title: string, blocks: DocBlock[]): Promise<Buffer> {
  const d = await loadDocx();
  const font = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
  const run = (text: string, opts: { bold?: boolean; size?: number } = {}) =>
    new d.TextRun({ text, font, size: opts.size ?? 24, bold: opts.bold });
  const children: (InstanceType<typeof d.Paragraph> | InstanceType<typeof d.Table>)[] = [
    new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new d.TextRun({
          text: title,
          font: { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' },
          size: 36,
          bold: true,
        }),
      ],
    }),
  ];
  for (const b of blocks) {
    if ('h' in b)
      children.push(
        new d.Paragraph({ spacing: { before: 200, after: 100 }, children: [run(b.h, { bold: true })] }),
      );
    else if ('p' in b)
      children.push(
        new d.Paragraph({ indent: { firstLine: 480 }, spacing: { line: 360 }, children: [run(b.p)] }),
      );
    else if ('blank' in b) for (let i = 0; i < b.blank; i++) children.push(new d.Paragraph({ children: [] }));
    else
      children.push(
        new d.Table({
          width: { size: 100, type: d.WidthType.PERCENTAGE },
          rows: b.table.map(
            (cells, r) =>
              new d.TableRow({
                children: cells.map(
                  (text) =>
                    new d.TableCell({
                      children: [
                        new d.Paragraph({
                          alignment: d.AlignmentType.CENTER,
                          children: [run(text, { bold: r === 0, size: 21 })],
                        }),
                      ],
                    }),
                ),
              }),
          ),
        }),
      );
  }
  const doc = new d.Document({ creator: '校园党建', title, sections: [{ children }] });
  return d.Packer.toBuffer(doc);
}
