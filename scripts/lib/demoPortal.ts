/**
 * The demo park's public site as it looks after a year of use (seedDemo's `portal` part): articles
 * in all twelve columns (scripts/lib/demoPortalContent.ts) dated over the past twelve months, each
 * written by the `editor` account, submitted, and approved by the `reviewer`, with the revisions and
 * workflow history the newsroom's commands record; the work in progress both workbenches show
 * (drafts, submissions, one returned, one scheduled); cover pictures and pictures in bodies, Word
 * files for 资料下载, a placeholder theme tune (scripts/lib/demoPortalMedia.ts), newsletter issues,
 * showcase slides, the site settings and view totals.
 *
 * Rows are written directly, in seedDemo's transaction, with the timestamps a year of work would
 * have left; what the write path derives is derived by the same code: bodies through
 * sanitizeRichText, search vectors through articleSearchColumns, notifications through notify.
 * Per-article audit entries are not written: the seed records itself once (demo.seed).
 *
 * Without a storage driver (SeedOptions.storage) no file is made: no pictures, attachments or music,
 * so that no media row points at bytes that are not there.
 */
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  accounts,
  mediaFiles,
  newsletterIssueArticles,
  newsletterIssues,
  orgNodes,
  people,
  portalArticleAttachments,
  portalArticleColumns,
  portalArticleEvents,
  portalArticleRevisions,
  portalArticleViews,
  portalArticles,
  portalColumns,
  portalDailyViews,
  portalSettings,
  showcaseItems,
} from '../../src/server/platform/db/schema/index';
import { ensureDefaultColumns } from '../../src/server/areas/newsroom/columns';
import { articleSearchColumns, consoleLink } from '../../src/server/areas/newsroom/commands/articleWrites';
import { accountsWithPermission } from '../../src/server/areas/newsroom/queries/articles';
import { NEWSLETTER_MASTHEAD } from '../../src/server/areas/newsroom/newsletterDocument';
import { notify } from '../../src/server/areas/notifications/service';
import { sanitizeRichText } from '../../src/server/platform/sanitize';
import { queryRows } from '../../src/server/platform/db/rows';
import { escapeHtml } from '../../src/server/areas/site/html';
import type { Storage } from '../../src/server/platform/storage';
import { addMonths } from '../../src/common/dates';
import { Rng, addDays, parseYmd } from './demoData';
import type { DemoPart, DemoTx } from './demoPart';
import {
  ARTICLES,
  BANNERS,
  BYLINE,
  DOCUMENTS,
  MEMBER_SCHOOLS,
  WORK,
  type BannerKey,
  type DemoArticle,
  type DocKey,
} from './demoPortalContent';
import {
  VARIANT_WIDTHS,
  cachedBanner,
  renderEmblem,
  cachedFile,
  themeTuneOgg,
  variantHeight,
  wordDocument,
  type DocBlock,
} from './demoPortalMedia';

export const DEMO_MUSIC_TITLE = '主题曲（占位旋律）';

const HOUR = 3600_000;
const at = (day: string, minutes: number) =>
  new Date(
    `${day}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+08:00`,
  );

/** The latest day strictly before `today` with this month-day. */
function lastBefore(today: string, md: string): string {
  const { y } = parseYmd(today);
  const day = `${y}-${md}`;
  return day < today ? day : `${y - 1}-${md}`;
}

const CN_DIGITS = '零一二三四五六七八九';
/** 1–99 as Chinese numerals (第十期, 第十一期). */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
}

/** The school year a day belongs to (it starts in September). */
const schoolYear = (day: string) => {
  const { y, m } = parseYmd(day);
  return m >= 9 ? y : y - 1;
};

interface Names {
  park: string;
  schools: string[];
  members: { name: string; gender: string }[];
}

function filler(names: Names, today: string) {
  return (text: string, day: string) => {
    const cohort = 10 + schoolYear(day) - schoolYear(today);
    const { y, m } = parseYmd(day);
    return text.replace(/\{(\w+)\}/g, (whole, token: string) => {
      if (token === 'park') return names.park;
      if (token === 'Y') return String(y);
      if (token === 'Yp') return String(y - 1);
      if (token === 'M') return String(m);
      if (token === 'cohort') return chineseNumber(cohort);
      if (token === 'cohortBefore') return chineseNumber(cohort - 1);
      const s = /^s(\d)$/.exec(token);
      if (s) return names.schools[Number(s[1])] ?? names.park;
      const p = /^p(\d)$/.exec(token);
      if (p) return names.members[Number(p[1])]?.name ?? '某老师';
      const h = /^h(\d)$/.exec(token);
      if (h) return names.members[Number(h[1])]?.gender === 'female' ? '她' : '他';
      return whole;
    });
  };
}

/** The content markup (see demoPortalContent.ts) as HTML, before the sanitizer. */
function bodyHtml(markup: string, figure: string | null): string {
  const out: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (list.length) out.push(`<ul>${list.map((li) => `<li>${escapeHtml(li)}</li>`).join('')}</ul>`);
    list = [];
  };
  for (const raw of markup.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('- ')) {
      list.push(line.slice(2));
      continue;
    }
    flush();
    if (line.startsWith('## ')) out.push(`<h2>${escapeHtml(line.slice(3))}</h2>`);
    else if (line.startsWith('> ')) out.push(`<blockquote><p>${escapeHtml(line.slice(2))}</p></blockquote>`);
    else if (line === '[图]') {
      if (figure) out.push(figure);
    } else out.push(`<p>${escapeHtml(line)}</p>`);
  }
  flush();
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// Files

interface StoredFile {
  id: string;
  bytes: number;
}

async function storeFile(
  tx: DemoTx,
  storage: Storage,
  row: {
    parkId: string;
    purpose: 'image' | 'attachment' | 'audio';
    mime: string;
    ext: string;
    originalName: string;
    uploadedBy: string | null;
    createdAt: Date;
    /** variant name → bytes (and pixel size for images) */
    files: { name: 'original' | 'medium' | 'thumb'; data: Buffer; width?: number; height?: number }[];
  },
): Promise<StoredFile> {
  const id = crypto.randomUUID();
  const c = row.createdAt;
  // The upload path's keys: <park>/<yyyy>/<mm>/<id>-<variant>.<ext>
  const prefix = `${row.parkId}/${c.getUTCFullYear()}/${String(c.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  const variants: Record<
    string,
    { key: string; mime: string; size: number; width?: number; height?: number }
  > = {};
  for (const f of row.files) {
    const key = `${prefix}-${f.name}.${row.ext}`;
    await storage.put(key, f.data);
    variants[f.name] = { key, mime: row.mime, size: f.data.length, width: f.width, height: f.height };
  }
  // 'large' (at most 1,600 px) is the original itself, as the upload path reuses a variant no
  // smaller than the one before it.
  if (row.purpose === 'image') variants.large = variants.original!;
  const original = row.files.find((f) => f.name === 'original')!;
  await tx.insert(mediaFiles).values({
    id,
    parkId: row.parkId,
    purpose: row.purpose,
    mime: row.mime,
    ext: row.ext,
    originalName: row.originalName,
    size: original.data.length,
    width: original.width ?? null,
    height: original.height ?? null,
    sha256: crypto.createHash('sha256').update(original.data).digest('hex'),
    variants,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt,
  });
  return { id, bytes: row.files.reduce((n, f) => n + f.data.length, 0) };
}

const DOC_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function documentBlocks(key: DocKey, names: Names): DocBlock[] {
  switch (key) {
    case 'application':
      return [
        { p: '敬爱的党组织：' },
        { p: '我志愿加入中国共产党，愿意为共产主义事业奋斗终身。（此处写明对党的认识和入党动机。）' },
        { p: '（此处写明个人的成长经历、思想和工作学习情况。）' },
        { p: '（此处写明今后的努力方向，并表明接受党组织考验的态度。）' },
        { p: '请党组织在实践中考验我。' },
        { blank: 1 },
        { p: '申请人：（签名）' },
        { p: '年\u3000月\u3000日' },
      ];
    case 'thoughtReport':
      return [
        { h: '一、格式' },
        {
          p: '标题“思想汇报”居中；称谓“敬爱的党组织：”顶格；正文；结尾写“请党组织给予批评和帮助”；署名和日期。',
        },
        { h: '二、内容' },
        {
          p: '结合一段时间以来的学习、工作和生活，汇报对党的理论的认识、参加组织活动的体会、自身存在的不足和努力方向。',
        },
        { h: '三、注意事项' },
        { p: '思想汇报应当本人撰写、联系实际、实事求是，一般每季度一次。' },
      ];
    case 'memberForm':
      return [
        { p: '党支部：________________\u3000\u3000填表日期：____年__月__日' },
        {
          table: [
            ['序号', '姓名', '性别', '出生年月', '入党时间', '转正时间', '所在党小组', '备注'],
            ...Array.from({ length: 8 }, (_, i) => [String(i + 1), '', '', '', '', '', '', '']),
          ],
        },
        { p: '说明：本表不填写身份证号码和联系电话。' },
      ];
    case 'vanguardScheme':
      return [
        { h: '一、指导思想' },
        {
          p: `围绕教书育人中心工作，在${names.park}三校党员中开展“学先进，争创党员先锋岗”活动，充分发挥党员的先锋模范作用。`,
        },
        { h: '二、创建内容' },
        {
          table: [
            ['方面', '岗位目标'],
            ['班级管理', '所带班级班风良好，获评先进班集体'],
            ['专业会考', '任教班级会考合格率、优秀率位居前列'],
            ['技能竞赛', '辅导学生在各级技能竞赛中获奖'],
            ['科研论文', '论文在专业评比中获奖或发表'],
            ['技术职称', '按期晋级专业技术职称'],
            ['民主评议', '党员民主评议结果为优秀'],
            ['师德师风', '无违反师德师风行为'],
            ['志愿服务', '参加党员奉献日等活动'],
            ['家访结对', '按要求完成家访和结对联系'],
            ['合理化建议', '对学校发展提出合理化建议'],
          ],
        },
        { h: '三、评选办法' },
        { p: '党员业绩自评和党内民主互评相结合，实行年度量化考核，按得分高低评定党员先锋岗。' },
      ];
    case 'schoolForm':
      return [
        {
          table: [
            ['姓名', '', '性别', '', '班级', ''],
            ['入团时间', '', '团内职务', '', '学习成绩', ''],
            ['主要表现', '', '', '', '', ''],
            ['团支部意见', '', '', '', '', ''],
            ['班主任意见', '', '', '', '', ''],
            ['校团委意见', '', '', '', '', ''],
            ['党总支意见', '', '', '', '', ''],
          ],
        },
      ];
    case 'symposiumRecord':
      return [
        { p: '党支部：________________\u3000\u3000时间：____年__月__日\u3000\u3000地点：________' },
        {
          table: [
            ['过政治生日的党员', '入党时间', '出席', '赠送贺卡与红色书籍', '发言要点'],
            ...Array.from({ length: 6 }, () => ['', '', '', '', '']),
          ],
        },
        { p: '重温入党誓词：□ 已进行\u3000\u3000记录人：________' },
      ];
    case 'meetingRecord':
      return [
        {
          table: [
            ['会议类型', '□ 支部党员大会 □ 支部委员会 □ 党小组会 □ 党课'],
            ['时间', ''],
            ['地点', ''],
            ['主持人', ''],
            ['应到 / 实到', ''],
            ['缺席人员及原因', ''],
            ['主要内容', ''],
            ['决议事项', ''],
          ],
        },
      ];
    case 'duesGuide':
      return [
        { h: '一、交纳基数' },
        { p: '在职党员以每月工资收入中的岗位工资、薪级工资等固定项目为基数，不含津贴补贴中的非固定部分。' },
        { h: '二、交纳比例' },
        {
          table: [
            ['月基数', '比例'],
            ['3000 元以下（含）', '0.5%'],
            ['3000–5000 元（含）', '1%'],
            ['5000–10000 元（含）', '1.5%'],
            ['10000 元以上', '2%'],
          ],
        },
        { p: '以月基数全额乘以对应的一个比例计算（不累进）。学生党员每月交纳 0.2 元。' },
        { h: '三、交纳方式' },
        { p: '按月交纳，也可按季度交纳；由所在党支部收取、登记并开具收据。' },
      ];
    case 'mentorHandbook':
      return [
        { p: `德育导师：________\u3000\u3000结对班级：________\u3000\u3000学期：________` },
        {
          table: [
            ['日期', '方式（课堂 / 宿舍 / 家访 / 电话）', '对象', '谈话要点', '后续安排'],
            ...Array.from({ length: 8 }, () => ['', '', '', '', '']),
          ],
        },
        { p: '说明：涉及学生个人和家庭的情况只记录工作需要的内容，手册由导师本人保管。' },
      ];
  }
}

// ---------------------------------------------------------------------------------------------

export const seedDemoPortal: DemoPart = async (tx, ctx) => {
  const started = performance.now();
  const phases: string[] = [];
  let mark = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${Math.round(now - mark)}`);
    mark = now;
  };
  const { parkId, today } = ctx;
  const rng = new Rng(ctx.seed);
  const storage = ctx.storage ?? null;

  // Who and where: the park, its schools, the newsroom's accounts, Party members to write about.
  const [park] = await tx.select({ name: orgNodes.name }).from(orgNodes).where(eq(orgNodes.id, parkId));
  const schools = await tx
    .select({ id: orgNodes.id, name: orgNodes.name })
    .from(orgNodes)
    .where(and(eq(orgNodes.parkId, parkId), eq(orgNodes.kind, 'school')))
    .orderBy(orgNodes.sortOrder, orgNodes.name);
  const editorId = ctx.accountIds.get('editor') ?? null;
  const reviewerId = ctx.accountIds.get('reviewer') ?? null;
  const mentorId = ctx.accountIds.get('mentor') ?? null;
  const accountRows = await tx
    .select({ id: accounts.id, name: accounts.displayName, personName: people.name })
    .from(accounts)
    .leftJoin(people, eq(people.id, accounts.personId))
    .where(
      inArray(
        accounts.id,
        [editorId, reviewerId, mentorId].filter((x): x is string => !!x),
      ),
    );
  const nameOf = (id: string | null) => accountRows.find((a) => a.id === id)?.name ?? null;
  // The people the articles are about: full members of the school each article names, and the
  // demo's mentor account as {p6}, the mentor of the story.
  const pool = await queryRows<{ name: string; gender: string; school_id: string | null }>(
    tx,
    sql`select p.name, p.gender, p.school_id from memberships m join people p on p.id = m.person_id
        where m.park_id = ${parkId} and m.status = 'full' and p.kind = 'staff'
        order by p.number`,
  );
  const mentor = accountRows.find((a) => a.id === mentorId);
  const members: { name: string; gender: string }[] = MEMBER_SCHOOLS.map((school, i) => {
    if (i === 6 && mentor?.personName) {
      const self = pool.findIndex((r) => r.name === mentor.personName);
      if (self >= 0) return pool.splice(self, 1)[0]!;
    }
    const schoolId = school === null ? undefined : schools[school]?.id;
    const fits = pool.map((r, j) => [r, j] as const).filter(([r]) => !schoolId || r.school_id === schoolId);
    const candidates = fits.length ? fits : pool.map((r, j) => [r, j] as const);
    if (!candidates.length) return { name: '某老师', gender: 'male' };
    const [, j] = rng.pick(candidates);
    return pool.splice(j, 1)[0]!;
  });
  const names: Names = { park: park?.name ?? '园区', schools: schools.map((s) => s.name), members };
  const fill = filler(names, today);

  await ensureDefaultColumns(tx, parkId);
  phase('read');
  const columnRows = await tx
    .select({ id: portalColumns.id, slug: portalColumns.slug })
    .from(portalColumns)
    .where(eq(portalColumns.parkId, parkId));
  const columnId = new Map(columnRows.map((c) => [c.slug, c.id]));

  // --- files --------------------------------------------------------------------------------
  const yearAgo = at(addDays(today, -370), 9 * 60);
  const images = new Map<BannerKey, string>();
  const documents = new Map<DocKey, string>();
  let musicId: string | null = null;
  let logoId: string | null = null;
  let fileBytes = 0;
  if (storage) {
    const emblem = renderEmblem();
    const logo = await storeFile(tx, storage, {
      parkId,
      purpose: 'image',
      mime: 'image/png',
      ext: 'png',
      originalName: '园区标志.png',
      uploadedBy: editorId,
      createdAt: yearAgo,
      files: [
        { name: 'original', data: emblem.original, width: 256, height: 256 },
        { name: 'medium', data: emblem.original, width: 256, height: 256 },
        { name: 'thumb', data: emblem.thumb, width: 128, height: 128 },
      ],
    });
    logoId = logo.id;
    fileBytes += logo.bytes;
    const footer = `${names.park}党总支 · 校园党建`;
    for (const [key, spec] of Object.entries(BANNERS) as [BannerKey, (typeof BANNERS)[BannerKey]][]) {
      const png = cachedBanner(spec, footer);
      const f = await storeFile(tx, storage, {
        parkId,
        purpose: 'image',
        mime: 'image/png',
        ext: 'png',
        originalName: `${spec.title.replace(/\s+/g, '') || '横幅背景'}.png`,
        uploadedBy: editorId,
        createdAt: yearAgo,
        files: (['original', 'medium', 'thumb'] as const).map((name) => ({
          name,
          data: png[name],
          width: VARIANT_WIDTHS[name],
          height: variantHeight(VARIANT_WIDTHS[name]),
        })),
      });
      images.set(key, f.id);
      fileBytes += f.bytes;
    }
    for (const [key, doc] of Object.entries(DOCUMENTS) as [DocKey, (typeof DOCUMENTS)[DocKey]][]) {
      const blocks = documentBlocks(key, names);
      const data = await cachedFile(['docx', doc.title, blocks], () => wordDocument(doc.title, blocks));
      const f = await storeFile(tx, storage, {
        parkId,
        purpose: 'attachment',
        mime: DOC_MIME,
        ext: 'docx',
        originalName: doc.name,
        uploadedBy: editorId,
        createdAt: yearAgo,
        files: [{ name: 'original', data }],
      });
      documents.set(key, f.id);
      fileBytes += f.bytes;
    }
    const tune = await storeFile(tx, storage, {
      parkId,
      purpose: 'audio',
      mime: 'audio/ogg',
      ext: 'ogg',
      originalName: `${DEMO_MUSIC_TITLE}.ogg`,
      uploadedBy: editorId,
      createdAt: yearAgo,
      files: [
        {
          name: 'original',
          data: await cachedFile(['tune', DEMO_MUSIC_TITLE], () => themeTuneOgg(DEMO_MUSIC_TITLE)),
        },
      ],
    });
    musicId = tune.id;
    fileBytes += tune.bytes;
  } else {
    ctx.log('未提供文件存储：不生成图片、附件与主题曲 (no storage: no pictures, attachments or music)');
  }
  phase('files');
  const figureHtml = (a: DemoArticle) => {
    const id = a.figure ? images.get(a.figure.image) : undefined;
    if (!a.figure || !id) return null;
    // The alt text says what the picture shows; the caption what it is for.
    const alt = escapeHtml(BANNERS[a.figure.image].alt);
    return `<figure><img src="/media/${id}/large" alt="${alt}" width="${VARIANT_WIDTHS.original}" height="${variantHeight(VARIANT_WIDTHS.original)}"><figcaption>${escapeHtml(a.figure.caption)}</figcaption></figure>`;
  };

  // --- articles -----------------------------------------------------------------------------
  type ArticleInsert = typeof portalArticles.$inferInsert & { id: string };
  const articleRows: ArticleInsert[] = [];
  const revisionRows: (typeof portalArticleRevisions.$inferInsert)[] = [];
  const eventRows: (typeof portalArticleEvents.$inferInsert)[] = [];
  const linkRows: (typeof portalArticleColumns.$inferInsert)[] = [];
  const attachmentRows: (typeof portalArticleAttachments.$inferInsert)[] = [];
  const byKey = new Map<string, string>();
  const published: {
    id: string;
    day: string;
    at: Date;
    columns: string[];
    pinned: boolean;
    title: string;
  }[] = [];
  const editorName = nameOf(editorId);
  const reviewerName = nameOf(reviewerId);

  const build = (
    a: DemoArticle,
    day: string,
    state: 'published' | 'draft' | 'submitted' | 'returned' | 'scheduled',
    opts: { returnReason?: string; when: Date },
  ) => {
    const slugs = a.columns.filter((s) => columnId.has(s));
    if (!slugs.length) return null;
    const id = crypto.randomUUID();
    const title = fill(a.title, day);
    const summary = fill(a.summary, day);
    const body = sanitizeRichText(bodyHtml(fill(a.body, day), figureHtml(a)));
    const when = opts.when;
    // Written a day or two before; a third were saved a second time (the first lacked the ending).
    const submittedAt = new Date(when.getTime() - rng.int(2, 20) * HOUR);
    const createdAt = new Date(submittedAt.getTime() - rng.int(3, 40) * HOUR);
    const revisions = state === 'draft' || rng.chance(0.35) ? 2 : 1;
    const savedAt = new Date(createdAt.getTime() + rng.int(1, 3) * HOUR);
    const draftOnly = state === 'draft';
    const lastTouched = draftOnly ? when : state === 'submitted' ? submittedAt : when;
    const row: ArticleInsert = {
      id,
      parkId,
      title,
      summary,
      bodyHtml: body,
      coverMediaId: a.cover ? (images.get(a.cover) ?? null) : null,
      coverAlt: a.cover && images.has(a.cover) ? BANNERS[a.cover].alt : null,
      author: BYLINE,
      source:
        a.source ?? (a.school !== undefined ? (names.schools[a.school] ?? null) : `${names.park}党总支`),
      schoolId: a.school !== undefined ? (schools[a.school]?.id ?? null) : null,
      tags: a.tags ?? [],
      pinned: state === 'published' && !!a.pinned,
      status: state,
      publishAt: state === 'scheduled' ? when : null,
      publishedAt: state === 'published' || state === 'scheduled' ? when : null,
      version: revisions,
      createdBy: editorId,
      updatedBy: editorId,
      submittedBy: draftOnly ? null : editorId,
      submittedAt: draftOnly ? null : state === 'submitted' ? when : submittedAt,
      approvedBy: state === 'published' || state === 'scheduled' ? reviewerId : null,
      approvedAt: state === 'published' ? when : state === 'scheduled' ? submittedAt : null,
      returnReason: state === 'returned' ? (opts.returnReason ?? null) : null,
      createdAt: draftOnly ? new Date(when.getTime() - 26 * HOUR) : createdAt,
      updatedAt: state === 'scheduled' ? new Date(submittedAt.getTime() + HOUR) : lastTouched,
      ...articleSearchColumns(title, body),
    };
    articleRows.push(row);
    slugs.forEach((s) => linkRows.push({ articleId: id, columnId: columnId.get(s)!, parkId }));
    [...new Set(a.attachments ?? [])].forEach((k, i) => {
      const mediaId = documents.get(k);
      if (mediaId) attachmentRows.push({ articleId: id, mediaId, parkId, sortOrder: i });
    });
    const revision = (number: number, html: string, created: Date) =>
      revisionRows.push({
        parkId,
        articleId: id,
        number,
        title,
        subtitle: null,
        summary,
        bodyHtml: html,
        reason: number === 1 ? 'create' : 'save',
        createdBy: editorId,
        createdByName: editorName,
        createdAt: created,
      });
    if (revisions === 2) {
      // The first save lacked the closing paragraph the second one added.
      const cut = body.lastIndexOf('<p>');
      revision(1, cut > 0 ? body.slice(0, cut) : body, draftOnly ? row.createdAt! : createdAt);
      revision(2, body, draftOnly ? when : savedAt);
    } else revision(1, body, createdAt);
    const event = (
      action: string,
      from: string,
      to: string,
      actor: string | null,
      actorName: string | null,
      time: Date,
      reason: string | null = null,
    ) =>
      eventRows.push({
        parkId,
        articleId: id,
        action,
        fromStatus: from,
        toStatus: to,
        reason,
        actorAccountId: actor,
        actorName,
        at: time,
      });
    if (!draftOnly)
      event('submit', 'draft', 'submitted', editorId, editorName, state === 'submitted' ? when : submittedAt);
    if (state === 'published') event('approve', 'submitted', 'published', reviewerId, reviewerName, when);
    if (state === 'scheduled')
      event(
        'approve',
        'submitted',
        'scheduled',
        reviewerId,
        reviewerName,
        new Date(submittedAt.getTime() + HOUR),
      );
    if (state === 'returned')
      event('return', 'submitted', 'returned', reviewerId, reviewerName, when, opts.returnReason ?? null);
    if (a.key) byKey.set(a.key, id);
    return row;
  };

  for (const a of ARTICLES) {
    const day = lastBefore(today, a.md);
    const when = at(day, rng.int(8 * 60 + 30, 17 * 60 + 30));
    const row = build(a, day, 'published', { when });
    if (row) {
      published.push({ id: row.id, day, at: when, columns: a.columns, pinned: !!a.pinned, title: row.title });
    }
  }
  const work: { id: string; state: string; title: string }[] = [];
  for (const w of WORK) {
    const day = w.state === 'scheduled' ? addDays(today, w.days) : addDays(today, -w.days);
    // Today's submission was made this morning; a scheduled one goes out at nine.
    const when =
      w.state === 'scheduled' ? at(day, 9 * 60) : at(day, w.days === 0 ? 8 * 60 : rng.int(9 * 60, 17 * 60));
    const row = build({ ...w, md: '' }, day, w.state, { when, returnReason: w.returnReason });
    if (row) work.push({ id: row.id, state: w.state, title: row.title });
  }

  phase('compose');
  for (let i = 0; i < articleRows.length; i += 50)
    await tx.insert(portalArticles).values(articleRows.slice(i, i + 50));
  await tx.insert(portalArticleColumns).values(linkRows);
  if (attachmentRows.length) await tx.insert(portalArticleAttachments).values(attachmentRows);
  await tx.insert(portalArticleRevisions).values(revisionRows);
  await tx.insert(portalArticleEvents).values(eventRows);

  phase('articles');
  // The notifications the workflow sent about the work still open (the published ones were read
  // long ago and are not kept).
  const reviewers = (await accountsWithPermission(tx, parkId, 'portal.review')).filter((x) => x !== editorId);
  for (const w of work) {
    const title = `《${w.title}》`;
    const link = consoleLink(w.id);
    if (w.state === 'submitted')
      await notify(tx, {
        parkId,
        accountIds: reviewers,
        kind: 'portal.reviewRequested',
        title: `待审核：${title}`,
        body: `${editorName ?? '网站编辑'} 提交了文章，请审核。`,
        link,
      });
    else if (w.state === 'returned' && editorId) {
      const reason = WORK.find((x) => x.state === 'returned')?.returnReason ?? null;
      await notify(tx, {
        parkId,
        accountIds: [editorId],
        kind: 'portal.returned',
        title: `被退回：${title}`,
        body: reason ? `原因：${reason}` : null,
        link,
      });
    } else if (w.state === 'scheduled' && editorId)
      await notify(tx, {
        parkId,
        accountIds: [editorId],
        kind: 'portal.scheduled',
        title: `已通过，将定时发布：${title}`,
        link,
      });
  }

  // --- views --------------------------------------------------------------------------------
  const todayMs = at(today, 12 * 60).getTime();
  const viewRows = published.map((p) => {
    const ageDays = Math.max(1, (todayMs - p.at.getTime()) / (24 * HOUR));
    const base = p.pinned ? rng.int(900, 1600) : rng.int(120, 700);
    // Older articles have had longer to be read; the column of notices is read by every member.
    const total = Math.round(
      base * (0.6 + Math.min(1, ageDays / 120)) * (p.columns.includes('notices') ? 1.3 : 1),
    );
    return { articleId: p.id, views: total };
  });
  if (viewRows.length) await tx.insert(portalArticleViews).values(viewRows);
  const daily: (typeof portalDailyViews.$inferInsert)[] = [];
  const recent = [...published].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, 12);
  for (let d = 1; d <= 30; d++) {
    const day = addDays(today, -d);
    const weekend = [0, 6].includes(new Date(`${day}T12:00:00+08:00`).getUTCDay());
    daily.push({
      parkId,
      kind: 'site',
      subjectId: parkId,
      day,
      views: rng.int(weekend ? 40 : 120, weekend ? 90 : 260),
    });
    for (const p of recent) {
      if (p.day > day) continue;
      const since = (at(day, 12 * 60).getTime() - p.at.getTime()) / (24 * HOUR);
      const v = Math.round((p.pinned ? 60 : 25) * Math.exp(-since / 6) + rng.int(0, 3));
      if (v > 0) daily.push({ parkId, kind: 'article', subjectId: p.id, day, views: v });
    }
    for (const [slug, id] of columnId) {
      if (slug === 'about' || rng.chance(0.15)) continue;
      daily.push({
        parkId,
        kind: 'column',
        subjectId: id,
        day,
        views: rng.int(weekend ? 3 : 10, weekend ? 15 : 45),
      });
    }
  }
  for (let i = 0; i < daily.length; i += 500)
    await tx.insert(portalDailyViews).values(daily.slice(i, i + 500));

  phase('views');
  // --- newsletters: one a month, the month's news, the last six months and more --------------
  const newsy = published.filter(
    (p) => !p.columns.some((c) => ['about', 'downloads', 'regulations', 'notices'].includes(c)),
  );
  const { y: ty, m: tm } = parseYmd(today);
  const firstOfMonth = `${ty}-${String(tm).padStart(2, '0')}-01`;
  const issues: { date: string; articles: string[] }[] = [];
  for (let back = 7; back >= 1; back--) {
    const from = addMonths(firstOfMonth, -back);
    const date = addDays(addMonths(from, 1), 4); // the 5th of the next month
    let picked = newsy.filter((p) => p.day >= from && p.day < addMonths(from, 1));
    if (picked.length < 3)
      picked = newsy
        .filter((p) => p.day < date)
        .sort((a, b) => b.day.localeCompare(a.day))
        .slice(0, 4);
    issues.push({ date, articles: picked.slice(0, 6).map((p) => p.id) });
  }
  const issueCount = issues.length;
  let number = 1;
  const creator = editorId;
  for (const issue of issues) {
    const [row] = await tx
      .insert(newsletterIssues)
      .values({
        parkId,
        number,
        issueDate: issue.date,
        title: NEWSLETTER_MASTHEAD,
        editorNote: `本期编发${chineseNumber(issue.articles.length)}篇稿件，欢迎各支部、各班团支部踊跃投稿。`,
        status: 'published',
        publishedAt: at(issue.date, 10 * 60),
        createdBy: creator,
        createdAt: at(addDays(issue.date, -2), 15 * 60),
        updatedAt: at(issue.date, 10 * 60),
      })
      .returning({ id: newsletterIssues.id });
    if (issue.articles.length)
      await tx
        .insert(newsletterIssueArticles)
        .values(
          issue.articles.map((articleId, i) => ({ issueId: row!.id, articleId, parkId, sortOrder: i })),
        );
    number++;
  }
  // This month's issue, being put together.
  const thisMonth = newsy.filter((p) => p.day >= firstOfMonth).slice(0, 3);
  const [draftIssue] = await tx
    .insert(newsletterIssues)
    .values({
      parkId,
      number,
      issueDate: addDays(addMonths(firstOfMonth, 1), 4),
      title: NEWSLETTER_MASTHEAD,
      editorNote: null,
      status: 'draft',
      createdBy: creator,
    })
    .returning({ id: newsletterIssues.id });
  if (thisMonth.length)
    await tx
      .insert(newsletterIssueArticles)
      .values(thisMonth.map((p, i) => ({ issueId: draftIssue!.id, articleId: p.id, parkId, sortOrder: i })));

  // --- the showcase ---------------------------------------------------------------------------
  const slides: (typeof showcaseItems.$inferInsert)[] = [];
  for (const key of ['quiz', 'singing', 'donation', 'villages', 'vanguardResults', 'homeVisits']) {
    const articleId = byKey.get(key);
    if (articleId) slides.push({ parkId, kind: 'article', articleId, createdBy: editorId });
  }
  for (const [key, title, caption] of [
    ['hero', '不忘初心 牢记使命', `${names.park}党总支`],
    ['blackboard', '专题黑板报展评', '各班团支部“学习二十大”专题黑板报获奖作品'],
  ] as const) {
    const mediaId = images.get(key);
    if (mediaId) slides.push({ parkId, kind: 'photo', mediaId, title, caption, createdBy: editorId });
  }
  slides.forEach((s, i) => Object.assign(s, { sortOrder: (i + 1) * 10, durationSeconds: 12, active: true }));
  if (slides.length) await tx.insert(showcaseItems).values(slides);

  // --- settings -------------------------------------------------------------------------------
  const settings = {
    heroText: '园区三校党建工作，务虚而又实在',
    // The hero writes the slogan over its picture: a backdrop without text of its own.
    heroImageId: images.get('backdrop') ?? null,
    logoMediaId: logoId,
    musicMediaId: musicId,
    musicTitle: musicId ? DEMO_MUSIC_TITLE : null,
    footerText: `${names.park}党总支 · 党建网站工作组`,
    updatedBy: ctx.accountIds.get('parkadmin') ?? editorId,
  };
  await tx
    .insert(portalSettings)
    .values({ parkId, ...settings })
    .onConflictDoUpdate({ target: portalSettings.parkId, set: settings });

  phase('rest');
  const counts = {
    articles: articleRows.length,
    published: published.length,
    images: images.size,
    attachments: documents.size,
    newsletters: issueCount,
    slides: slides.length,
    music: musicId ? 1 : 0,
  };
  ctx.log(
    `文章 ${counts.articles}（已发布 ${counts.published}），图片 ${counts.images}，附件 ${counts.attachments}，` +
      `简讯 ${counts.newsletters} 期，橱窗 ${counts.slides} 张，文件 ${Math.round(fileBytes / 1024)} KB，` +
      `${Math.round(performance.now() - started)} ms (${phases.join(', ')})`,
  );
  return counts;
};
