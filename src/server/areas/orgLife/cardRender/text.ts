/**
 * The card's fonts and text measurement: the Noto Sans SC files, loaded once and parsed by
 * upstream fontkit@2; the adapter pdf-lib embeds them through (see pdf.ts); widths and line breaks.
 * Both back-ends measure with these, so line breaks are identical in PNG and PDF.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { lazyRequire } from '../../../platform/lazy';

const require = createRequire(import.meta.url);
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
} as const;
export type FontWeight = keyof typeof FONT_FILES;
/**
 * Upstream fontkit@2 (untyped; loaded through require so Node picks its CommonJS build), on the
 * first card rather than at start (its import alone takes a fifth of a second).
 */
const fontkit = lazyRequire<{ create(bytes: Buffer): FkFont }>('fontkit');

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

export interface LoadedFont {
  bytes: Buffer;
  font: FkFont;
}
const loaded = new Map<FontWeight, LoadedFont>();
const byBytes = new WeakMap<object, FkFont>();

export function loadFont(weight: FontWeight): LoadedFont {
  let f = loaded.get(weight);
  if (!f) {
    const bytes = fs.readFileSync(FONT_FILES[weight]);
    const font = fontkit().create(bytes);
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
      byBytes.get(data) ?? fontkit().create(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
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
