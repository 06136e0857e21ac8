import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IRunOptions,
} from 'docx';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { newsletterIssueArticles, newsletterIssues, portalArticles } from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { conflict, forbidden, notFound, unprocessable } from '../../errors';
import { escapeHtml, htmlToParagraphs } from '../../platform/sanitize';
import type { Actor } from '../../access/actor';
import { canEditNewsletter, canPublishNewsletter, canUseNewsroom } from './policy';
import { notifyPortalChanged } from './events';
import { getPortalSettingsRow } from './settings';

/**
 * 「校园党建」简讯: numbered issues composed from published articles, exported as a printed-bulletin
 * .docx (A4, Chinese fonts) and a printable HTML page. Published issues are listed on the portal.
 */

export const NEWSLETTER_MASTHEAD = '「校园党建」简讯';

export type IssueRow = typeof newsletterIssues.$inferSelect;

export interface IssueInput {
  number?: number;
  issueDate: string;
  title?: string;
  editorNote?: string | null;
  articleIds: string[];
}

export interface IssueArticle {
  id: string;
  title: string;
  subtitle: string | null;
  author: string | null;
  source: string | null;
  publishedAt: Date | null;
  bodyHtml: string;
  status: string;
}

export interface IssueFull {
  issue: IssueRow;
  articles: IssueArticle[];
}

export async function loadIssue(db: Db, parkId: string, id: string): Promise<IssueFull> {
  const [issue] = await db
    .select()
    .from(newsletterIssues)
    .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.parkId, parkId)));
  if (!issue) throw notFound('简讯不存在');
  const articles = await db
    .select({
      id: portalArticles.id,
      title: portalArticles.title,
      subtitle: portalArticles.subtitle,
      author: portalArticles.author,
      source: portalArticles.source,
      publishedAt: portalArticles.publishedAt,
      bodyHtml: portalArticles.bodyHtml,
      status: portalArticles.status,
    })
    .from(newsletterIssueArticles)
    .innerJoin(portalArticles, eq(portalArticles.id, newsletterIssueArticles.articleId))
    .where(eq(newsletterIssueArticles.issueId, id))
    .orderBy(asc(newsletterIssueArticles.sortOrder));
  return { issue, articles };
}

function presentIssue(full: IssueFull, withBodies = false) {
  const { issue, articles } = full;
  return {
    id: issue.id,
    number: issue.number,
    issueDate: issue.issueDate,
    title: issue.title,
    editorNote: issue.editorNote,
    status: issue.status as 'draft' | 'published',
    publishedAt: issue.publishedAt?.toISOString() ?? null,
    articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      status: a.status,
      publishedAt: a.publishedAt?.toISOString() ?? null,
      ...(withBodies ? { bodyHtml: a.bodyHtml } : {}),
    })),
    createdAt: issue.createdAt.toISOString(),
    updatedAt: issue.updatedAt.toISOString(),
  };
}

export async function listIssues(db: Db, actor: Actor, opts: { page: number; pageSize: number }) {
  if (!canUseNewsroom(actor)) throw forbidden();
  const where = eq(newsletterIssues.parkId, actor.parkId);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({
        issue: newsletterIssues,
        articleCount: sql<number>`(select count(*)::int from ${newsletterIssueArticles} ia where ia.issue_id = ${newsletterIssues.id})`,
      })
      .from(newsletterIssues)
      .where(where)
      .orderBy(desc(newsletterIssues.number))
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize),
    db
      .select({ total: sql<number>`count(*)::int` })
      .from(newsletterIssues)
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      ...presentIssue({ issue: r.issue, articles: [] }),
      articleCount: Number(r.articleCount),
    })),
    total,
    page: opts.page,
    pageSize: opts.pageSize,
  };
}

export async function getIssue(db: Db, actor: Actor, id: string) {
  if (!canUseNewsroom(actor)) throw forbidden();
  return presentIssue(await loadIssue(db, actor.parkId, id));
}

async function assertArticlesPublished(db: Db, parkId: string, ids: string[]) {
  if (new Set(ids).size !== ids.length) {
    throw unprocessable('DUPLICATE_ARTICLE', '同一篇文章不能重复加入', { articleIds: '文章重复' });
  }
  if (!ids.length) return;
  const rows = await db
    .select({ id: portalArticles.id, status: portalArticles.status, title: portalArticles.title })
    .from(portalArticles)
    .where(and(eq(portalArticles.parkId, parkId), inArray(portalArticles.id, ids)));
  if (rows.length !== ids.length) {
    throw unprocessable('INVALID_ARTICLE', '所选文章不存在', { articleIds: '文章不存在' });
  }
  const unpublished = rows.find((r) => r.status !== 'published');
  if (unpublished) {
    throw unprocessable('ARTICLE_NOT_PUBLISHED', `《${unpublished.title}》尚未发布，不能编入简讯`, {
      articleIds: '只能选择已发布的文章',
    });
  }
}

async function setIssueArticles(tx: Db, issue: { id: string; parkId: string }, ids: string[]) {
  await tx.delete(newsletterIssueArticles).where(eq(newsletterIssueArticles.issueId, issue.id));
  if (ids.length) {
    await tx
      .insert(newsletterIssueArticles)
      .values(
        ids.map((articleId, i) => ({ issueId: issue.id, articleId, parkId: issue.parkId, sortOrder: i })),
      );
  }
}

async function assertNumberFree(tx: Db, parkId: string, number: number, exceptId?: string) {
  const [dup] = await tx
    .select({ id: newsletterIssues.id })
    .from(newsletterIssues)
    .where(
      and(
        eq(newsletterIssues.parkId, parkId),
        eq(newsletterIssues.number, number),
        exceptId ? sql`${newsletterIssues.id} <> ${exceptId}` : undefined,
      ),
    );
  if (dup) throw conflict('ISSUE_NUMBER_TAKEN', `第 ${number} 期已存在`, { number: '期号已存在' });
}

export async function createIssue(db: Db, ctx: RequestContext, actor: Actor, input: IssueInput) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  const id = await db.transaction(async (tx) => {
    await assertArticlesPublished(tx, actor.parkId, input.articleIds);
    let number = input.number;
    if (number === undefined) {
      const [{ next } = { next: 1 }] = await tx
        .select({ next: sql<number>`coalesce(max(${newsletterIssues.number}), 0)::int + 1` })
        .from(newsletterIssues)
        .where(eq(newsletterIssues.parkId, actor.parkId));
      number = next;
    }
    await assertNumberFree(tx, actor.parkId, number);
    const [issue] = await tx
      .insert(newsletterIssues)
      .values({
        parkId: actor.parkId,
        number,
        issueDate: input.issueDate,
        title: input.title ?? NEWSLETTER_MASTHEAD,
        editorNote: input.editorNote ?? null,
        createdBy: actor.accountId,
      })
      .returning();
    await setIssueArticles(tx, issue!, input.articleIds);
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.create',
      entityType: 'newsletterIssue',
      entityId: issue!.id,
      after: { ...issue, articleIds: input.articleIds },
    });
    return issue!.id;
  });
  return getIssue(db, actor, id);
}

export async function updateIssue(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  input: Partial<IssueInput>,
) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (before.issue.status === 'published' && !canPublishNewsletter(actor)) {
      throw forbidden('简讯已发布，只有审核人员可以修改');
    }
    if (input.articleIds) await assertArticlesPublished(tx, actor.parkId, input.articleIds);
    if (input.number !== undefined && input.number !== before.issue.number) {
      await assertNumberFree(tx, actor.parkId, input.number, id);
    }
    const [after] = await tx
      .update(newsletterIssues)
      .set({
        number: input.number ?? before.issue.number,
        issueDate: input.issueDate ?? before.issue.issueDate,
        title: input.title ?? before.issue.title,
        editorNote: input.editorNote === undefined ? before.issue.editorNote : input.editorNote,
        updatedAt: sql`now()`,
      })
      .where(eq(newsletterIssues.id, id))
      .returning();
    if (input.articleIds) await setIssueArticles(tx, after!, input.articleIds);
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.update',
      entityType: 'newsletterIssue',
      entityId: id,
      before: { ...before.issue, articleIds: before.articles.map((a) => a.id) },
      after: { ...after, articleIds: input.articleIds ?? before.articles.map((a) => a.id) },
    });
    if (after!.status === 'published') await notifyPortalChanged(tx, actor.parkId);
  });
  return getIssue(db, actor, id);
}

export async function setIssuePublished(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  published: boolean,
) {
  if (!canPublishNewsletter(actor)) throw forbidden('只有审核人员可以发布简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (published) {
      if (!before.articles.length)
        throw unprocessable('ISSUE_EMPTY', '简讯中还没有文章', { articleIds: '请选择文章' });
      await assertArticlesPublished(
        tx,
        actor.parkId,
        before.articles.map((a) => a.id),
      );
    }
    await tx
      .update(newsletterIssues)
      .set({
        status: published ? 'published' : 'draft',
        publishedAt: published ? (before.issue.publishedAt ?? new Date()) : null,
        updatedAt: sql`now()`,
      })
      .where(eq(newsletterIssues.id, id));
    await audit(tx, ctx, {
      action: published ? 'newsroom.newsletter.publish' : 'newsroom.newsletter.unpublish',
      entityType: 'newsletterIssue',
      entityId: id,
      before: { status: before.issue.status },
      after: { status: published ? 'published' : 'draft' },
    });
    await notifyPortalChanged(tx, actor.parkId);
  });
  return getIssue(db, actor, id);
}

export async function deleteIssue(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  if (!canEditNewsletter(actor)) throw forbidden('只有园区网站编辑可以编辑简讯');
  await db.transaction(async (tx) => {
    const before = await loadIssue(tx, actor.parkId, id);
    if (before.issue.status === 'published')
      throw conflict('ISSUE_PUBLISHED', '已发布的简讯不能删除，请先撤回');
    await tx.delete(newsletterIssues).where(eq(newsletterIssues.id, id));
    await audit(tx, ctx, {
      action: 'newsroom.newsletter.delete',
      entityType: 'newsletterIssue',
      entityId: id,
      before: before.issue,
    });
  });
}

// ---------------------------------------------------------------- rendering

const CN_DIGITS = '〇一二三四五六七八九';
/** '2025-05-01' → '二〇二五年五月一日' (as printed on bulletins). */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const small = (n: number) => {
    if (n < 10) return CN_DIGITS[n]!;
    const tens = Math.floor(n / 10);
    const ones = n % 10;
    return `${tens > 1 ? CN_DIGITS[tens] : ''}十${ones ? CN_DIGITS[ones] : ''}`;
  };
  const year = String(y)
    .split('')
    .map((c) => CN_DIGITS[Number(c)])
    .join('');
  return `${year}年${small(m)}月${small(d)}日`;
}

const shanghaiDay = (d: Date | null) =>
  d ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d) : null;

const RED = 'C00000';
const font = (name: string) => ({ name, eastAsia: name, hint: 'eastAsia' as const });
const run = (text: string, opts: Omit<IRunOptions, 'text'> = {}) =>
  new TextRun({ text, font: font('SimSun'), size: 28, ...opts });

/** The issue as a printed bulletin: A4, red masthead, issue line, double rule, articles. */
export async function renderIssueDocx(full: IssueFull, publisher: string): Promise<Buffer> {
  const { issue, articles } = full;
  const children: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 200, after: 200 },
      children: [
        run(issue.title || NEWSLETTER_MASTHEAD, { font: font('SimSun'), size: 72, bold: true, color: RED }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [run(`第 ${issue.number} 期`, { font: font('FangSong'), size: 32 })],
    }),
    new Paragraph({
      tabStops: [{ type: 'right', position: 9000 }],
      spacing: { after: 240 },
      border: { bottom: { style: BorderStyle.THICK_THIN_LARGE_GAP, size: 24, color: RED, space: 4 } },
      children: [
        run(publisher, { font: font('FangSong'), size: 28 }),
        run(`\t${chineseDate(issue.issueDate)}`, { font: font('FangSong'), size: 28 }),
      ],
    }),
  ];
  if (issue.editorNote?.trim()) {
    children.push(
      new Paragraph({
        spacing: { before: 120, after: 240, line: 400 },
        indent: { firstLine: 560 },
        children: [
          run('编者按：', { font: font('SimHei'), size: 28, bold: true }),
          run(issue.editorNote.trim(), { font: font('KaiTi'), size: 28 }),
        ],
      }),
    );
  }
  articles.forEach((a, i) => {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? 240 : 480, after: 120 },
        keepNext: true,
        children: [run(a.title, { font: font('SimHei'), size: 36, bold: true })],
      }),
    );
    if (a.subtitle) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [run(a.subtitle, { font: font('KaiTi'), size: 28 })],
        }),
      );
    }
    const meta = [
      a.source && `来源：${a.source}`,
      a.author && `作者：${a.author}`,
      shanghaiDay(a.publishedAt),
    ]
      .filter(Boolean)
      .join('\u3000');
    if (meta) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 200 },
          children: [run(meta, { font: font('KaiTi'), size: 24, color: '555555' })],
        }),
      );
    }
    for (const text of htmlToParagraphs(a.bodyHtml)) {
      children.push(
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          spacing: { line: 460, after: 0 },
          indent: { firstLine: 640 },
          children: [run(text, { font: font('FangSong'), size: 32 })],
        }),
      );
    }
  });
  children.push(
    new Paragraph({
      spacing: { before: 480 },
      border: { top: { style: BorderStyle.SINGLE, size: 8, color: RED, space: 4 } },
      children: [
        run(`报：园区党总支\u3000\u3000送：各学校党组织\u3000\u3000（共印发，第 ${issue.number} 期）`, {
          font: font('FangSong'),
          size: 24,
        }),
      ],
    }),
  );
  const doc = new Document({
    creator: publisher,
    title: `${issue.title} 第${issue.number}期`,
    styles: { default: { document: { run: { font: font('SimSun'), size: 28 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips
            margin: { top: 1701, bottom: 1474, left: 1531, right: 1417 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('SimSun'), size: 24 }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A self-contained, printable HTML page of the issue (A4 print CSS, no scripts). */
export function renderIssueHtml(full: IssueFull, publisher: string): string {
  const { issue, articles } = full;
  const e = escapeHtml;
  const body = articles
    .map((a) => {
      const meta = [
        a.source && `来源：${a.source}`,
        a.author && `作者：${a.author}`,
        shanghaiDay(a.publishedAt),
      ]
        .filter(Boolean)
        .join('\u3000');
      const paras = htmlToParagraphs(a.bodyHtml)
        .map((p) => `<p>${e(p)}</p>`)
        .join('');
      return `<article><h2>${e(a.title)}</h2>${a.subtitle ? `<p class="sub">${e(a.subtitle)}</p>` : ''}${meta ? `<p class="meta">${e(meta)}</p>` : ''}${paras}</article>`;
    })
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(issue.title)} 第${issue.number}期</title>
<style>
@page{size:A4;margin:25mm 25mm 22mm 27mm}
body{margin:0 auto;max-width:720px;padding:24px;font-family:FangSong,"STFangsong","Noto Serif CJK SC",SimSun,serif;font-size:16pt;line-height:1.75;color:#111;background:#fff}
.mast{text-align:center;color:#c00000;font-family:SimSun,"Noto Serif CJK SC",serif;font-size:40pt;font-weight:bold;letter-spacing:.1em;margin:0}
.no{text-align:center;margin:.3em 0}
.line{display:flex;justify-content:space-between;border-bottom:4px double #c00000;padding-bottom:.3em;margin-bottom:1em}
.note{text-indent:2em;font-family:KaiTi,"STKaiti",serif}.note b{font-family:SimHei,sans-serif}
h2{text-align:center;font-family:SimHei,"Noto Sans CJK SC",sans-serif;font-size:18pt;margin:1.6em 0 .4em;page-break-after:avoid}
.sub,.meta{text-align:center;font-family:KaiTi,"STKaiti",serif;margin:.2em 0}.meta{font-size:12pt;color:#555}
article p:not(.sub):not(.meta){text-indent:2em;margin:0;text-align:justify}
footer{border-top:1px solid #c00000;margin-top:2em;padding-top:.4em;font-size:12pt}
@media print{body{padding:0;max-width:none}}
</style></head><body>
<h1 class="mast">${e(issue.title || NEWSLETTER_MASTHEAD)}</h1>
<p class="no">第 ${issue.number} 期</p>
<div class="line"><span>${e(publisher)}</span><span>${e(chineseDate(issue.issueDate))}</span></div>
${issue.editorNote?.trim() ? `<p class="note"><b>编者按：</b>${e(issue.editorNote.trim())}</p>` : ''}
${body}
<footer>报：园区党总支\u3000\u3000送：各学校党组织</footer>
</body></html>`;
}

/** Who publishes the bulletin: the park's general branch. */
export async function publisherName(db: Db, parkId: string): Promise<string> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select name from org_nodes where park_id = ${parkId} and kind = 'generalBranch' order by created_at limit 1`,
  );
  const name = rows[0]?.name;
  if (name) return name;
  return (await getPortalSettingsRow(db, parkId)).siteTitle;
}

export async function exportIssue(db: Db, actor: Actor, id: string, format: 'docx' | 'html') {
  if (!canUseNewsroom(actor)) throw forbidden();
  const full = await loadIssue(db, actor.parkId, id);
  const publisher = await publisherName(db, actor.parkId);
  const fileName = `${full.issue.title || NEWSLETTER_MASTHEAD}第${full.issue.number}期`;
  return format === 'docx'
    ? { body: await renderIssueDocx(full, publisher), fileName: `${fileName}.docx` }
    : { body: renderIssueHtml(full, publisher), fileName: `${fileName}.html` };
}
