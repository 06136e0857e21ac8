import type * as Htmlparser2 from 'htmlparser2';
import type { ChildNode, Element, Text } from 'domhandler';
import type sanitizeHtml from 'sanitize-html';
import { lazyRequire } from './lazy';

/**
 * The one place rich text from the console is made safe, on the server, before it is stored.
 * An allow-list: what is not named here does not survive. Scripts, event handlers, forms, frames,
 * SVG/MathML, inline CSS (except `text-align`), `javascript:` / `data:` / `vbscript:` URLs and
 * protocol-relative URLs are removed; images come only from our own /media/ URLs; audio and
 * video only from our own /media/ URLs; external links get rel="noopener noreferrer".
 */

/** Our own media URLs: /media/<uuid>/<variant>. */
export const MEDIA_URL = /^\/media\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[a-z0-9]+$/;

/** sanitize-html (with htmlparser2) is required on the first rich text, not at start (~0.1 s). */
const sanitizer = lazyRequire<typeof sanitizeHtml>('sanitize-html');
const htmlparser = lazyRequire<typeof Htmlparser2>('htmlparser2');

const isOwnMedia = (src: string) => MEDIA_URL.test(src);
const isExternal = (href: string) => /^https?:/i.test(href);
const dimension = /^\d{1,4}$/;

/** A link target we keep: http(s), mailto or a relative URL; never protocol-relative or another scheme. */
function safeHref(raw: string): string | null {
  const href = raw.trim();
  // What a browser would read, with the whitespace and control characters it ignores removed.
  // eslint-disable-next-line no-control-regex
  const squeezed = href.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '');
  // '//host', '\\host' and '/\\host' all leave the site in a browser.
  if (!squeezed || /^[/\\]{2}/.test(squeezed)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed);
  if (scheme && !['http', 'https', 'mailto'].includes(scheme[1]!.toLowerCase())) return null;
  if (!scheme && /^[^/?#]*:/.test(squeezed)) return null;
  return href;
}

const ALIGN = { 'text-align': [/^(left|right|center|justify)$/] };

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'sub',
    'sup',
    'small',
    'span',
    'div',
    'ul',
    'ol',
    'li',
    'table',
    'caption',
    'colgroup',
    'col',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'figure',
    'figcaption',
    'img',
    'a',
    'audio',
    'video',
    'source',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    audio: ['src', 'controls', 'preload'],
    video: ['src', 'controls', 'preload', 'poster', 'width', 'height'],
    source: ['src', 'type'],
    ol: ['start'],
    col: ['span'],
    th: ['colspan', 'rowspan', 'style'],
    td: ['colspan', 'rowspan', 'style'],
    p: ['style'],
    h1: ['style'],
    h2: ['style'],
    h3: ['style'],
    h4: ['style'],
    h5: ['style'],
    h6: ['style'],
    div: ['style'],
    li: ['style'],
  },
  allowedStyles: { '*': ALIGN },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {
    img: ['https'],
    audio: [],
    video: [],
    source: [],
  },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'poster', 'cite'],
  allowProtocolRelative: false,
  allowedIframeHostnames: [],
  // Drop the contents of these along with the tag, not just the tag.
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
    'template',
    'xmp',
    'noembed',
    'noframes',
    'title',
    'head',
    'select',
  ],
  disallowedTagsMode: 'discard',
  selfClosing: ['img', 'br', 'hr', 'source', 'col'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  transformTags: {
    a: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = {};
      const href = safeHref(attribs.href ?? '');
      if (href) out.href = href;
      if (attribs.title) out.title = attribs.title;
      if (href && isExternal(href)) out.rel = 'noopener noreferrer';
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = {};
      const src = (attribs.src ?? '').trim();
      // Our own media only: an outside image would let a third party see every reader (and the CSP blocks it).
      if (isOwnMedia(src)) out.src = src;
      if (attribs.alt) out.alt = attribs.alt;
      if (attribs.title) out.title = attribs.title;
      if (attribs.width && dimension.test(attribs.width)) out.width = attribs.width;
      if (attribs.height && dimension.test(attribs.height)) out.height = attribs.height;
      return { tagName, attribs: out };
    },
    audio: (tagName, attribs) => mediaTag(tagName, attribs),
    video: (tagName, attribs) => mediaTag(tagName, attribs),
    source: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = {};
      const src = (attribs.src ?? '').trim();
      if (isOwnMedia(src)) out.src = src;
      if (attribs.type && /^(audio|video)\/[a-z0-9.+-]+$/i.test(attribs.type)) out.type = attribs.type;
      return { tagName, attribs: out };
    },
  },
  // An image or a media source without an acceptable URL is dropped entirely.
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'source' && !frame.attribs.src),
};

function mediaTag(tagName: string, attribs: sanitizeHtml.Attributes) {
  const out: sanitizeHtml.Attributes = { controls: '' };
  const src = (attribs.src ?? '').trim();
  if (isOwnMedia(src)) out.src = src;
  const poster = (attribs.poster ?? '').trim();
  if (tagName === 'video' && isOwnMedia(poster)) out.poster = poster;
  if (attribs.preload && /^(none|metadata|auto)$/.test(attribs.preload)) out.preload = attribs.preload;
  if (tagName === 'video') {
    if (attribs.width && dimension.test(attribs.width)) out.width = attribs.width;
    if (attribs.height && dimension.test(attribs.height)) out.height = attribs.height;
  }
  return { tagName, attribs: out };
}

/** Sanitizes rich-text HTML for storage and display. Idempotent. */
export function sanitizeRichText(html: string): string {
  return sanitizer()(html, OPTIONS).trim();
}

/** Plain text of an HTML fragment (for summaries, search, the newsletter), whitespace collapsed. */
const BLOCK_ENDS = /<\/(p|div|h[1-6]|li|tr|blockquote|pre|figcaption|caption)>|<br\s*\/?>/gi;

export function htmlToText(html: string): string {
  const withBreaks = html.replace(BLOCK_ENDS, '$&\n');
  const text = sanitizer()(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: OPTIONS.nonTextTags,
  });
  return decodeEntities(text)
    .replace(/[ \t\r\f\v\u00a0\u3000]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/**
 * htmlToText for HTML that sanitizeRichText produced (stored article bodies): its tags are well formed,
 * its text holds no raw '<' and it has none of the tags whose content is dropped, so regular
 * expressions give the same text as the parser at a small part of the cost (search snippets read one
 * body per hit: ~0.3 ms with the parser, measured on a 1,800-character body).
 */
export function sanitizedHtmlToText(html: string): string {
  const text = html.replace(BLOCK_ENDS, '$&\n').replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\r\f\v\u00a0\u3000]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
}

/** Plain-text paragraphs of an HTML fragment (newsletter export). */
export function htmlToParagraphs(html: string): string[] {
  return htmlToText(html)
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An element of sanitized rich text, as parseRichText reads it. */
export interface RichElement {
  tag: string;
  attrs: Record<string, string>;
  children: RichNode[];
}
/** A text node: entities decoded, whitespace as stored. */
export interface RichText {
  text: string;
}
export type RichNode = RichElement | RichText;

export const isRichElement = (n: RichNode): n is RichElement => 'tag' in n;

/**
 * The element tree of a rich-text body, for renderers that need its structure (the newsletter's
 * Word export). The input is sanitized first, so only the allow-list above reaches the tree; it is
 * parsed by htmlparser2, the parser sanitize-html itself uses, so both read the markup alike.
 */
export function parseRichText(html: string): RichNode[] {
  const convert = (nodes: readonly ChildNode[]): RichNode[] =>
    nodes.flatMap((n): RichNode[] => {
      if (n.type === 'tag') {
        const e = n as Element;
        return [{ tag: e.name.toLowerCase(), attrs: { ...e.attribs }, children: convert(e.children) }];
      }
      return n.type === 'text' ? [{ text: (n as Text).data }] : [];
    });
  return convert(htmlparser().parseDocument(sanitizeRichText(html), { decodeEntities: true }).children);
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}

// Escaping plain text is platform/html.ts's; re-exported for the callers that sanitize and escape.
export { escapeHtml } from './html';
