import type * as Docx from 'docx';
import type {
  IParagraphOptions,
  IRunOptions,
  NumberingDefinition,
  Paragraph,
  ParagraphChild,
  Table,
  TableCell,
  TableRow,
} from 'docx';
import { isRichElement, type RichElement, type RichNode } from '../../platform/sanitize';

/**
 * An article body (sanitized rich text, parsed by parseRichText) as Word content: the one walker
 * from the editor's HTML to docx. Headings become Word heading styles (the article title is
 * Heading 1, so h2 is Heading 2), lists real Word numbering with their nesting, tables bordered
 * grids with a repeating header row that fit the text width, images embedded at most as wide as
 * the text. Pure: the images are loaded beforehand (imageSources → a map by src).
 */

type DocxLib = typeof Docx;
type Block = Paragraph | Table;

export const font = (name: string) => ({ name, eastAsia: name, hint: 'eastAsia' as const });

/** Paragraph style ids this walker uses; the document declares them (bodyStyles). */
export const BODY_STYLE = 'BulletinBody';
const CELL_STYLE = 'BulletinTableText';
const QUOTE_STYLE = 'BulletinQuote';
const CAPTION_STYLE = 'BulletinCaption';
const CODE_STYLE = 'BulletinCode';

/** An image ready to embed: PNG, JPEG or GIF bytes and their pixel size. */
export interface EmbeddedImage {
  data: Buffer;
  type: 'png' | 'jpg' | 'gif';
  width: number;
  height: number;
}

export interface RichTextDocxOptions {
  /** Width of the text column in twips: images and tables are fitted to it. */
  textWidth: number;
  /** Height of the text column in twips: a tall image is scaled to fit it too. */
  textHeight: number;
  /** The images of the body by src; null for one that could not be loaded. */
  images: ReadonlyMap<string, EmbeddedImage | null>;
  /** The site's address (PUBLIC_URL), to make relative links absolute; without it they stay text. */
  siteUrl?: string;
  /** Shared by every body of one document, so each list gets its own numbering instance. */
  lists: { next: number };
}

const BULLET = 'bulletin-bullet';
const ORDERED = 'bulletin-ordered';
const BULLET_CHARS = ['●', '○', '■'];
const ORDERED_TEXT = ['%1.', '(%2)', '%3)'];
const listIndent = (level: number) => ({ left: 640 * (level + 1) + 420, hanging: 420 });

/** The numbering a list with `start` (other than 1) at `level` needs: the shared one with that start. */
function orderedDefinition(lib: DocxLib, reference: string, start = 1, startLevel = 0): NumberingDefinition {
  return {
    reference,
    levels: Array.from({ length: 9 }, (_, level) => ({
      level,
      format: lib.LevelFormat.DECIMAL,
      text: ORDERED_TEXT[level % 3]!.replace(/\d/, String(level + 1)),
      alignment: lib.AlignmentType.LEFT,
      start: level === startLevel ? start : 1,
      style: { paragraph: { indent: listIndent(level) } },
    })),
  };
}

/** The document's list definitions (Document({ numbering: { config } })). */
export function bodyNumbering(lib: DocxLib): NumberingDefinition[] {
  return [
    {
      reference: BULLET,
      levels: Array.from({ length: 9 }, (_, level) => ({
        level,
        format: lib.LevelFormat.BULLET,
        text: BULLET_CHARS[level % 3]!,
        alignment: lib.AlignmentType.LEFT,
        style: { paragraph: { indent: listIndent(level) } },
      })),
    },
    orderedDefinition(lib, ORDERED),
  ];
}

/**
 * The paragraph styles of the body (Document({ styles })): heading styles keep Word's names
 * (Heading 1…6), which is what Word's and LibreOffice's navigator and outline read.
 */
export function bodyStyles(lib: DocxLib) {
  const heading = (
    level: number,
    face: string,
    size: number,
    before: number,
    opts: { center?: boolean } = {},
  ) => ({
    run: { font: font(face), size, bold: true, color: '000000', italics: false },
    paragraph: {
      // Said outright as well as by the style's name: LibreOffice reads the outline from this.
      outlineLevel: level - 1,
      spacing: { before, after: 120, line: 460 },
      keepNext: true,
      ...(opts.center ? { alignment: lib.AlignmentType.CENTER } : {}),
    },
  });
  return {
    default: {
      document: { run: { font: font('SimSun'), size: 28 } },
      heading1: heading(1, 'SimHei', 36, 480, { center: true }),
      heading2: heading(2, 'SimHei', 32, 240),
      heading3: heading(3, 'KaiTi', 32, 200),
      heading4: heading(4, 'FangSong', 32, 160),
      heading5: heading(5, 'FangSong', 30, 120),
      heading6: heading(6, 'FangSong', 28, 120),
    },
    paragraphStyles: [
      {
        id: BODY_STYLE,
        name: '简讯正文',
        basedOn: 'Normal',
        quickFormat: true,
        run: { font: font('FangSong'), size: 32 },
        paragraph: {
          alignment: lib.AlignmentType.JUSTIFIED,
          spacing: { line: 460, after: 0 },
          indent: { firstLine: 640 },
        },
      },
      {
        id: CELL_STYLE,
        name: '简讯表格文字',
        basedOn: 'Normal',
        run: { font: font('FangSong'), size: 24 },
        paragraph: { spacing: { line: 300, before: 40, after: 40 } },
      },
      {
        id: QUOTE_STYLE,
        name: '简讯引文',
        basedOn: BODY_STYLE,
        run: { font: font('KaiTi'), size: 32 },
        paragraph: {
          indent: { left: 640, firstLine: 0 },
          border: { left: { style: lib.BorderStyle.SINGLE, size: 18, color: 'C00000', space: 12 } },
        },
      },
      {
        id: CAPTION_STYLE,
        name: '简讯图表说明',
        basedOn: 'Normal',
        run: { font: font('KaiTi'), size: 24, color: '555555' },
        paragraph: { alignment: lib.AlignmentType.CENTER, spacing: { before: 60, after: 160 } },
      },
      {
        id: CODE_STYLE,
        name: '简讯代码',
        basedOn: 'Normal',
        run: { font: { ascii: 'Courier New', hAnsi: 'Courier New', eastAsia: 'FangSong' }, size: 22 },
        paragraph: {
          spacing: { line: 300, after: 120 },
          shading: { type: lib.ShadingType.CLEAR, fill: 'F2F2F2' },
        },
      },
    ],
  };
}

/** The image URLs a body refers to, in order, each once. */
export function imageSources(nodes: RichNode[]): string[] {
  const out = new Set<string>();
  const visit = (ns: RichNode[]) => {
    for (const n of ns) {
      if (!isRichElement(n)) continue;
      if (n.tag === 'img' && n.attrs.src) out.add(n.attrs.src);
      visit(n.children);
    }
  };
  visit(nodes);
  return [...out];
}

// ------------------------------------------------------------------ the walk

interface Marks {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  strike?: boolean;
  highlight?: boolean;
  superScript?: boolean;
  subScript?: boolean;
  small?: boolean;
  code?: boolean;
}

/** An inline piece before it becomes a run: kept plain so whitespace can be trimmed at the ends. */
type Piece =
  | { kind: 'text'; text: string; marks: Marks }
  | { kind: 'break' }
  | { kind: 'link'; href: string; pieces: Piece[] }
  | { kind: 'image'; el: RichElement };

interface ListContext {
  reference: string | NumberingDefinition;
  instance: number;
  level: number;
  /** The item's first paragraph carries the number; the rest are indented under it. */
  item: { numbered: boolean };
}

interface Context {
  align?: 'left' | 'right' | 'center' | 'justify';
  style: string;
  /** Width available here (twips): the text column, or a table cell's. */
  width: number;
  list?: ListContext;
  header?: boolean;
  pre?: boolean;
}

const INLINE = new Set([
  'strong',
  'b',
  'em',
  'i',
  'u',
  'ins',
  's',
  'del',
  'mark',
  'sub',
  'sup',
  'small',
  'span',
  'code',
  'a',
  'br',
  'img',
]);

const alignOf = (el: RichElement): Context['align'] =>
  /text-align:\s*(left|right|center|justify)/.exec(el.attrs.style ?? '')?.[1] as Context['align'];

const collapse = (s: string) => s.replace(/[ \t\n\r\f]+/g, ' ');

/** Converts a parsed body to Word paragraphs and tables. */
export function richTextToDocx(lib: DocxLib, nodes: RichNode[], opts: RichTextDocxOptions): Block[] {
  const {
    AlignmentType,
    BorderStyle,
    ExternalHyperlink,
    HeadingLevel,
    ImageRun,
    Paragraph,
    ShadingType,
    Table,
    TableCell,
    TableLayoutType,
    TableRow,
    TextRun,
    WidthType,
  } = lib;
  const HEADINGS = {
    h1: HeadingLevel.HEADING_2,
    h2: HeadingLevel.HEADING_2,
    h3: HeadingLevel.HEADING_3,
    h4: HeadingLevel.HEADING_4,
    h5: HeadingLevel.HEADING_5,
    h6: HeadingLevel.HEADING_6,
  } as const;
  const ALIGN = {
    left: AlignmentType.LEFT,
    right: AlignmentType.RIGHT,
    center: AlignmentType.CENTER,
    justify: AlignmentType.JUSTIFIED,
  } as const;

  // -------------------------------------------------------------- inline
  function collect(ns: RichNode[], marks: Marks, out: Piece[], pre: boolean) {
    for (const n of ns) {
      if (!isRichElement(n)) {
        out.push({ kind: 'text', text: pre ? n.text : collapse(n.text), marks });
        continue;
      }
      const m = { ...marks };
      switch (n.tag) {
        case 'br':
          out.push({ kind: 'break' });
          continue;
        case 'img':
          out.push({ kind: 'image', el: n });
          continue;
        case 'a': {
          const inner: Piece[] = [];
          collect(n.children, m, inner, pre);
          const href = linkTarget(n.attrs.href);
          // A linked picture is shown (as a paragraph of its own), its link dropped.
          const text = inner.filter((p) => p.kind !== 'image');
          if (href) out.push({ kind: 'link', href, pieces: text });
          else out.push(...text);
          out.push(...inner.filter((p) => p.kind === 'image'));
          continue;
        }
        case 'strong':
        case 'b':
          m.bold = true;
          break;
        case 'em':
        case 'i':
          m.italics = true;
          break;
        case 'u':
        case 'ins':
          m.underline = true;
          break;
        case 's':
        case 'del':
          m.strike = true;
          break;
        case 'mark':
          m.highlight = true;
          break;
        case 'sup':
          m.superScript = true;
          break;
        case 'sub':
          m.subScript = true;
          break;
        case 'small':
          m.small = true;
          break;
        case 'code':
          m.code = true;
          break;
        case 'audio':
        case 'video':
          out.push({ kind: 'text', text: mediaNote(n.tag), marks: { ...m, italics: true } });
          continue;
        default:
          break;
      }
      collect(n.children, m, out, pre);
    }
  }

  function linkTarget(raw: string | undefined): string | null {
    if (!raw) return null;
    if (/^(https?|mailto):/i.test(raw)) return raw;
    if (!opts.siteUrl) return null;
    try {
      return new URL(raw, opts.siteUrl).href;
    } catch {
      return null;
    }
  }

  /** Drops the whitespace at the ends of a paragraph (HTML would not show it either). */
  function trim(pieces: Piece[]) {
    const texts = (ps: Piece[]): Extract<Piece, { kind: 'text' }>[] =>
      ps.flatMap((p) => (p.kind === 'text' ? [p] : p.kind === 'link' ? texts(p.pieces) : []));
    const all = texts(pieces);
    if (all.length) {
      all[0]!.text = all[0]!.text.replace(/^ +/, '');
      all[all.length - 1]!.text = all[all.length - 1]!.text.replace(/ +$/, '');
    }
    const hasContent = (ps: Piece[]): boolean =>
      ps.some((p) => (p.kind === 'text' ? p.text !== '' : p.kind === 'link' ? hasContent(p.pieces) : true));
    return hasContent(pieces);
  }

  function runs(pieces: Piece[], ctx: Context, link = false): ParagraphChild[] {
    const out: ParagraphChild[] = [];
    for (const p of pieces) {
      if (p.kind === 'break') out.push(new TextRun({ break: 1 }));
      else if (p.kind === 'link')
        out.push(new ExternalHyperlink({ link: p.href, children: runs(p.pieces, ctx, true) }));
      else if (p.kind === 'text' && p.text) {
        const lines = ctx.pre ? p.text.split('\n') : [p.text];
        lines.forEach((text, i) =>
          out.push(new TextRun({ text, break: i ? 1 : undefined, ...runOptions(p.marks, ctx, link) })),
        );
      }
    }
    return out;
  }

  function runOptions(m: Marks, ctx: Context, link: boolean): Omit<IRunOptions, 'text'> {
    return {
      bold: m.bold || ctx.header || undefined,
      italics: m.italics,
      underline: m.underline || link ? {} : undefined,
      strike: m.strike,
      highlight: m.highlight ? 'yellow' : undefined,
      superScript: m.superScript,
      subScript: m.subScript,
      size: m.small ? (ctx.style === CELL_STYLE ? 20 : 26) : undefined,
      font: m.code ? { ascii: 'Courier New', hAnsi: 'Courier New', eastAsia: 'FangSong' } : undefined,
      color: link ? '0563C1' : undefined,
    };
  }

  // -------------------------------------------------------------- blocks
  function paragraph(children: ParagraphChild[], ctx: Context, extra: Partial<IParagraphOptions> = {}) {
    const list = ctx.list;
    let numbering: IParagraphOptions['numbering'];
    let indent: IParagraphOptions['indent'];
    if (list && !list.item.numbered) {
      list.item.numbered = true;
      numbering = { reference: list.reference, level: list.level, instance: list.instance };
      indent = listIndent(list.level);
    } else if (list) {
      indent = { left: listIndent(list.level).left, firstLine: 0 };
    }
    return new Paragraph({
      style: extra.heading ? undefined : ctx.style,
      alignment: ctx.align ? ALIGN[ctx.align] : ctx.header ? AlignmentType.CENTER : undefined,
      numbering,
      indent,
      ...extra,
      children,
    });
  }

  /** One paragraph of inline content; an image inside it is lifted out as a paragraph of its own. */
  function inlineBlock(ns: RichNode[], ctx: Context, out: Block[], extra: Partial<IParagraphOptions> = {}) {
    const pieces: Piece[] = [];
    collect(ns, {}, pieces, !!ctx.pre);
    let line: Piece[] = [];
    const flush = () => {
      if (trim(line)) out.push(paragraph(runs(line, ctx), ctx, extra));
      line = [];
    };
    for (const p of pieces) {
      if (p.kind === 'image') {
        flush();
        out.push(...image(p.el, ctx));
      } else line.push(p);
    }
    flush();
  }

  function image(el: RichElement, ctx: Context): Block[] {
    const img = opts.images.get(el.attrs.src ?? '');
    const alt = (el.attrs.alt ?? '').trim();
    const centered = { ...ctx, align: ctx.align ?? ('center' as const) };
    if (!img) {
      const text = `〔图片未能载入${alt ? `：${alt}` : ''}〕`;
      return [
        paragraph([new TextRun({ text, italics: true, color: '888888' })], centered, {
          indent: { firstLine: 0 },
        }),
      ];
    }
    // Pixels at 96 to the inch are 15 twips; the picture keeps its proportions.
    const maxW = Math.floor(ctx.width / 15);
    const maxH = Math.floor(opts.textHeight / 15);
    const scale = Math.min(1, maxW / img.width, maxH / img.height);
    const width = Math.max(1, Math.round(img.width * scale));
    const height = Math.max(1, Math.round(img.height * scale));
    const run = new ImageRun({
      type: img.type,
      data: img.data,
      transformation: { width, height },
      altText: { name: alt || '图片', description: alt, title: (el.attrs.title ?? '').trim() || alt },
    });
    return [
      paragraph([run], centered, {
        ...(ctx.list ? {} : { indent: { firstLine: 0 } }),
        spacing: { before: 120, after: 120, line: 240, lineRule: 'auto' },
        keepNext: false,
      }),
    ];
  }

  function list(el: RichElement, ctx: Context, out: Block[]) {
    const ordered = el.tag === 'ol';
    const level = ctx.list ? Math.min(ctx.list.level + 1, 8) : 0;
    const start = Number(el.attrs.start ?? 1);
    const parentRef = ctx.list?.reference;
    const sameKind = parentRef === (ordered ? ORDERED : BULLET);
    let reference: ListContext['reference'] = ordered ? ORDERED : BULLET;
    let instance: number;
    if (ordered && Number.isInteger(start) && start > 1) {
      // A list that starts at another number needs a definition of its own (Word counts from `start`).
      reference = orderedDefinition(lib, `${ORDERED}-${level}-${start}`, start, level);
      instance = opts.lists.next++;
    } else if (sameKind && ctx.list) {
      // A nested list of the same kind is the next level of the same Word list.
      instance = ctx.list.instance;
    } else {
      instance = opts.lists.next++;
    }
    for (const li of el.children) {
      if (!isRichElement(li)) {
        if (li.text.trim()) inlineBlock([li], { ...ctx, list: undefined }, out);
        continue;
      }
      const item = { numbered: false };
      const itemCtx: Context = {
        ...ctx,
        align: alignOf(li) ?? ctx.align,
        list: { reference, instance, level, item },
      };
      if (li.tag === 'li') blocks(li.children, itemCtx, out);
      else blocks([li], itemCtx, out);
      // An item with nothing in it still shows its bullet, as in the browser.
      if (!item.numbered) out.push(paragraph([], itemCtx));
    }
  }

  function table(el: RichElement, ctx: Context, out: Block[]) {
    const rows: { el: RichElement; head: boolean }[] = [];
    const captions: RichElement[] = [];
    const visit = (ns: RichNode[], head: boolean) => {
      for (const n of ns) {
        if (!isRichElement(n)) continue;
        if (n.tag === 'tr') rows.push({ el: n, head });
        else if (n.tag === 'caption') captions.push(n);
        else if (['thead', 'tbody', 'tfoot'].includes(n.tag)) visit(n.children, n.tag === 'thead');
      }
    };
    visit(el.children, false);
    for (const c of captions) inlineBlock(c.children, { ...ctx, style: CAPTION_STYLE, list: undefined }, out);
    const cellsOf = (r: RichElement) =>
      r.children.filter((c): c is RichElement => isRichElement(c) && (c.tag === 'td' || c.tag === 'th'));
    const span = (c: RichElement, name: 'colspan' | 'rowspan') => {
      const v = Number(c.attrs[name] ?? 1);
      return Number.isInteger(v) && v > 1 ? Math.min(v, 63) : 1;
    };
    // The grid's width in columns: cells of each row plus those a rowspan from above reaches into it.
    const carried: number[] = [];
    let columns = 1;
    rows.forEach((r, i) => {
      const own = cellsOf(r.el).reduce((sum, c) => sum + span(c, 'colspan'), 0);
      columns = Math.max(columns, own + (carried[i] ?? 0));
      for (const c of cellsOf(r.el)) {
        for (let k = 1; k < span(c, 'rowspan'); k++)
          carried[i + k] = (carried[i + k] ?? 0) + span(c, 'colspan');
      }
    });
    if (!rows.length) return;
    const width = ctx.width - (ctx.list ? listIndent(ctx.list.level).left : 0);
    const colWidth = Math.floor(width / columns);
    // Leading rows of header cells (a <thead>, or TipTap's first row of <th>) repeat on every page.
    let headerRows = 0;
    while (
      headerRows < rows.length &&
      (rows[headerRows]!.head || cellsOf(rows[headerRows]!.el).every((c) => c.tag === 'th'))
    )
      headerRows++;
    if (headerRows === rows.length) headerRows = Math.min(1, rows.length - 1);
    const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
    const tableRows: TableRow[] = rows.map(
      (r, i) =>
        new TableRow({
          tableHeader: i < headerRows || undefined,
          cantSplit: true,
          children: cellsOf(r.el).map((c): TableCell => {
            const header = c.tag === 'th';
            const cellWidth = colWidth * span(c, 'colspan');
            const inner: Block[] = [];
            blocks(
              c.children,
              {
                style: CELL_STYLE,
                width: cellWidth - 2 * 100,
                align: alignOf(c),
                header,
              },
              inner,
            );
            // Word needs a paragraph in every cell, and after a table that ends one.
            if (!inner.length || !(inner[inner.length - 1] instanceof Paragraph))
              inner.push(new Paragraph({ style: CELL_STYLE, children: [] }));
            return new TableCell({
              children: inner,
              columnSpan: span(c, 'colspan') > 1 ? span(c, 'colspan') : undefined,
              rowSpan: span(c, 'rowspan') > 1 ? span(c, 'rowspan') : undefined,
              width: { size: cellWidth, type: WidthType.DXA },
              margins: { left: 100, right: 100, top: 40, bottom: 40 },
              shading: header ? { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' } : undefined,
            });
          }),
        }),
    );
    out.push(
      new Table({
        rows: tableRows,
        width: { size: colWidth * columns, type: WidthType.DXA },
        columnWidths: Array.from({ length: columns }, () => colWidth),
        layout: TableLayoutType.FIXED,
        indent: ctx.list ? { size: listIndent(ctx.list.level).left, type: WidthType.DXA } : undefined,
        borders: {
          top: border,
          bottom: border,
          left: border,
          right: border,
          insideHorizontal: border,
          insideVertical: border,
        },
      }),
    );
  }

  function blocks(ns: RichNode[], ctx: Context, out: Block[]) {
    let run: RichNode[] = [];
    const flushInline = () => {
      if (run.length) inlineBlock(run, ctx, out);
      run = [];
    };
    for (const n of ns) {
      if (!isRichElement(n) || INLINE.has(n.tag)) {
        if (isRichElement(n) || n.text.trim() || run.length) run.push(n);
        continue;
      }
      flushInline();
      const here: Context = { ...ctx, align: alignOf(n) ?? ctx.align };
      switch (n.tag) {
        case 'p':
          inlineBlock(n.children, here, out);
          break;
        case 'h1':
        case 'h2':
        case 'h3':
        case 'h4':
        case 'h5':
        case 'h6':
          if (ctx.list || ctx.style === CELL_STYLE) {
            // A heading inside a list item or a table cell stays in it, in bold.
            const pieces: RichNode[] = [{ tag: 'strong', attrs: {}, children: n.children }];
            inlineBlock(pieces, here, out);
          } else {
            inlineBlock(n.children, here, out, { heading: HEADINGS[n.tag] });
          }
          break;
        case 'ul':
        case 'ol':
          list(n, here, out);
          break;
        case 'li':
          blocks(n.children, here, out);
          break;
        case 'blockquote':
          blocks(n.children, { ...here, style: ctx.style === BODY_STYLE ? QUOTE_STYLE : ctx.style }, out);
          break;
        case 'pre':
          inlineBlock(n.children, { ...here, style: CODE_STYLE, pre: true }, out);
          break;
        case 'hr':
          out.push(
            new Paragraph({
              style: ctx.style,
              border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
              children: [],
            }),
          );
          break;
        case 'table':
          table(n, here, out);
          break;
        case 'figcaption':
          inlineBlock(n.children, { ...here, style: CAPTION_STYLE, list: undefined }, out);
          break;
        case 'audio':
        case 'video':
          out.push(
            paragraph([new TextRun({ text: mediaNote(n.tag), italics: true, color: '888888' })], here),
          );
          break;
        case 'colgroup':
        case 'col':
        case 'source':
          break;
        default:
          // div, figure, a stray table part: their content, in order.
          blocks(n.children, here, out);
      }
    }
    flushInline();
  }

  const out: Block[] = [];
  blocks(nodes, { style: BODY_STYLE, width: opts.textWidth }, out);
  return out;
}

const mediaNote = (tag: string) =>
  tag === 'audio' ? '〔音频：请在网站上收听〕' : '〔视频：请在网站上观看〕';
