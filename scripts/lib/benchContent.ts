/**
 * Realistic public-site content for the benchmarks (`bench:portal`, `bench:mixed`): articles in all
 * twelve default columns with bodies of 1,500–3,000 Chinese characters of varied text (headings,
 * lists, quotes, figures with pictures in about a third of them), cover pictures, attachments in the
 * download column, a single page for 园区概况, and the vocabulary the bodies are written from, so a
 * benchmark can ask search queries that really match.
 *
 * Deterministic for a seed (the same run builds the same site) and written straight into the tables
 * through test/support/portalSeed.ts, the same helpers the tests use: the newsroom's workflow is not
 * what a throughput figure is about. Only APIs that exist since the first portal benchmark are used,
 * so a copy of the benchmarks runs on an older checkout too.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../src/server/platform/db/client';
import { createPark } from '../../src/server/areas/auth/bootstrap';
import { orgNodes } from '../../src/server/platform/db/schema/index';
import { childPath } from '../../src/common/orgTree';
import { insertArticles, insertMedia, seedColumns, type SeedArticle } from '../../test/support/portalSeed';
import { Rng } from './demoData';

// ---------------------------------------------------------------------------------------------
// Vocabulary

const SUBJECTS = [
  '园区党总支',
  '第一党支部',
  '第二党支部',
  '机关党支部',
  '退休教师党支部',
  '党员教师',
  '青年教师',
  '学生党员',
  '入党积极分子',
  '校团委',
  '园区工会',
  '班主任队伍',
  '党小组',
  '支部委员会',
  '全体党员',
  '德育处',
  '教务处',
  '实训处',
  '各教研组',
  '志愿服务队',
];

/** Things the park's articles are about: the terms benchmark search queries are drawn from. */
export const TOPICS = [
  '主题党日',
  '理论学习',
  '志愿服务',
  '师德师风',
  '课程思政',
  '产教融合',
  '结对帮扶',
  '红色教育',
  '三会一课',
  '组织生活会',
  '民主评议',
  '党费收缴',
  '党史学习',
  '党章学习',
  '立德树人',
  '技能大赛',
  '实训基地',
  '校企合作',
  '社会实践',
  '家校共育',
  '心理健康',
  '安全教育',
  '劳动教育',
  '廉政建设',
  '作风建设',
  '乡村振兴',
  '社区服务',
  '读书分享',
  '青年成长',
  '先锋示范岗',
  '党员承诺',
  '谈心谈话',
  '调查研究',
  '教学改革',
  '专业建设',
  '就业创业',
  '文明校园',
  '爱国主义',
  '革命传统',
  '文化传承',
  '清明祭扫',
  '入党誓词',
  '集中学习',
  '专题党课',
  '警示教育',
  '榜样力量',
  '岗位建功',
  '教学竞赛',
  '学生资助',
  '困难帮扶',
  '支部建设',
  '标准化建设',
  '组织建设',
  '宣传工作',
  '统战工作',
  '工会活动',
  '团员发展',
  '团课学习',
  '国旗下讲话',
  '升旗仪式',
  '运动会',
  '艺术节',
  '合唱比赛',
  '演讲比赛',
  '知识竞赛',
  '读书月',
  '教师节',
  '开学典礼',
  '毕业典礼',
  '军训',
  '研学活动',
  '参观学习',
  '现场教学',
  '座谈交流',
  '经验分享',
  '工作推进会',
  '年度总结',
  '述职评议',
  '问题整改',
  '制度建设',
  '规范管理',
  '数字校园',
  '智慧课堂',
  '职业素养',
  '工匠精神',
  '劳模精神',
  '志愿者',
  '爱心捐助',
  '助学活动',
  '关爱留守儿童',
  '文明实践',
  '垃圾分类',
  '节约粮食',
  '防溺水',
  '消防演练',
  '法治教育',
  '国家安全',
  '民族团结',
  '生态文明',
  '健康中国',
] as const;

const VERBS = [
  '开展',
  '组织',
  '推进',
  '深化',
  '落实',
  '举办',
  '部署',
  '启动',
  '总结',
  '召开',
  '探索',
  '加强',
];
const CONTEXTS = [
  '围绕立德树人根本任务',
  '结合学校实际',
  '在新学期开学之际',
  '按照园区党总支的统一部署',
  '为深入学习贯彻党的二十大精神',
  '以“学思想、强党性、重实践、建新功”为主线',
  '聚焦师生急难愁盼问题',
  '坚持问题导向和目标导向相统一',
  '在庆祝建党纪念日前夕',
  '依托校内外实践基地',
  '紧扣职业教育改革发展要求',
  '对照年初制定的工作计划',
];
const OUTCOMES = [
  '取得了明显成效',
  '形成了一批可复制、可推广的经验做法',
  '受到师生和家长的广泛好评',
  '进一步增强了党组织的凝聚力和战斗力',
  '推动党建工作与教育教学深度融合',
  '为学校高质量发展提供了坚强组织保证',
  '激发了党员干事创业的热情',
  '营造了比学赶超、争先创优的良好氛围',
  '让党的创新理论入脑入心',
  '把学习成果转化为推动工作的实际行动',
];
const DETAILS = [
  '活动分为集中学习、分组讨论和现场交流三个环节',
  '与会党员结合自身岗位谈体会、找差距、明方向',
  '支部书记对下一阶段工作提出了具体要求',
  '参加活动的同志纷纷表示收获很大',
  '活动现场气氛热烈，大家积极发言',
  '学校领导班子成员全程参加并作点评',
  '各支部认真准备，精心组织，确保活动取得实效',
  '同学们在实践中增长了见识，锻炼了能力',
  '此次活动共有一百余名师生参加',
  '活动结束后，各班级还组织了主题班会进行交流',
  '通过图片展示、视频播放、情景再现等形式，内容丰富、形式多样',
  '主讲人深入浅出、旁征博引，赢得了阵阵掌声',
];
const HEADINGS = [
  '主要做法',
  '活动内容',
  '工作成效',
  '经验体会',
  '下一步打算',
  '存在的问题',
  '典型案例',
  '师生感言',
  '背景介绍',
  '工作要求',
];
const QUOTES = [
  '“作为一名党员教师，就要在三尺讲台上守初心、担使命。”',
  '“这次学习让我对共产党员的责任有了更深的理解。”',
  '“我们要把红色基因融入课堂，让每一堂课都有温度。”',
  '“志愿服务不是一时的热情，而是长久的坚持。”',
  '“技能报国，是我们职业院校学生的光荣使命。”',
];

const SCHOOL_NAMES = ['第一职业学校', '第二职业学校', '技师学院'];

const cjkLength = (s: string) => s.replace(/<[^>]*>/g, '').replace(/[^\u3400-\u9fff]/g, '').length;

// ---------------------------------------------------------------------------------------------
// Text

/** One sentence: a context, a subject, a verb, one or two topics, a detail or an outcome. */
function sentence(rng: Rng): string {
  const topic = rng.pick(TOPICS);
  const second = rng.chance(0.5) ? `和${rng.pick(TOPICS)}` : '';
  switch (rng.int(0, 4)) {
    case 0:
      return `${rng.pick(CONTEXTS)}，${rng.pick(SUBJECTS)}${rng.pick(VERBS)}${topic}${second}工作，${rng.pick(OUTCOMES)}。`;
    case 1:
      return `${rng.pick(DETAILS)}，${rng.pick(SUBJECTS)}围绕${topic}${second}展开深入交流。`;
    case 2:
      return `在${topic}中，${rng.pick(SUBJECTS)}注重把${rng.pick(TOPICS)}与${rng.pick(TOPICS)}结合起来，${rng.pick(OUTCOMES)}。`;
    case 3:
      return `${rng.pick(SUBJECTS)}表示，将以此次${topic}为契机，持续${rng.pick(VERBS)}${rng.pick(TOPICS)}，${rng.pick(OUTCOMES)}。`;
    default:
      return `${rng.pick(DETAILS)}。${rng.pick(SUBJECTS)}还就${topic}${second}提出了意见建议。`;
  }
}

function paragraph(rng: Rng): string {
  let p = '';
  for (let i = rng.int(3, 6); i > 0; i--) p += sentence(rng);
  return p;
}

export interface BenchImage {
  id: string;
  caption: string;
}

/**
 * An article body of at least `minChars` Chinese characters: paragraphs under headings, now and
 * then a list, a quote or a figure with one of `images` (our own /media/ URLs, as the sanitizer
 * keeps them).
 */
export function articleBody(rng: Rng, minChars: number, images: BenchImage[] = []): string {
  const parts: string[] = [`<p>${paragraph(rng)}</p>`];
  const headings = [...HEADINGS];
  let pictures = images.length;
  while (cjkLength(parts.join('')) < minChars) {
    if (headings.length && rng.chance(0.35)) {
      parts.push(`<h2>${headings.splice(rng.int(0, headings.length - 1), 1)[0]!}</h2>`);
    }
    const r = rng.next();
    if (r < 0.12) {
      const items = Array.from({ length: rng.int(3, 5) }, () => `<li>${sentence(rng)}</li>`);
      parts.push(`<ul>${items.join('')}</ul>`);
    } else if (r < 0.18) {
      parts.push(`<blockquote><p>${rng.pick(QUOTES)}</p></blockquote>`);
    } else if (pictures > 0 && r < 0.4) {
      const img = images[images.length - pictures--]!;
      parts.push(
        `<figure><img src="/media/${img.id}/large" alt="${img.caption}" width="1280" height="853">` +
          `<figcaption>${img.caption}</figcaption></figure>`,
      );
    } else parts.push(`<p>${paragraph(rng)}</p>`);
  }
  return parts.join('');
}

const TITLES: Record<string, (rng: Rng, school: string) => string> = {
  news: (rng, s) => `${s}${rng.pick(SUBJECTS)}${rng.pick(VERBS)}${rng.pick(TOPICS)}活动`,
  members: (rng, s) =>
    `党员风采｜${s}${rng.pick(['王', '李', '张', '刘', '陈', '杨'])}老师的${rng.pick(TOPICS)}故事`,
  unions: (rng) => `${rng.pick(['园区工会', '校团委', '学生会'])}举办${rng.pick(TOPICS)}活动`,
  'current-affairs': (rng) => `${rng.pick(TOPICS)}与${rng.pick(TOPICS)}：最新政策学习要点`,
  'party-school': (rng) => `业余党校第${rng.int(1, 30)}期培训班开展${rng.pick(TOPICS)}`,
  notices: (rng) => `关于开展${rng.pick(TOPICS)}工作的通知`,
  pioneers: (rng, s) => `扎根一线${rng.int(10, 35)}年：记${s}${rng.pick(TOPICS)}带头人`,
  theory: (rng) => `${rng.pick(TOPICS)}专题辅导：${rng.pick(TOPICS)}的实践路径`,
  'red-education': (rng, s) => `${s}开展“${rng.pick(TOPICS)}”红色主题教育`,
  regulations: (rng) => `园区党总支${rng.pick(TOPICS)}工作规程（试行）`,
};

/** Share of the articles each list column gets (some news are also filed under a second column). */
const COLUMN_WEIGHTS: [string, number][] = [
  ['news', 30],
  ['members', 7],
  ['unions', 7],
  ['current-affairs', 10],
  ['party-school', 7],
  ['notices', 10],
  ['pioneers', 6],
  ['theory', 10],
  ['red-education', 7],
  ['regulations', 4],
];

// ---------------------------------------------------------------------------------------------
// Seeding

export interface BenchSite {
  parkId: string;
  columns: Record<string, string>;
  /** Every published article, newest first. */
  articleIds: string[];
  schoolIds: string[];
}

/** A park with a general branch and three schools (bench:portal; bench:mixed uses the demo park). */
export async function createBenchPark(
  db: Db,
  name = '基准测试园区',
): Promise<{ parkId: string; schoolIds: string[] }> {
  const { parkId, generalBranchId } = await createPark(db, name);
  const [gb] = await db
    .select()
    .from(orgNodes)
    .where(sql`${orgNodes.id} = ${generalBranchId}`);
  const schoolIds: string[] = [];
  for (const [i, s] of SCHOOL_NAMES.entries()) {
    const id = crypto.randomUUID();
    await db.insert(orgNodes).values({
      id,
      parkId,
      parentId: generalBranchId,
      kind: 'school',
      name: s,
      path: childPath(gb!.path, id),
      schoolId: id,
      sortOrder: i + 1,
    });
    schoolIds.push(id);
  }
  return { parkId, schoolIds };
}

/**
 * Fills a park's public site: the twelve default columns, `articles` published articles (bodies of
 * 1,500–3,000 Chinese characters; ~40 % with a cover, ~30 % with pictures in the body; five pinned),
 * the 园区概况 page and a dozen downloads with attachments; then ANALYZE, as a maintained database
 * has its planner statistics.
 */
export async function seedBenchSite(
  db: Db,
  park: { parkId: string; schoolIds: string[]; schoolNames?: string[] },
  opts: { articles: number; seed?: number; log?: (m: string) => void },
): Promise<BenchSite> {
  const rng = new Rng(opts.seed ?? 20_260_901);
  const { parkId, schoolIds } = park;
  const schoolNames = park.schoolNames ?? SCHOOL_NAMES;
  const columns = await seedColumns(db, parkId);
  const images: BenchImage[] = [];
  for (let i = 0; i < 120; i++) {
    const caption = `${rng.pick(SUBJECTS)}${rng.pick(TOPICS)}活动现场`;
    const id = await insertMedia(db, parkId, {
      purpose: 'image',
      mime: 'image/jpeg',
      ext: 'jpg',
      originalName: `活动照片${i + 1}.jpg`,
      size: 420_000,
      width: 1920,
      height: 1280,
      variants: Object.fromEntries(
        (
          [
            ['original', 1920, 1280, 420_000],
            ['large', 1280, 853, 180_000],
            ['medium', 640, 427, 60_000],
            ['thumb', 240, 160, 12_000],
          ] as const
        ).map(([v, width, height, size]) => [
          v,
          { key: `${parkId}/bench/${i}-${v}.jpg`, mime: 'image/jpeg', size, width, height },
        ]),
      ),
    });
    images.push({ id, caption });
  }

  const now = Date.now();
  const list: SeedArticle[] = [];
  for (let i = 0; i < opts.articles; i++) {
    const slug = rng.weighted(COLUMN_WEIGHTS);
    const school = rng.int(0, 3);
    const schoolName = school < schoolIds.length ? schoolNames[school]! : '';
    const pictures = rng.chance(0.3) ? Array.from({ length: rng.int(1, 3) }, () => rng.pick(images)) : [];
    const bodyHtml = articleBody(rng, rng.int(1500, 3000), pictures);
    list.push({
      title: `${TITLES[slug]!(rng, schoolName)}（${i + 1}）`,
      summary: sentence(rng).slice(0, 80),
      bodyHtml,
      columns: slug !== 'news' && rng.chance(0.15) ? [slug, 'news'] : [slug],
      schoolId: school < schoolIds.length ? schoolIds[school]! : null,
      pinned: i < 5,
      // Newest first, a few hours apart, as a busy site publishes.
      publishedAt: new Date(now - i * 3 * 3600_000 - rng.int(0, 3600_000)),
      coverMediaId: rng.chance(0.4) ? rng.pick(images).id : null,
      author: rng.pick(['宣传组', '办公室', '校团委', '园区工会', null]),
      source: rng.pick(['园区党总支', '第一党支部', '第二党支部', null]),
      tags: [rng.pick(TOPICS), rng.pick(TOPICS)].filter((t, j, a) => a.indexOf(t) === j),
      viewCount: rng.int(0, 2000),
    });
  }
  const articleIds: string[] = [];
  const chunk = 100;
  for (let i = 0; i < list.length; i += chunk) {
    articleIds.push(...(await insertArticles(db, parkId, columns, list.slice(i, i + chunk), chunk)));
    if (opts.log && (i / chunk) % 10 === 9) opts.log(`articles ${i + chunk}/${list.length}`);
  }

  // The single page and the downloads.
  await insertArticles(db, parkId, columns, [
    {
      title: '园区概况',
      summary: '园区由三所职业学校组成，园区党总支下设多个党支部。',
      bodyHtml: articleBody(rng, 1500, [images[0]!]),
      columns: ['about'],
      publishedAt: new Date(now - 400 * 24 * 3600_000),
    },
  ]);
  const downloads: SeedArticle[] = [];
  for (let i = 0; i < 12; i++) {
    const ids: string[] = [];
    for (const [ext, mime] of [
      ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['pdf', 'application/pdf'],
    ] as const) {
      ids.push(
        await insertMedia(db, parkId, {
          purpose: 'attachment',
          mime,
          ext,
          originalName: `${rng.pick(TOPICS)}材料${i + 1}.${ext}`,
          size: rng.int(20_000, 900_000),
        }),
      );
    }
    downloads.push({
      title: `${rng.pick(TOPICS)}常用表格和范本（${i + 1}）`,
      summary: '常用资料下载。',
      columns: ['downloads'],
      attachmentIds: ids,
      publishedAt: new Date(now - i * 7 * 24 * 3600_000),
    });
  }
  await insertArticles(db, parkId, columns, downloads);
  // Planner statistics, as a maintained database has them (PostgreSQL's autovacuum; PGlite has
  // none and needs a periodic ANALYZE).
  await db.execute(sql`analyze`);
  return { parkId, columns, articleIds, schoolIds };
}

/**
 * `n` distinct two-word search queries from the articles' vocabulary ("主题党日 志愿服务"), in a
 * shuffled order: each pair of topics at most once, so none is answered from a cache.
 */
export function searchQueries(n: number, seed = 7): string[] {
  const rng = new Rng(seed);
  const pairs: string[] = [];
  for (let i = 0; i < TOPICS.length; i++)
    for (let j = i + 1; j < TOPICS.length; j++) pairs.push(`${TOPICS[i]} ${TOPICS[j]}`);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  if (n > pairs.length) throw new RangeError(`at most ${pairs.length} distinct queries`);
  return pairs.slice(0, n);
}

/** A draft's title and body as an editor writes one (bench:mixed's writes). */
export function draftArticle(rng: Rng): { title: string; summary: string; bodyHtml: string } {
  return {
    title: `${rng.pick(SUBJECTS)}${rng.pick(VERBS)}${rng.pick(TOPICS)}活动（草稿 ${rng.int(1, 1e6)}）`,
    summary: sentence(rng).slice(0, 80),
    bodyHtml: articleBody(rng, 1500),
  };
}
