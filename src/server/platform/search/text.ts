import { escapeHtml } from '../html';

/**
 * Chinese full-text search, done the same way on PGlite and PostgreSQL by doing the language work
 * in the app: the text is cut into terms here and handed to the database as a tsvector / tsquery
 * *literal* (`'党建':1A …`::tsvector), so no database text-search parser or dictionary is involved
 * and both engines see the very same lexemes.
 *
 * Terms of a document: every Han character and every pair of adjacent Han characters (bigrams:
 * any two-character query finds every text that contains it), the longer words a segmenter (jieba)
 * finds, and Latin/digit words, all NFKC-normalised and lower-cased. Title terms carry weight A,
 * body terms weight B. A query is cut the same way: each Han word must match, either as the whole
 * word or as all its bigrams; Latin words must match exactly.
 */

/** Splits text into words (jieba in production; anything deterministic in tests). */
export type Segmenter = (text: string) => string[];

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
// Han runs, or runs of other letters and digits (a Latin word never swallows the Han text after it).
const WORD_RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
/** PostgreSQL keeps at most 256 positions per lexeme and positions up to 16383. */
const MAX_POSITIONS_PER_LEXEME = 256;
const MAX_POSITION = 16383;
const MAX_LEXEME_LENGTH = 60;
/** Index at most this much of a body (characters). */
export const MAX_INDEXED_CHARS = 60_000;

export const normalizeText = (s: string) => s.normalize('NFKC').toLowerCase();

/** The ordered terms of one text (title or body). */
export function textTerms(text: string, segment: Segmenter): string[] {
  const norm = normalizeText(text).slice(0, MAX_INDEXED_CHARS);
  const out: string[] = [];
  for (const m of norm.matchAll(WORD_RUN)) {
    const run = m[0];
    if (!HAN.test(run[0]!)) {
      if (run.length <= MAX_LEXEME_LENGTH) out.push(run);
      continue;
    }
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
    if (chars.length > 2) {
      for (const w of segment(run)) {
        const wc = [...w];
        if (wc.length > 2 && wc.length <= 12 && wc.every((c) => HAN.test(c))) out.push(w);
      }
    }
  }
  return out;
}

const quoteLexeme = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * A tsvector literal: title terms weighted A, body terms weighted B. Store it with
 * `${literal}::tsvector`.
 */
export function buildTsvector(title: string, body: string, segment: Segmenter): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (terms: string[], weight: 'A' | 'B') => {
    for (const t of terms) {
      pos = Math.min(pos + 1, MAX_POSITION);
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${pos}${weight}`);
      positions.set(t, list);
    }
  };
  add(textTerms(title, segment), 'A');
  add(textTerms(body, segment), 'B');
  return [...positions].map(([t, p]) => `${quoteLexeme(t)}:${p.join(',')}`).join(' ');
}

/**
 * The title's terms alone, without positions or weights (a tsvector literal): small enough to be
 * stored inline in the row, so testing a match for a title hit costs next to nothing, and with a GIN
 * index of its own (the wide vector is never read for it).
 */
export function buildTitleTsvector(title: string, segment: Segmenter): string {
  return [...new Set(textTerms(title, segment))].map(quoteLexeme).join(' ');
}

export interface SearchQuery {
  /** tsquery literal matching title or body. Null when the query has no searchable term. */
  tsquery: string | null;
  /**
   * The same query restricted to title terms (weight A), for the wide vector. Search itself tests
   * title hits with `tsquery` against the title vector (buildTitleTsvector), which is equivalent.
   */
  titleTsquery: string | null;
  /** The words to highlight in snippets. */
  highlight: string[];
}

export const MAX_QUERY_WORDS = 12;

/** Cuts a user's query into a tsquery literal (AND of its words). */
export function buildQuery(q: string, segment: Segmenter): SearchQuery {
  const norm = normalizeText(q).slice(0, 100);
  const groups: string[][] = []; // each group: alternatives (each alternative: AND of lexemes)
  const highlight: string[] = [];
  for (const m of norm.matchAll(WORD_RUN)) {
    const run = m[0];
    if (!HAN.test(run[0]!)) {
      if (run.length <= MAX_LEXEME_LENGTH) {
        groups.push([quoteLexeme(run)]);
        highlight.push(run);
      }
      continue;
    }
    const words = [...run].length > 2 ? segment(run).filter((w) => HAN.test(w)) : [run];
    for (const w of words) {
      const chars = [...w];
      highlight.push(w);
      if (chars.length <= 2) {
        groups.push([quoteLexeme(w)]);
        continue;
      }
      const bigrams = chars.slice(0, -1).map((c, i) => quoteLexeme(c + chars[i + 1]!));
      groups.push([quoteLexeme(w), `(${bigrams.join(' & ')})`]);
    }
  }
  const kept = groups.slice(0, MAX_QUERY_WORDS);
  if (!kept.length) return { tsquery: null, titleTsquery: null, highlight: [] };
  const join = (weight: string) =>
    kept
      .map((alts) =>
        alts.length === 1
          ? weighted(alts[0]!, weight)
          : `(${alts.map((a) => weighted(a, weight)).join(' | ')})`,
      )
      .join(' & ');
  return {
    tsquery: join(''),
    titleTsquery: join('A'),
    highlight: [...new Set(highlight)].sort((a, b) => b.length - a.length),
  };
}

/** Adds a weight restriction (`:A`) to every lexeme of a small expression. */
function weighted(expr: string, weight: string): string {
  if (!weight) return expr;
  return expr.replace(/('(?:[^']|'')*')/g, `$1:${weight}`);
}

/**
 * An HTML-escaped excerpt of `text` around the first hit, with hits wrapped in <mark>.
 * `text` is plain text (see lib/sanitize.ts htmlToText).
 */
export function highlightSnippet(text: string, terms: string[], length = 120): string {
  // Most hits are early in a body: try the first SNIPPET_WINDOW characters before normalizing a
  // whole article (a search page makes 15 snippets). Taken only when the snippet, and every term
  // that could start before its hit, ends inside the window, so the answer is the whole text's.
  if (text.length > SNIPPET_WINDOW) {
    const head = snippetOf(text.slice(0, SNIPPET_WINDOW), terms, length);
    const margin = Math.max(length, ...terms.map((t) => t.length)) + 1;
    if (head.first >= 0 && head.first + margin < head.flatLength) return head.html(true);
  }
  return snippetOf(text, terms, length).html(false);
}

/** Characters of a text tried first for its snippet (highlightSnippet). */
export const SNIPPET_WINDOW = 1500;

function snippetOf(text: string, terms: string[], length: number) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = normalizeText(flat);
  // NFKC can change lengths; fall back to plain lower-casing when it does.
  const hay = lower.length === flat.length ? lower : flat.toLowerCase();
  let first = -1;
  for (const t of terms) {
    const i = hay.indexOf(t);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  const start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 4));
  const end = Math.min(flat.length, start + length);
  return {
    first,
    flatLength: flat.length,
    /** `cut`: the text goes on past `flat` (a window of it). */
    html: (cut: boolean) =>
      markTerms(flat.slice(start, end), hay.slice(start, end), terms, start > 0, cut || end < flat.length),
  };
}

/** Escapes `text` and wraps each occurrence of a term in <mark>. */
export function highlightText(text: string, terms: string[]): string {
  const hay = normalizeText(text);
  return markTerms(text, hay.length === text.length ? hay : text.toLowerCase(), terms, false, false);
}

function markTerms(text: string, hay: string, terms: string[], pre: boolean, post: boolean): string {
  const usable = terms.filter(Boolean);
  let out = pre ? '…' : '';
  let i = 0;
  while (i < text.length) {
    let hit = -1;
    let hitLen = 0;
    for (const t of usable) {
      const j = hay.indexOf(t, i);
      if (j >= 0 && (hit < 0 || j < hit || (j === hit && t.length > hitLen))) {
        hit = j;
        hitLen = t.length;
      }
    }
    if (hit < 0) {
      out += escapeHtml(text.slice(i));
      break;
    }
    out += escapeHtml(text.slice(i, hit)) + '<mark>' + escapeHtml(text.slice(hit, hit + hitLen)) + '</mark>';
    i = hit + hitLen;
  }
  return out + (post ? '…' : '');
}

/** True when the text contains any Han character. */
export const hasHan = (s: string) => HAN.test(s);
/** Han runs of a text (for tests and diagnostics). */
export const hanRuns = (s: string) => [...s.matchAll(HAN_RUN)].map((m) => m[0]);
