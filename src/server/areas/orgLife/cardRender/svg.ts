/**
 * The SVG back-end and the PNG made from it: resvg rasterises the SVG with the text as glyph
 * outlines from the loaded Noto Sans SC files, never from system fonts.
 */
import type * as ResvgJs from '@resvg/resvg-js';
import { lazyRequire } from '../../../platform/lazy';
import { loadFont, textWidth } from './text';
import {
  CARD_PNG_SIZE,
  layoutBirthdayCard,
  placeChars,
  type BirthdayCardData,
  type CardLayout,
  type Color,
  type Paint,
  type TextShape,
} from './layout';

const xml = (t: string) =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const css = (c: Color) => `rgb(${c.r},${c.g},${c.b})`;
const FAMILY = 'Noto Sans SC';
/** resvg (a native addon) is loaded on the first PNG card, not at start. */
const resvgJs = lazyRequire<typeof ResvgJs>('@resvg/resvg-js');

function paint(sh: Paint): string {
  return [
    `fill="${sh.fill ? css(sh.fill) : 'none'}"`,
    sh.stroke ? `stroke="${css(sh.stroke)}" stroke-width="${sh.sw ?? 1}"` : '',
    sh.opacity !== undefined ? `opacity="${sh.opacity}"` : '',
  ].join(' ');
}

const glyphPaths = new Map<string, string>();

/**
 * A text shape as glyph outlines (paths) from the loaded font, so that the rasteriser needs no
 * font at all: parsing two 10 MB font files on every render cost resvg far more than drawing.
 */
function outlinedText(sh: TextShape): string {
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
  const { Resvg } = resvgJs();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: CARD_PNG_SIZE.width },
    font: { loadSystemFonts: false },
  });
  return resvg.render().asPng();
}
