import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client';
import { queryRows } from '../../src/server/platform/db/rows';
import {
  mediaFiles,
  portalArticleAttachments,
  portalArticleViews,
  portalArticleColumns,
  portalArticles,
  portalSettings,
  showcaseItems,
} from '../../src/server/platform/db/schema/index';
import { articleSearchColumns } from '../../src/server/areas/newsroom/commands/articleWrites';
import { ensureDefaultColumns } from '../../src/server/areas/newsroom/columns';
import { sanitizeRichText } from '../../src/server/platform/sanitize';
import { escapeHtml } from '../../src/server/areas/site/html';

/**
 * Public-site content written straight into the tables (tests, the browser test and the portal
 * benchmark): the default columns, published articles with search terms, media rows, settings.
 * The newsroom's API is what editors use; this only saves time where the workflow is not the point.
 */

export async function seedColumns(db: Db, parkId: string): Promise<Record<string, string>> {
  await ensureDefaultColumns(db, parkId);
  const rows = await queryRows<{ id: string; slug: string }>(
    db,
    sql`select id, slug from portal_columns where park_id = ${parkId}`,
  );
  return Object.fromEntries(rows.map((r) => [r.slug, r.id]));
}

export interface SeedArticle {
  title: string;
  subtitle?: string | null;
  summary?: string | null;
  bodyHtml?: string;
  /** Column slugs. */
  columns: string[];
  schoolId?: string | null;
  pinned?: boolean;
  status?: 'published' | 'scheduled' | 'draft' | 'submitted' | 'takenDown';
  publishedAt?: Date;
  coverMediaId?: string | null;
  attachmentIds?: string[];
  author?: string | null;
  source?: string | null;
  tags?: string[];
  viewCount?: number;
}

/** Inserts articles (in chunks) with their columns and attachments; returns their ids in order. */
export async function insertArticles(
  db: Db,
  parkId: string,
  columns: Record<string, string>,
  list: SeedArticle[],
  chunk = 200,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < list.length; i += chunk) {
    const part = list.slice(i, i + chunk);
    const values = part.map((a) => {
      // Bodies are sanitized on save by the newsroom; seeded ones go through the same sanitizer.
      const body = sanitizeRichText(a.bodyHtml ?? `<p>${escapeHtml(a.summary ?? a.title)}</p>`);
      const status = a.status ?? 'published';
      return {
        id: crypto.randomUUID(),
        parkId,
        title: a.title,
        subtitle: a.subtitle ?? null,
        summary: a.summary ?? null,
        bodyHtml: body,
        coverMediaId: a.coverMediaId ?? null,
        author: a.author ?? null,
        source: a.source ?? null,
        schoolId: a.schoolId ?? null,
        tags: a.tags ?? [],
        pinned: a.pinned ?? false,
        status,
        publishedAt: status === 'draft' || status === 'submitted' ? null : (a.publishedAt ?? new Date()),
        publishAt: status === 'scheduled' ? (a.publishedAt ?? null) : null,
        ...articleSearchColumns(a.title, body),
      };
    });
    await db.insert(portalArticles).values(values);
    const links = part.flatMap((a, j) =>
      a.columns.map((slug) => {
        const columnId = columns[slug];
        if (!columnId) throw new Error(`no column ${slug}`);
        return { articleId: values[j]!.id, columnId, parkId };
      }),
    );
    if (links.length) await db.insert(portalArticleColumns).values(links);
    const attachments = part.flatMap((a, j) =>
      (a.attachmentIds ?? []).map((mediaId, k) => ({
        articleId: values[j]!.id,
        mediaId,
        parkId,
        sortOrder: k,
      })),
    );
    if (attachments.length) await db.insert(portalArticleAttachments).values(attachments);
    const views = part.flatMap((a, j) =>
      a.viewCount ? [{ articleId: values[j]!.id, views: a.viewCount }] : [],
    );
    if (views.length) await db.insert(portalArticleViews).values(views);
    ids.push(...values.map((v) => v.id));
  }
  return ids;
}

/** A media_files row (no bytes are stored: enough for links and listings). */
export async function insertMedia(
  db: Db,
  parkId: string,
  m: {
    purpose: 'image' | 'attachment' | 'audio';
    mime: string;
    ext: string;
    originalName: string;
    size?: number;
    variants?: Record<string, { key: string; mime: string; size: number; width?: number; height?: number }>;
    width?: number;
    height?: number;
  },
): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(mediaFiles).values({
    id,
    parkId,
    purpose: m.purpose,
    mime: m.mime,
    ext: m.ext,
    originalName: m.originalName,
    size: m.size ?? 1024,
    width: m.width ?? null,
    height: m.height ?? null,
    sha256: '0'.repeat(64),
    variants: m.variants ?? {
      original: { key: `${parkId}/seed/${id}-original.${m.ext}`, mime: m.mime, size: 1024 },
    },
  });
  return id;
}

export async function setPortalSettings(
  db: Db,
  parkId: string,
  s: Partial<typeof portalSettings.$inferInsert>,
): Promise<void> {
  await db
    .insert(portalSettings)
    .values({ parkId, ...s })
    .onConflictDoUpdate({ target: portalSettings.parkId, set: { ...s } });
}

export async function insertShowcaseItem(
  db: Db,
  parkId: string,
  item: Partial<typeof showcaseItems.$inferInsert> & { kind: 'article' | 'photo' },
): Promise<string> {
  const [row] = await db
    .insert(showcaseItems)
    .values({ parkId, ...item })
    .returning({ id: showcaseItems.id });
  return row!.id;
}

// ------------------------------------------------------------------------------------------------
// Realistic content for the browser test's screenshots and the benchmark.

const DAY = 24 * 3600 * 1000;

const NEWS = [
  [
    '园区党总支召开2025年度党建工作推进会',
    '总结上半年党建工作成效，部署下半年重点任务，推动党建与教育教学深度融合。',
  ],
  ['学校A第一党支部开展“重温入党誓词”主题党日活动', '全体党员面向党旗庄严宣誓，重温入党初心，坚定理想信念。'],
  [
    '学校B党支部组织党员教师赴红色教育基地研学',
    '在革命先辈的足迹中汲取奋进力量，把红色基因融入立德树人全过程。',
  ],
  ['“党员先锋岗”创建评选活动启动', '以岗位建功为载体，引导党员教师在教育教学一线亮身份、树标杆。'],
  ['园区举办“学思践悟”青年教师读书分享会', '青年教师畅谈学习体会，交流育人心得，营造爱读书、善思考的氛围。'],
  ['党员志愿服务队走进社区开展爱心助学活动', '党员教师为社区困难家庭学生送去学习用品，并开展学业辅导。'],
  [
    '业余党校第十二期入党积极分子培训班开班',
    '来自三所学校的入党积极分子参加培训，系统学习党的基本理论和党章。',
  ],
  ['学校A举行“红心向党”师生合唱比赛', '激昂的歌声唱响对党和祖国的深情祝福，展现师生昂扬向上的精神风貌。'],
] as const;

const NOTICES = [
  ['关于开展2025年度党员民主评议工作的通知', '请各党支部按照通知要求，认真组织开展党员民主评议工作。'],
  ['关于收缴2025年第三季度党费的通知', '请各党支部于本月底前完成党费收缴并报送汇总表。'],
  ['关于推荐“优秀共产党员”候选人的通知', '各支部按名额推荐，材料于规定时间前报送园区党总支。'],
  ['关于举办党史知识竞赛的通知', '竞赛分初赛和决赛两个阶段，欢迎全体党员和入党积极分子踊跃报名。'],
  ['暑期党员教师家访工作安排', '暑期家访覆盖全体学生，党员教师带头走访困难家庭学生。'],
  ['关于调整“三会一课”时间安排的通知', '本月支部党员大会调整至第三周周四下午举行。'],
] as const;

const PIONEERS = [
  ['扎根讲台三十年：记“党员先锋岗”王老师', '三十年如一日坚守教学一线，用爱心和责任点亮学生成长之路。'],
  ['青年党员李老师：把课堂搬进实训车间', '创新教学方法，带领学生在技能大赛中屡获佳绩。'],
  ['心系学生的“知心姐姐”：德育导师张老师', '坚持谈心谈话，帮助一百余名学生走出成长困惑。'],
] as const;

const THEORY = [
  ['深入学习贯彻党的二十大精神专题辅导', '围绕党的二十大报告的主要内容和精神实质进行系统辅导。'],
  ['《中国共产党章程》学习要点', '党章是党的根本大法，是全党必须遵循的总章程。'],
  ['新时代教师职业行为十项准则解读', '准则明确了新时代教师职业规范，为师德建设提供了基本遵循。'],
] as const;

const RED = [
  ['“红色故事我来讲”主题班会在各班举行', '学生们讲述革命英雄故事，在故事中感悟信仰的力量。'],
  ['学校B开展清明祭英烈网上祭扫活动', '同学们通过网上献花、留言寄语等方式缅怀革命先烈。'],
] as const;

const RULES = [
  ['园区党总支“三会一课”制度', '明确支部党员大会、支部委员会、党小组会和党课的组织要求。'],
  ['党员发展工作规程（试行）', '规范发展党员工作程序，确保发展党员质量。'],
] as const;

const OTHERS: Record<string, readonly (readonly [string, string])[]> = {
  members: [
    ['党员风采｜学校A优秀共产党员事迹展示', '他们在平凡岗位上默默奉献，用实际行动诠释共产党员的使命担当。'],
    ['党员风采｜“最美教师”刘老师的育人故事', '二十年班主任生涯，带出一届又一届优秀毕业生。'],
  ],
  unions: [
    ['园区工会举办教职工趣味运动会', '教职工在拔河、接力等项目中展现团结协作精神。'],
    ['校团委开展“青春心向党”主题团日活动', '团员青年交流学习体会，立志做有理想、敢担当的新时代青年。'],
  ],
  'current-affairs': [
    ['全国教育大会精神学习要点', '加快建设教育强国，办好人民满意的教育。'],
    ['职业教育改革发展最新政策解读', '深化产教融合、校企合作，培养高素质技术技能人才。'],
  ],
  'party-school': [
    ['业余党校第十二期结业典礼举行', '学员们经过系统培训，全部顺利通过结业考核。'],
    ['业余党校组织学员参观党史陈列馆', '在珍贵的历史图片和实物中感悟党的奋斗历程。'],
  ],
};

export interface DemoSite {
  parkId: string;
  columns: Record<string, string>;
  articleIds: string[];
  /** Titles by column slug, newest first. */
  titles: Record<string, string[]>;
}

/**
 * A believable site: the about page, news from both schools, notices, pioneers, theory, rules,
 * downloads with attachments, a few pinned items. Dates spread over the past weeks.
 */
export async function seedDemoSite(
  db: Db,
  parkId: string,
  schools: { A: string; B: string },
  opts: { coverIds?: string[] } = {},
): Promise<DemoSite> {
  const columns = await seedColumns(db, parkId);
  const now = Date.now();
  let n = 0;
  const at = () => new Date(now - (n++ * 0.9 + 0.2) * DAY);
  const covers = opts.coverIds ?? [];
  let c = 0;
  const cover = () => (covers.length ? covers[c++ % covers.length]! : null);
  const body = (summary: string) =>
    `<p>${summary}</p><p>活动中，大家结合工作实际，深入交流学习体会。与会同志表示，要以更加饱满的热情、更加务实的作风，把学习成果转化为推动学校高质量发展的实际行动。</p><h2>主要做法</h2><ul><li>坚持学用结合，把理论学习与教育教学紧密结合。</li><li>坚持问题导向，聚焦师生急难愁盼。</li></ul><p>下一步，园区党总支将持续推动党建工作与业务工作同频共振，为立德树人提供坚强组织保证。</p>`;
  const list: SeedArticle[] = [];
  NEWS.forEach(([title, summary], i) =>
    list.push({
      title,
      summary,
      bodyHtml: body(summary),
      columns: ['news'],
      schoolId: title.startsWith('学校A') ? schools.A : title.startsWith('学校B') ? schools.B : null,
      pinned: i < 3,
      publishedAt: at(),
      coverMediaId: i < 5 ? cover() : null,
      source: '园区党总支',
      author: '宣传组',
      viewCount: 120 - i * 7,
    }),
  );
  NOTICES.forEach(([title, summary]) =>
    list.push({
      title,
      summary,
      bodyHtml: body(summary),
      columns: ['notices'],
      publishedAt: at(),
      source: '园区党总支办公室',
    }),
  );
  PIONEERS.forEach(([title, summary]) =>
    list.push({
      title,
      summary,
      bodyHtml: body(summary),
      columns: ['pioneers'],
      publishedAt: at(),
      coverMediaId: cover(),
    }),
  );
  THEORY.forEach(([title, summary]) =>
    list.push({ title, summary, bodyHtml: body(summary), columns: ['theory'], publishedAt: at() }),
  );
  RED.forEach(([title, summary], i) =>
    list.push({
      title,
      summary,
      bodyHtml: body(summary),
      columns: ['red-education'],
      schoolId: i === 1 ? schools.B : null,
      publishedAt: at(),
    }),
  );
  RULES.forEach(([title, summary]) =>
    list.push({ title, summary, bodyHtml: body(summary), columns: ['regulations'], publishedAt: at() }),
  );
  for (const [slug, items] of Object.entries(OTHERS)) {
    items.forEach(([title, summary]) =>
      list.push({
        title,
        summary,
        bodyHtml: body(summary),
        columns: [slug],
        publishedAt: at(),
        coverMediaId: cover(),
      }),
    );
  }
  list.push({
    title: '园区概况',
    summary:
      '园区由三所学校组成，园区党总支下设多个党支部，坚持党建引领，推动党建工作与教育教学深度融合，形成了“一校一品”的党建工作格局。',
    bodyHtml:
      '<p>园区由三所学校组成，现有教职工六百余人，在校学生八千余人。园区党总支下设多个党支部，共有党员二百余名。</p><p>近年来，园区党总支坚持以习近平新时代中国特色社会主义思想为指导，坚持党建引领，推动党建工作与教育教学深度融合，形成了“一校一品”的党建工作格局。</p>',
    columns: ['about'],
    publishedAt: new Date(now - 60 * DAY),
  });
  const docs = [
    [
      '入党申请书范本.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'docx',
      38_000,
    ],
    ['党费收缴标准说明.pdf', 'application/pdf', 'pdf', 420_000],
    [
      '党员信息统计表.xlsx',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'xlsx',
      22_000,
    ],
  ] as const;
  const attachmentIds: string[] = [];
  for (const [name, mime, ext, size] of docs) {
    attachmentIds.push(
      await insertMedia(db, parkId, { purpose: 'attachment', mime, ext, originalName: name, size }),
    );
  }
  list.push({
    title: '党务工作常用表格和范本',
    summary: '入党申请书范本、党费收缴标准、党员信息统计表等常用资料。',
    columns: ['downloads'],
    attachmentIds,
    publishedAt: at(),
  });
  const articleIds = await insertArticles(db, parkId, columns, list);
  const titles: Record<string, string[]> = {};
  for (const a of list) for (const s of a.columns) (titles[s] ??= []).push(a.title);
  return { parkId, columns, articleIds, titles };
}
