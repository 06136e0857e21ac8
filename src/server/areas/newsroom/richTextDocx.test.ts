import * as docx from 'docx';
import { describe, expect, it } from 'vitest';
import { readZipEntry } from '../../../../test/support/newsroom';
import { parseRichText } from '../../platform/sanitize';
import { bodyNumbering, bodyStyles, imageSources, richTextToDocx, type EmbeddedImage } from './richTextDocx';

// A 1 × 1 PNG: enough for docx to embed.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SRC = '/media/0b7c4a52-3f7e-4c1a-9d2b-5c6e7f8a9b0c/large';

/** The body rendered into a document of its own; its word/document.xml body. */
async function render(
  html: string,
  opts: { images?: Map<string, EmbeddedImage | null>; siteUrl?: string } = {},
) {
  const content = richTextToDocx(docx, parseRichText(html), {
    textWidth: 9000,
    textHeight: 13500,
    images: opts.images ?? new Map(),
    siteUrl: opts.siteUrl,
    lists: { next: 1 },
  });
  const doc = new docx.Document({
    styles: bodyStyles(docx),
    numbering: { config: bodyNumbering(docx) },
    sections: [{ children: content }],
  });
  const zip = await docx.Packer.toBuffer(doc);
  const xml = readZipEntry(zip, 'word/document.xml')!.toString('utf8');
  return { xml: xml.slice(xml.indexOf('<w:body>')), zip };
}

/** Paragraphs as [style, text]. */
const paragraphs = (xml: string) =>
  [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/gs)].map((m) => {
    const p = m[1] ?? m[2]!;
    return [
      /<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? '',
      [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    ];
  });

describe('richTextToDocx', () => {
  it('maps headings to Word heading styles under the article title (h1 and h2 both to Heading 2)', async () => {
    const { xml } = await render(
      '<h1>总标题</h1><h2>一、概况</h2><h3>（一）</h3><h4>1.</h4><h5>五</h5><h6>六</h6>',
    );
    expect(paragraphs(xml)).toEqual([
      ['Heading2', '总标题'],
      ['Heading2', '一、概况'],
      ['Heading3', '（一）'],
      ['Heading4', '1.'],
      ['Heading5', '五'],
      ['Heading6', '六'],
    ]);
  });

  it('numbers lists with Word numbering: nested levels, a new list per list, a given start', async () => {
    const { xml } = await render(
      '<ol><li><p>甲</p><ol><li><p>甲一</p></li></ol></li><li><p>乙</p><p>乙的第二段</p></li></ol>' +
        '<ul><li><p>要点</p><ol><li><p>要点下的步骤</p></li></ol></li></ul>' +
        '<ol start="4"><li><p>丁</p></li></ol><ol><li><p>重新开始</p></li></ol>',
    );
    const numbered = [
      ...xml.matchAll(
        /<w:numPr><w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>.*?<w:t[^>]*>([^<]*)/gs,
      ),
    ].map((m) => [m[3], Number(m[1]), Number(m[2])]);
    const ids = new Map(numbered.map(([text, , id]) => [text, id]));
    expect(numbered.map(([text, level]) => [text, level])).toEqual([
      ['甲', 0],
      ['甲一', 1],
      ['乙', 0],
      ['要点', 0],
      ['要点下的步骤', 1],
      ['丁', 0],
      ['重新开始', 0],
    ]);
    // 甲一 is the next level of the same list; every other list is a list of its own.
    expect(ids.get('甲一')).toBe(ids.get('甲'));
    expect(
      new Set([ids.get('甲'), ids.get('要点'), ids.get('要点下的步骤'), ids.get('丁'), ids.get('重新开始')])
        .size,
    ).toBe(5);
    // A second paragraph of an item is indented under it, without a number of its own.
    expect(xml).toMatch(/<w:ind w:left="1060" w:firstLine="0"\/>.*?乙的第二段/s);
    const { zip } = await render('<ol start="4"><li><p>丁</p></li></ol>');
    const numbering = readZipEntry(zip, 'word/numbering.xml')!.toString('utf8');
    expect(numbering).toMatch(
      /<w:lvl w:ilvl="0"[^>]*><w:start w:val="4"\/><w:numFmt w:val="decimal"\/><w:lvlText w:val="%1."\/>/,
    );
  });

  it('builds tables on the width given, with a repeating header row, spans and borders', async () => {
    const { xml } = await render(
      '<table><caption>表1 党员情况</caption><tbody>' +
        '<tr><th><p>支部</p></th><th colspan="2"><p>人数</p></th></tr>' +
        '<tr><td rowspan="2"><p>机电</p></td><td><p>党员</p></td><td><p>12</p></td></tr>' +
        '<tr><td><p>预备党员</p></td><td><p>2</p></td></tr></tbody></table>',
    );
    expect(paragraphs(xml)[0]).toEqual(['BulletinCaption', '表1 党员情况']);
    expect(xml).toContain('<w:tblW w:type="dxa" w:w="9000"/>');
    expect([...xml.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => m[1])).toEqual([
      '3000',
      '3000',
      '3000',
    ]);
    expect(xml).toMatch(/<w:trPr><w:cantSplit\/><w:tblHeader\/><\/w:trPr>.*?支部/s);
    expect(xml.match(/<w:tblHeader\/>/g)).toHaveLength(1);
    expect(xml).toMatch(/<w:gridSpan w:val="2"\/>.*?人数/s);
    expect(xml).toMatch(/<w:vMerge w:val="restart"\/>.*?机电/s);
    expect(xml).toMatch(/<w:vMerge w:val="continue"\/>/);
    expect(xml).toMatch(/<w:insideV w:val="single" w:color="000000" w:sz="4"\/>/);
  });

  it('embeds images scaled to the width with their alt text, and marks a missing one', async () => {
    const big: EmbeddedImage = { data: PNG, type: 'png', width: 1200, height: 900 };
    const { xml } = await render(
      `<figure><img src="${SRC}" alt="合影"><figcaption>图1 合影</figcaption></figure><img src="/media/0b7c4a52-3f7e-4c1a-9d2b-5c6e7f8a9b0d/large" alt="缺">`,
      {
        images: new Map([[SRC, big]]),
      },
    );
    // 9000 twips = 600 px at 96 dpi, = 5 715 000 EMU; 900 / 1200 of it high.
    expect(xml).toContain('<wp:extent cx="5715000" cy="4286250"/>');
    expect(xml).toMatch(/<wp:docPr id="\d+" name="合影" descr="合影" title="合影"\/>/);
    expect(paragraphs(xml).slice(1)).toEqual([
      ['BulletinCaption', '图1 合影'],
      ['BulletinBody', '〔图片未能载入：缺〕'],
    ]);
    expect(imageSources(parseRichText(`<p><img src="${SRC}"></p><img src="${SRC}">`))).toEqual([SRC]);
    // A picture inside a link (or within a line of text) becomes a paragraph of its own.
    const linked = await render(
      `<p>见图：<a href="https://www.12371.cn/">原图<img src="${SRC}" alt="链图"></a>完</p>`,
      {
        images: new Map([[SRC, big]]),
      },
    );
    expect(linked.xml).toMatch(/<wp:docPr id="\d+" name="链图" descr="链图" title="链图"\/>/);
    expect(paragraphs(linked.xml)).toEqual([
      ['BulletinBody', '见图：原图'],
      ['BulletinBody', ''],
      ['BulletinBody', '完'],
    ]);
  });

  it('keeps inline formatting, links (relative ones only with the site address), quotes, code and rules', async () => {
    const html =
      '<p><strong>粗</strong><em>斜</em><u>下划</u><s>删</s><mark>亮</mark>H<sub>2</sub>O x<sup>2</sup><code>npm</code></p>' +
      '<p><a href="https://www.12371.cn/">外链</a><a href="/articles/1">站内</a></p>' +
      '<blockquote><p>引文</p></blockquote><pre><code>第一行\n第二行</code></pre><hr><p>行一<br>行二</p>' +
      '<video src="/media/0b7c4a52-3f7e-4c1a-9d2b-5c6e7f8a9b0c/original"></video>';
    const { xml } = await render(html);
    for (const [tag, text] of [
      ['<w:b/>', '粗'],
      ['<w:i/>', '斜'],
      ['<w:u w:val="single"/>', '下划'],
      ['<w:strike/>', '删'],
      ['<w:highlight w:val="yellow"/>', '亮'],
      ['<w:vertAlign w:val="subscript"/>', '2'],
      ['<w:vertAlign w:val="superscript"/>', '2'],
      ['w:ascii="Courier New"', 'npm'],
    ]) {
      expect(xml).toMatch(new RegExp(`<w:rPr>[^]*?${tag}[^]*?</w:rPr><w:t[^>]*>${text}</w:t>`));
    }
    expect(xml).toMatch(/<w:hyperlink [^>]*r:id="[^"]+"[^>]*>.*?外链/s);
    expect(xml).not.toMatch(/<w:hyperlink[^>]*>(?:(?!<\/w:hyperlink>).)*站内/s);
    expect(paragraphs(xml).slice(1)).toEqual([
      ['BulletinBody', '外链站内'],
      ['BulletinQuote', '引文'],
      ['BulletinCode', '第一行第二行'],
      ['BulletinBody', ''],
      ['BulletinBody', '行一行二'],
      ['BulletinBody', '〔视频：请在网站上观看〕'],
    ]);
    expect(xml).toMatch(/第一行<\/w:t><\/w:r><w:r><w:rPr>.*?<\/w:rPr><w:br\/><w:t[^>]*>第二行/s);
    expect(xml).toMatch(/<w:pBdr><w:bottom w:val="single"/);
    const linked = await render('<p><a href="/articles/1">站内</a></p>', {
      siteUrl: 'https://dj.example.edu.cn',
    });
    expect(linked.xml).toMatch(/<w:hyperlink[^>]*>.*?站内/s);
    const rels = readZipEntry(linked.zip, 'word/_rels/document.xml.rels')!.toString('utf8');
    expect(rels).toContain('Target="https://dj.example.edu.cn/articles/1" TargetMode="External"');
  });

  it('gives an empty body no paragraphs and drops only whitespace between blocks', async () => {
    expect(paragraphs((await render('')).xml)).toEqual([]);
    expect(paragraphs((await render('<p>  一  </p>\n<p>二</p>')).xml)).toEqual([
      ['BulletinBody', '一'],
      ['BulletinBody', '二'],
    ]);
  });
});
