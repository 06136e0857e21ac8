import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlToText, sanitizeRichText, sanitizedHtmlToText } from './sanitize';

const MEDIA = '/media/0b7c4a52-3f7e-4c1a-9d2b-5c6e7f8a9b0c/large';

/** Stored-XSS payloads (issue 3 §11). Each must come out with nothing that can run. */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://ok.example/a.png" onerror="alert(1)">',
  '<img src="javascript:alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
  '<img src=//evil.example/a.png>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="jav\tascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '<a href="//evil.example">x</a>',
  '<a href="/\\evil.example">x</a>',
  '<a href="\\\\evil.example">x</a>',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math href="javascript:alert(1)">x</math>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<p style="width: expression(alert(1))">x</p>',
  '<div style="text-align:center;background-image:url(javascript:alert(1))">x</div>',
  '<style>body{background:url(javascript:alert(1))}</style>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="https://evil.example"><input name=a><button>go</button></form>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<video src="https://evil.example/v.mp4" onplay=alert(1)></video>',
  '<audio src="javascript:alert(1)"></audio>',
  '<p onclick="alert(1)" onmouseover=alert(1)>x</p>',
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  '<img """><script>alert(1)</script>">',
  '<<script>script>alert(1)<</script>/script>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<base href="https://evil.example/">',
  '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
  '<a href="java\u0000script:alert(1)">x</a>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>',
  '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
];

/** What makes HTML active, after the sanitizer: none of it may remain as markup. */
function assertInert(out: string) {
  const lower = out.toLowerCase();
  expect(lower).not.toMatch(
    /<\s*(script|style|iframe|object|embed|svg|math|form|input|button|meta|link|base|template|body)/,
  );
  expect(lower).not.toMatch(/\son[a-z]+\s*=/); // event handlers
  expect(lower).not.toMatch(
    /(href|src|poster|background|action|data)\s*=\s*["']?\s*(javascript|vbscript|data):/,
  );
  expect(lower).not.toMatch(/(href|src)\s*=\s*["']?[/\\]{2}/); // protocol-relative
  expect(lower).not.toMatch(/expression\s*\(|url\s*\(/);
  // Every remaining tag is one of the allow-list.
  for (const m of out.matchAll(/<\s*([a-z0-9]+)/gi)) {
    expect([
      'p',
      'a',
      'img',
      'div',
      'table',
      'tr',
      'td',
      'tbody',
      'video',
      'audio',
      'source',
      'span',
      'strong',
    ]).toContain(m[1]!.toLowerCase());
  }
}

describe('sanitizeRichText against stored-XSS payloads', () => {
  it.each(XSS_PAYLOADS.map((p) => [p]))('%s → inert', (payload) => {
    const out = sanitizeRichText(payload);
    assertInert(out);
    // Idempotent: a second pass changes nothing.
    expect(sanitizeRichText(out)).toBe(out);
  });

  it('drops the contents of script, style and svg, not only the tags', () => {
    expect(
      sanitizeRichText('<p>a</p><script>alert(1)</script><style>x{}</style><svg><text>t</text></svg>'),
    ).toBe('<p>a</p>');
  });

  it('keeps entity-encoded text as text', () => {
    expect(sanitizeRichText('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });

  it('removes javascript: hrefs hidden by entities and control characters', () => {
    for (const p of XSS_PAYLOADS.filter((x) => x.startsWith('<a href'))) {
      expect(sanitizeRichText(p)).not.toMatch(/href="(?!https:)/);
    }
  });
});

describe('sanitizeRichText keeps what articles need', () => {
  it('keeps headings, paragraphs, lists, tables and text-align', () => {
    const html =
      '<h2 style="text-align: center">标题</h2><p style="text-align:right;color:red">正文<strong>加粗</strong></p>' +
      '<ul><li>一</li></ul><ol start="3"><li>三</li></ol>' +
      '<table><thead><tr><th colspan="2">表头</th></tr></thead><tbody><tr><td rowspan="1">格</td></tr></tbody></table>';
    const out = sanitizeRichText(html);
    expect(out).toContain('<h2 style="text-align:center">标题</h2>');
    expect(out).toContain('<p style="text-align:right">正文<strong>加粗</strong></p>');
    expect(out).toContain('<ol start="3">');
    expect(out).toContain('<th colspan="2">表头</th>');
    expect(out).not.toContain('color');
  });

  it('keeps only our own media images (no outside image can track readers)', () => {
    expect(sanitizeRichText(`<img src="${MEDIA}" alt="照片" width="640">`)).toBe(
      `<img src="${MEDIA}" alt="照片" width="640" />`,
    );
    expect(sanitizeRichText('<img src="https://img.example/a.jpg">')).toBe('');
    expect(sanitizeRichText('<img src="http://img.example/a.jpg">')).toBe('');
    expect(sanitizeRichText('<img src="/etc/passwd">')).toBe('');
    expect(sanitizeRichText('<img src="x" width="100%">')).toBe('');
  });

  it('keeps audio and video only from our own media', () => {
    expect(sanitizeRichText(`<video src="${MEDIA}" autoplay></video>`)).toBe(
      `<video controls src="${MEDIA}"></video>`,
    );
    expect(sanitizeRichText(`<audio><source src="${MEDIA}" type="audio/mpeg"></audio>`)).toBe(
      `<audio controls><source src="${MEDIA}" type="audio/mpeg" /></audio>`,
    );
    expect(sanitizeRichText('<video src="https://cdn.example/v.mp4"></video>')).toBe(
      '<video controls></video>',
    );
  });

  it('allows http, https, mailto and relative links; marks external ones', () => {
    expect(sanitizeRichText('<a href="https://www.gov.cn/">政府网</a>')).toBe(
      '<a href="https://www.gov.cn/" rel="noopener noreferrer">政府网</a>',
    );
    expect(sanitizeRichText('<a href="/columns/notices" target="_blank">通知</a>')).toBe(
      '<a href="/columns/notices">通知</a>',
    );
    expect(sanitizeRichText('<a href="mailto:office@example.cn">信箱</a>')).toBe(
      '<a href="mailto:office@example.cn">信箱</a>',
    );
    expect(sanitizeRichText('<a href="ftp://x.example/">x</a>')).toBe('<a>x</a>');
  });
});

describe('htmlToText and escapeHtml', () => {
  it('gives plain text with paragraph breaks and decoded entities', () => {
    expect(htmlToText('<h2>标题</h2><p>第一段&nbsp;&amp;</p><script>x</script><p>第二段</p>')).toBe(
      '标题\n第一段 &\n第二段',
    );
  });
  it('escapes markup characters', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });
});

describe('sanitizedHtmlToText', () => {
  it('gives the parser’s text for what sanitizeRichText stored', () => {
    const inputs = [
      '<h2>标题 &amp; 副题</h2><p>第一段<strong>加粗</strong>，<a href="https://example.cn/?a=1&b=2">链接</a></p><p>第二段&nbsp;&lt;不是标签&gt;</p>',
      '<ul><li>一</li><li>二<br>换行</li></ul><blockquote>引文</blockquote><table><tr><td>格</td></tr></table>',
      '<figure><img src="/media/00000000-0000-4000-8000-000000000000/large" alt="图"><figcaption>图注 &quot;引号&quot;</figcaption></figure>',
      '<p>含<script>alert(1)</script>脚本<style>p{}</style>与<iframe src="x"></iframe>框架</p><!-- 注释 -->',
      '<p>　全角空格　与\t制表</p>\n\n<p>末段</p>',
    ];
    for (const raw of inputs) {
      const stored = sanitizeRichText(raw);
      expect(sanitizedHtmlToText(stored)).toBe(htmlToText(stored));
    }
    // Not vacuous: the text is really there.
    expect(sanitizedHtmlToText(sanitizeRichText(inputs[0]!))).toContain('第二段 <不是标签>');
  });
});
