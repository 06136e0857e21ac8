import { describe, expect, it } from 'vitest';
import {
  buildQuery,
  buildTsvector,
  highlightSnippet,
  highlightText,
  normalizeText,
  SNIPPET_WINDOW,
  textTerms,
} from './text';
import { escapeHtml } from '../html';

/** A tiny dictionary segmenter: longest match of known words, else single characters. */
const WORDS = ['共产党员', '共产党', '党建', '工作', '先锋', '模范', '学习', '理论'];
const segment = (text: string) => {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const w = WORDS.find((x) => text.startsWith(x, i));
    out.push(w ?? text[i]!);
    i += w ? w.length : 1;
  }
  return out;
};

describe('textTerms', () => {
  it('yields Han characters, bigrams, longer words and lower-cased Latin words', () => {
    const terms = textTerms('共产党员ＰＤＦ Word2025', segment);
    expect(terms).toEqual(
      expect.arrayContaining(['共', '共产', '产党', '党员', '共产党员', 'pdf', 'word2025']),
    );
    expect(terms).not.toContain('ＰＤＦ');
  });
  it('never lets a Latin word swallow the Han text after it', () => {
    const terms = textTerms('学校B党建工作', segment);
    expect(terms).toEqual(expect.arrayContaining(['b', '党建', '工作']));
    expect(terms.some((t) => /[a-z]\p{Script=Han}/u.test(t))).toBe(false);
  });
  it('ignores punctuation', () => {
    expect(textTerms('党建，工作！', segment)).toEqual(['党', '党建', '建', '工', '工作', '作']);
  });
});

describe('buildTsvector', () => {
  it('weights title terms A and body terms B with positions', () => {
    const v = buildTsvector('党建', '工作', segment);
    expect(v).toBe("'党':1A '党建':2A '建':3A '工':4B '工作':5B '作':6B");
  });
  it('quotes lexemes safely', () => {
    expect(buildTsvector("it's", '', segment)).toBe("'it':1A 's':2A");
  });
});

describe('buildQuery', () => {
  it('matches a two-character word as one lexeme', () => {
    expect(buildQuery('党建', segment)).toEqual({
      tsquery: "'党建'",
      titleTsquery: "'党建':A",
      highlight: ['党建'],
    });
  });
  it('matches longer words whole or by all their bigrams, words ANDed', () => {
    const q = buildQuery('共产党员 pdf', segment);
    expect(q.tsquery).toBe("('共产党员' | ('共产' & '产党' & '党员')) & 'pdf'");
    expect(q.titleTsquery).toBe("('共产党员':A | ('共产':A & '产党':A & '党员':A)) & 'pdf':A");
  });
  it('has no query for punctuation or quotes only', () => {
    expect(buildQuery(" '!?， ", segment).tsquery).toBeNull();
    expect(buildQuery("a' | b", segment).tsquery).toBe("'a' & 'b'");
  });
});

describe('snippets', () => {
  it('escapes text and marks hits around the first one', () => {
    const text = '开头<b>'.padEnd(200, '。') + '加强党建工作&推进';
    const s = highlightSnippet(text, ['党建'], 40);
    expect(s).toContain('<mark>党建</mark>');
    expect(s.startsWith('…')).toBe(true);
    expect(highlightText('<i>党建</i>', ['党建'])).toBe('&lt;i&gt;<mark>党建</mark>&lt;/i&gt;');
  });

  it('gives the same snippet from the first window as from the whole text', () => {
    // The whole-text snippet, written out plainly as the reference.
    const reference = (text: string, terms: string[], length: number) => {
      const flat = text.replace(/\s+/g, ' ').trim();
      const hay = normalizeText(flat);
      const firsts = terms.map((t) => hay.indexOf(t)).filter((i) => i >= 0);
      const first = firsts.length ? Math.min(...firsts) : -1;
      const start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 4));
      const end = Math.min(flat.length, start + length);
      let out = start > 0 ? '…' : '';
      let i = start;
      while (i < end) {
        const hits = terms
          .map((t) => [hay.indexOf(t, i), t.length] as const)
          .filter(([j]) => j >= 0 && j < end);
        if (!hits.length) break;
        const [j, n] = hits.reduce((a, b) => (b[0] < a[0] || (b[0] === a[0] && b[1] > a[1]) ? b : a));
        if (j + n > end) break;
        out += escapeHtml(flat.slice(i, j)) + '<mark>' + escapeHtml(flat.slice(j, j + n)) + '</mark>';
        i = j + n;
      }
      return out + escapeHtml(flat.slice(i, end)) + (end < flat.length ? '…' : '');
    };
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const words = ['党建', '学习', '教育', '  ', '\n', '<b>', '&', 'Ａ', '工作', '。'];
    let windowed = 0;
    for (let n = 0; n < 300; n++) {
      const len = 200 + Math.floor(rnd() * 3 * SNIPPET_WINDOW);
      let text = '';
      while (text.length < len)
        text += rnd() < 0.02 ? '党建' : words[Math.floor(rnd() * (words.length - 1)) + 1];
      const length = 40 + Math.floor(rnd() * 100);
      expect(highlightSnippet(text, ['党建', '学习'], length)).toBe(
        reference(text, ['党建', '学习'], length),
      );
      if (text.length > SNIPPET_WINDOW && text.indexOf('党建') < SNIPPET_WINDOW / 2) windowed++;
    }
    // Both paths were taken.
    expect(windowed).toBeGreaterThan(20);
  });
});
