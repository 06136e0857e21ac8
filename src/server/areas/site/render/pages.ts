import { esc, trustedHtml, truncate, type SafeHtml } from '../html';
import type {
  ArticleCard,
  ArticleDetail,
  ArticleLink,
  Attachment,
  DownloadItem,
  NewsletterDetail,
  NewsletterSummary,
  PublicColumn,
  School,
} from '../queries';
import { articleHref, columnHref, day, layout, shortDay, STAR, type SiteContext } from './layout';
import type { ThanksList, listPublicDrives } from '../../donations/public';

type PublicDrive = Awaited<ReturnType<typeof listPublicDrives>>[number];

/** Is this the 通知公告 column (shown beside the carousel on the home page)? */
export const isNoticeColumn = (c: PublicColumn): boolean =>
  c.name === '通知公告' || /^(notices?|announcements?|tzgg)$/.test(c.slug);

type Crumb = { href?: string; label: string };

const crumbs = (items: Crumb[]) =>
  esc`<nav class="crumbs" aria-label="当前位置"><ol>${items.map((i) =>
    i.href ? esc`<li><a href="${i.href}">${i.label}</a></li>` : esc`<li aria-current="page">${i.label}</li>`,
  )}</ol></nav>`;

const emptyNote = (text: string) => esc`<p class="empty">${text}</p>`;

const dateTag = (d: Date, short = false) => {
  const date = day(d);
  return esc`<time datetime="${date}">${short ? date.slice(5) : date}</time>`;
};

const more = (column: PublicColumn) =>
  esc`<a class="more" href="${columnHref(column)}" aria-label="${column.name}：更多">更多<span aria-hidden="true"> ›</span></a>`;

// ---------------------------------------------------------------------------------------------
// Home

export interface HomeData {
  featured: ArticleCard[];
  latest: Map<string, ArticleCard[]>;
}

export function homePage(site: SiteContext, baseUrl: string, data: HomeData): string {
  const s = site.settings;
  const notices = site.columns.find(isNoticeColumn);
  const blocks = site.columns.filter((c) => c !== notices);
  const heroStyle = s.heroImageUrl
    ? `background-image: linear-gradient(90deg, rgba(110,10,10,.9) 0%, rgba(140,16,16,.66) 45%, rgba(140,16,16,.18) 100%), url('${s.heroImageUrl}')`
    : null;

  const content = esc`
<section class="hero${s.heroImageUrl ? ' hero-image' : ''}"${heroStyle ? esc` style="${heroStyle}"` : ''}>
  <div class="wrap hero-in">
    <p class="hero-kicker">${STAR}<span>${s.parkName}党总支</span></p>
    <h1 class="hero-slogan">${s.heroSlogan}</h1>
    ${s.heroText ? esc`<p class="hero-text">${s.heroText}</p>` : ''}
  </div>
</section>
<div class="wrap home-top">
  ${featuredCarousel(data.featured)}
  ${notices ? noticeBox(notices, data.latest.get(notices.id) ?? []) : ''}
</div>
<div class="wrap blocks">
  ${blocks.map((c) => columnBlock(c, data.latest.get(c.id) ?? []))}
</div>`;
  return layout(site, baseUrl, { title: '首页', path: '/', current: 'home' }, content);
}

function featuredCarousel(items: ArticleCard[]): SafeHtml {
  if (!items.length) {
    return esc`<section class="featured featured-empty" aria-label="要闻聚焦"><h2 class="section-title">要闻聚焦</h2>${emptyNote('暂无要闻')}</section>`;
  }
  const slides = items.map(
    (a, i) => esc`
      <li class="slide" id="featured-${i + 1}"><a href="${articleHref(a)}">
        <span class="slide-media">${
          a.coverUrl
            ? esc`<img src="${a.coverUrl}" alt="" loading="${i === 0 ? 'eager' : 'lazy'}" decoding="async">`
            : esc`<span class="slide-placeholder">${STAR}<span>${a.schoolName ?? '园区要闻'}</span></span>`
        }</span>
        <span class="slide-text">
          <span class="slide-meta">${a.pinned ? esc`<span class="tag tag-red">置顶</span>` : ''}${a.schoolName ? esc`<span class="tag">${a.schoolName}</span>` : ''}${dateTag(a.publishedAt)}</span>
          <span class="slide-title">${a.title}</span>
          ${a.summary ? esc`<span class="slide-summary">${truncate(a.summary, 90)}</span>` : ''}
        </span>
      </a></li>`,
  );
  const dots =
    items.length > 1
      ? esc`<div class="carousel-dots">${items.map(
          (_a, i) =>
            esc`<a href="#featured-${i + 1}" aria-label="第 ${i + 1} 条"${i === 0 ? esc` aria-current="true"` : ''}></a>`,
        )}</div>`
      : '';
  return esc`<section class="featured" aria-label="要闻聚焦">
  <h2 class="section-title">要闻聚焦</h2>
  <div class="carousel" data-carousel>
    <ol class="slides">${slides}
    </ol>
    ${dots}
  </div>
</section>`;
}

function noticeBox(column: PublicColumn, items: ArticleCard[]): SafeHtml {
  const list = items
    .slice(0, 7)
    .map(
      (a) =>
        esc`<li><a href="${articleHref(a)}"><span class="notice-date"><b>${shortDay(a.publishedAt).slice(3)}</b><small>${day(a.publishedAt).slice(0, 7)}</small></span><span class="notice-title">${a.title}</span></a></li>`,
    );
  return esc`<aside class="notices" aria-labelledby="notices-title">
  <div class="block-head"><h2 id="notices-title"><a href="${columnHref(column)}">${column.name}</a></h2>${more(column)}</div>
  ${items.length ? esc`<ul class="notice-list">${list}</ul>` : emptyNote('暂无通知')}
</aside>`;
}

function columnBlock(column: PublicColumn, items: ArticleCard[]): SafeHtml {
  const head = esc`<div class="block-head"><h2><a href="${columnHref(column)}">${column.name}</a></h2>${more(column)}</div>`;
  if (column.kind === 'singlePage') {
    const page = items[0];
    const text = page?.summary || column.description || '';
    return esc`<section class="block block-page">${head}
    <div class="block-page-body">
      <span class="block-page-art" aria-hidden="true">${page?.coverUrl ? esc`<img src="${page.coverUrl}" alt="" loading="lazy" decoding="async">` : STAR}</span>
      <div class="block-page-text">
        <p class="block-intro">${text ? truncate(text, 160) : '详见栏目页面。'}</p>
        <a class="button-link" href="${columnHref(column)}">了解${column.name}</a>
      </div>
    </div>
  </section>`;
  }
  const [first, ...rest] = items;
  const lead =
    first && first.coverUrl
      ? esc`<a class="block-lead" href="${articleHref(first)}"><img src="${first.coverUrl}" alt="" loading="lazy" decoding="async"><span><span class="block-lead-title">${first.title}</span>${first.summary ? esc`<span class="block-lead-summary">${truncate(first.summary, 40)}</span>` : ''}${dateTag(first.publishedAt)}</span></a>`
      : null;
  const list = (lead ? rest : items)
    .slice(0, lead ? 4 : 6)
    .map((a) => esc`<li><a href="${articleHref(a)}">${a.title}</a>${dateTag(a.publishedAt, true)}</li>`);
  return esc`<section class="block">${head}
    ${lead ?? ''}
    ${items.length ? esc`<ul class="link-list">${list}</ul>` : emptyNote('本栏目暂无内容')}
  </section>`;
}

// ---------------------------------------------------------------------------------------------
// Column pages

const pageHead = (items: Crumb[], title: string, description?: string | null) =>
  esc`<div class="page-head"><div class="wrap">${crumbs(items)}<h1>${title}</h1>${description ? esc`<p>${description}</p>` : ''}</div></div>`;

function pagination(
  basePath: string,
  params: Record<string, string | null | undefined>,
  page: number,
  pages: number,
): SafeHtml | string {
  if (pages <= 1) return '';
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const qs = q.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  const nums = [...new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2])]
    .filter((n) => n >= 1 && n <= pages)
    .sort((a, b) => a - b);
  const out: SafeHtml[] = [];
  let last = 0;
  for (const n of nums) {
    if (n - last > 1) out.push(esc`<li class="gap" aria-hidden="true">…</li>`);
    out.push(
      n === page
        ? esc`<li><span aria-current="page">${n}</span></li>`
        : esc`<li><a href="${href(n)}">${n}</a></li>`,
    );
    last = n;
  }
  return esc`<nav class="pager" aria-label="分页"><ul>
    ${page > 1 ? esc`<li><a href="${href(page - 1)}" rel="prev">上一页</a></li>` : ''}
    ${out}
    ${page < pages ? esc`<li><a href="${href(page + 1)}" rel="next">下一页</a></li>` : ''}
  </ul><p class="pager-info">第 ${page} / ${pages} 页</p></nav>`;
}

function sideColumns(site: SiteContext, current: PublicColumn): SafeHtml {
  const nav = site.columns.map(
    (c) =>
      esc`<li><a href="${columnHref(c)}"${current.id === c.id ? esc` aria-current="page"` : ''}>${c.name}</a></li>`,
  );
  return esc`<aside class="side">
    <section class="side-box"><h2>网站栏目</h2><ul class="side-nav">${nav}</ul></section>
    <section class="side-box side-links"><h2>服务</h2><ul class="side-nav">
      <li><a href="/newsletter">「${site.settings.siteTitle}」简讯</a></li>
      <li><a href="/search">站内搜索</a></li>
      <li><a href="/showcase">宣传橱窗</a></li>
      ${current.kind === 'singlePage' ? '' : esc`<li><a href="${columnHref(current)}/rss.xml">订阅本栏目（RSS）</a></li>`}
    </ul></section>
  </aside>`;
}

function articleList(items: ArticleCard[]): SafeHtml {
  const rows = items.map(
    (a) => esc`
    <li${a.coverUrl ? esc` class="has-cover"` : ''}>
      ${a.coverUrl ? esc`<a class="thumb" href="${articleHref(a)}" tabindex="-1" aria-hidden="true"><img src="${a.coverUrl}" alt="" loading="lazy" decoding="async"></a>` : ''}
      <div class="article-list-text">
        <h3><a href="${articleHref(a)}">${a.pinned ? esc`<span class="tag tag-red">置顶</span>` : ''}${a.title}</a></h3>
        ${a.summary ? esc`<p>${truncate(a.summary, 110)}</p>` : ''}
        <p class="meta">${dateTag(a.publishedAt)}${a.schoolName ? esc`<span class="tag">${a.schoolName}</span>` : ''}</p>
      </div>
    </li>`,
  );
  return esc`<ul class="article-list">${rows}
  </ul>`;
}

export interface ColumnListData {
  column: PublicColumn;
  items: ArticleCard[];
  total: number;
  page: number;
  pages: number;
  /** The school filter: schools present in the column, and the selected one. */
  schools: School[];
  school: School | null;
}

export function columnListPage(site: SiteContext, baseUrl: string, d: ColumnListData, path: string): string {
  const c = d.column;
  const base = columnHref(c);
  const filter = d.schools.length
    ? esc`<nav class="filter" aria-label="按学校筛选"><span class="filter-label">学校</span><ul>
      <li><a href="${base}"${d.school ? '' : esc` aria-current="true"`}>全部</a></li>${d.schools.map(
        (s) =>
          esc`<li><a href="${base}?school=${s.id}"${d.school?.id === s.id ? esc` aria-current="true"` : ''}>${s.name}</a></li>`,
      )}
    </ul></nav>`
    : '';
  const title = d.school ? `${c.name} · ${d.school.name}` : c.name;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: c.name }], title, c.description)}
<div class="wrap page-body">
  <div class="page-main">
    ${filter}
    ${d.items.length ? articleList(d.items) : emptyNote(d.school ? '该学校在本栏目暂无内容' : '本栏目暂无内容')}
    ${pagination(base, { school: d.school?.id }, d.page, d.pages)}
  </div>
  ${sideColumns(site, c)}
</div>`;
  return layout(
    site,
    baseUrl,
    {
      title: d.page > 1 ? `${title}（第 ${d.page} 页）` : title,
      description: c.description,
      path,
      current: c.id,
      rss: { title: `${c.name} - ${site.settings.siteTitle}`, href: `${base}/rss.xml` },
    },
    content,
  );
}

export function singlePageColumn(
  site: SiteContext,
  baseUrl: string,
  column: PublicColumn,
  page: ArticleDetail | null,
): string {
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: column.name }], column.name, column.description)}
<div class="wrap page-body">
  <div class="page-main">
    ${page ? esc`<article class="article article-single">${articleBody(page)}</article>` : emptyNote('本栏目内容正在完善中')}
  </div>
  ${sideColumns(site, column)}
</div>`;
  return layout(
    site,
    baseUrl,
    {
      title: column.name,
      description: page?.summary || column.description,
      path: columnHref(column),
      current: column.id,
      ogImage: page?.coverLargeUrl,
    },
    content,
  );
}

export function downloadListPage(
  site: SiteContext,
  baseUrl: string,
  column: PublicColumn,
  d: { items: DownloadItem[]; page: number; pages: number },
  path: string,
): string {
  const base = columnHref(column);
  const rows = d.items.map(
    (f) => esc`
    <li>${fileBadge(f)}
      <div class="download-text">
        <a class="download-name" href="${downloadHref(f)}" download>${f.name}</a>
        <p class="meta">${formatSize(f.size)} · ${dateTag(f.publishedAt)} · 出自<a href="${articleHref({ id: f.articleId })}">《${f.articleTitle}》</a></p>
      </div>
      <a class="button-link" href="${downloadHref(f)}" download>下载</a>
    </li>`,
  );
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: column.name }], column.name, column.description)}
<div class="wrap page-body">
  <div class="page-main">
    ${d.items.length ? esc`<ul class="downloads">${rows}</ul>` : emptyNote('暂无可下载的资料')}
    ${pagination(base, {}, d.page, d.pages)}
  </div>
  ${sideColumns(site, column)}
</div>`;
  return layout(
    site,
    baseUrl,
    {
      title: d.page > 1 ? `${column.name}（第 ${d.page} 页）` : column.name,
      description: column.description,
      path,
      current: column.id,
      rss: { title: `${column.name} - ${site.settings.siteTitle}`, href: `${base}/rss.xml` },
    },
    content,
  );
}

// ---------------------------------------------------------------------------------------------
// Article

const downloadHref = (f: { mediaId: string }) => `/media/${f.mediaId}/original`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function fileBadge(f: { ext: string; mime: string }): SafeHtml {
  const ext = f.ext.toLowerCase().replace(/^\./, '');
  const kind = /^pdf$/.test(ext)
    ? 'pdf'
    : /^(docx?|wps)$/.test(ext)
      ? 'doc'
      : /^(xlsx?|et|csv)$/.test(ext)
        ? 'xls'
        : /^(pptx?|dps)$/.test(ext)
          ? 'ppt'
          : f.mime.startsWith('image/')
            ? 'img'
            : 'file';
  return esc`<span class="file-badge file-${kind}" aria-hidden="true">${ext.slice(0, 4).toUpperCase() || '文件'}</span>`;
}

function attachmentsBox(list: Attachment[]): SafeHtml | string {
  if (!list.length) return '';
  const rows = list.map(
    (f) =>
      esc`<li>${fileBadge(f)}<div class="download-text"><a class="download-name" href="${downloadHref(f)}" download>${f.name}</a><p class="meta">${formatSize(f.size)}</p></div><a class="button-link" href="${downloadHref(f)}" download>下载</a></li>`,
  );
  return esc`<section class="attachments" aria-labelledby="att-title"><h2 id="att-title">附件下载</h2><ul class="downloads">${rows}</ul></section>`;
}

/** The marker where an article page's live view count goes (routes.ts splits the page there). */
export const VIEW_MARK = `\u0000views-${crypto.randomUUID()}\u0000`;

function articleBody(a: ArticleDetail, withViews = false): SafeHtml {
  return esc`<header class="article-head">
    <h1>${a.title}</h1>
    ${a.subtitle ? esc`<p class="subtitle">${a.subtitle}</p>` : ''}
    <p class="article-meta">
      <span>${dateTag(a.publishedAt)}</span>
      ${a.source ? esc`<span>来源：${a.source}</span>` : ''}
      ${a.author ? esc`<span>作者：${a.author}</span>` : ''}
      ${a.schoolName ? esc`<span class="tag">${a.schoolName}</span>` : ''}
      ${withViews ? esc`<span>阅读 <span class="views">${trustedHtml(VIEW_MARK)}</span></span>` : ''}
    </p>
  </header>
  ${a.coverLargeUrl ? esc`<figure class="article-cover"><img src="${a.coverLargeUrl}" alt="${a.title}" decoding="async"></figure>` : ''}
  ${a.summary ? esc`<p class="lead">${a.summary}</p>` : ''}
  <div class="article-body">${trustedHtml(a.bodyHtml)}</div>
  ${a.tags.length ? esc`<p class="tags">${a.tags.map((t) => esc`<span class="tag">#${t}</span>`)}</p>` : ''}
  ${attachmentsBox(a.attachments)}`;
}

export function articlePage(
  site: SiteContext,
  baseUrl: string,
  a: ArticleDetail,
  column: PublicColumn | null,
  nav: { prev: ArticleLink | null; next: ArticleLink | null },
): string {
  const trail: Crumb[] = [{ href: '/', label: '首页' }];
  if (column) trail.push({ href: columnHref(column), label: column.name });
  trail.push({ label: '正文' });
  const neighbour = (label: string, link: ArticleLink | null, rel: string) =>
    link
      ? esc`<div><span>${label}</span><a href="${articleHref(link)}" rel="${rel}">${link.title}</a></div>`
      : esc`<div><span>${label}</span><em>没有了</em></div>`;
  const content = esc`<div class="wrap article-wrap">
  ${crumbs(trail)}
  <article class="article">
    ${column ? esc`<p class="article-kicker"><a href="${columnHref(column)}">${column.name}</a></p>` : ''}
    ${articleBody(a, true)}
  </article>
  ${
    column && (nav.prev || nav.next)
      ? esc`<nav class="prevnext" aria-label="上一篇和下一篇">${neighbour('上一篇', nav.prev, 'prev')}${neighbour('下一篇', nav.next, 'next')}</nav>`
      : ''
  }
  <p class="back"><a href="${column ? columnHref(column) : '/'}">‹ 返回${column ? column.name : '首页'}</a></p>
</div>`;
  return layout(
    site,
    baseUrl,
    {
      title: a.title,
      description: a.summary ? truncate(a.summary, 150) : null,
      path: articleHref(a),
      ogType: 'article',
      ogImage: a.coverLargeUrl,
      publishedAt: a.publishedAt,
      current: column?.id,
    },
    content,
  );
}

// ---------------------------------------------------------------------------------------------
// Search

export interface SearchView {
  q: string;
  columnId: string | null;
  schoolId: string | null;
  page: number;
  pages: number;
  total: number;
  /** Null when no query was given. */
  hits:
    | {
        id: string;
        /** Escaped HTML with <mark>s (domain/searchText.ts). */
        titleHtml: string;
        snippetHtml: string;
        publishedAt: Date;
        columnName: string | null;
        schoolName: string | null;
      }[]
    | null;
}

export function searchPage(site: SiteContext, baseUrl: string, v: SearchView): string {
  const select = (
    name: string,
    label: string,
    options: { id: string; name: string }[],
    selected: string | null,
  ) =>
    esc`<label class="field"><span>${label}</span><select name="${name}"><option value="">全部</option>${options.map(
      (o) => esc`<option value="${o.id}"${o.id === selected ? esc` selected` : ''}>${o.name}</option>`,
    )}</select></label>`;
  const hits = (v.hits ?? []).map(
    (h) => esc`
    <li>
      <h3><a href="${articleHref(h)}">${trustedHtml(h.titleHtml)}</a></h3>
      <p class="snippet">${trustedHtml(h.snippetHtml)}</p>
      <p class="meta">${dateTag(h.publishedAt)}${h.columnName ? esc`<span class="tag">${h.columnName}</span>` : ''}${h.schoolName ? esc`<span class="tag">${h.schoolName}</span>` : ''}</p>
    </li>`,
  );
  const results =
    v.hits === null
      ? esc`<p class="empty">输入关键词，搜索本站已发布的文章、通知和资料。</p>`
      : v.hits.length === 0
        ? esc`<p class="empty">没有找到与“${v.q}”相关的内容，换个关键词试试。</p>`
        : esc`<p class="search-count">找到 <b>${v.total}</b> 条与“${v.q}”相关的结果</p>
  <ol class="search-results">${hits}
  </ol>
  ${pagination('/search', { q: v.q, column: v.columnId, school: v.schoolId }, v.page, v.pages)}`;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '站内搜索' }], '站内搜索')}
<div class="wrap page-body page-body-wide">
  <form class="search-form" action="/search" method="get" role="search">
    <label class="field field-q"><span class="sr">关键词</span><input type="search" name="q" value="${v.q}" placeholder="请输入关键词，如：主题党日" maxlength="100" required></label>
    ${select(
      'column',
      '栏目',
      site.columns.filter((c) => c.kind !== 'singlePage'),
      v.columnId,
    )}
    ${site.schools.length ? select('school', '学校', site.schools, v.schoolId) : ''}
    <button type="submit">搜索</button>
  </form>
  ${results}
</div>`;
  return layout(
    site,
    baseUrl,
    { title: v.q ? `搜索：${v.q}` : '站内搜索', path: '/search', current: 'search', noindex: true },
    content,
  );
}

// ---------------------------------------------------------------------------------------------
// Newsletter

export function newsletterListPage(site: SiteContext, baseUrl: string, issues: NewsletterSummary[]): string {
  const t = site.settings.siteTitle;
  const rows = issues.map(
    (i) => esc`
    <li><a href="/newsletter/${i.id}">
      <span class="issue-no">第<b>${i.number}</b>期</span>
      <span class="issue-text"><span class="issue-title">${i.title}</span><span class="meta">${i.issueDate} · ${i.articleCount} 篇</span>${i.editorNote ? esc`<span class="issue-note">${truncate(i.editorNote, 80)}</span>` : ''}</span>
    </a></li>`,
  );
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '简讯' }], `「${t}」简讯`, '园区党建工作简讯，按期发布，可在线阅读和打印。')}
<div class="wrap page-body page-body-wide">
  ${issues.length ? esc`<ul class="issues">${rows}</ul>` : emptyNote('暂无已发布的简讯')}
</div>`;
  return layout(
    site,
    baseUrl,
    { title: `「${t}」简讯`, path: '/newsletter', current: 'newsletter' },
    content,
  );
}

/** A printable page of one issue (A4 in print, see portal.css @media print). */
export function newsletterIssuePage(site: SiteContext, baseUrl: string, i: NewsletterDetail): string {
  const articles = i.articles.map(
    (a) =>
      esc`<section class="bulletin-article"><h2><a href="${articleHref(a)}">${a.title}</a></h2><div class="article-body">${trustedHtml(a.bodyHtml)}</div></section>`,
  );
  const content = esc`<div class="wrap article-wrap">
  ${crumbs([{ href: '/', label: '首页' }, { href: '/newsletter', label: '简讯' }, { label: `第 ${i.number} 期` }])}
  <article class="bulletin">
    <header class="bulletin-head">
      <p class="bulletin-name">${i.title}</p>
      <p class="bulletin-no"><span>第 ${i.number} 期</span><span>${site.settings.parkName}党总支</span><span>${i.issueDate}</span></p>
    </header>
    ${i.editorNote ? esc`<section class="bulletin-note"><h2>编者按</h2><p>${i.editorNote}</p></section>` : ''}
    ${i.articles.length > 1 ? esc`<section class="bulletin-toc"><h2>本期目录</h2><ol>${i.articles.map((a) => esc`<li>${a.title}</li>`)}</ol></section>` : ''}
    ${articles}
  </article>
  <p class="print-row"><button type="button" class="button-link" data-print hidden>打印本期</button><a href="/newsletter">‹ 全部简讯</a></p>
</div>`;
  return layout(
    site,
    baseUrl,
    {
      title: `${i.title} 第${i.number}期`,
      description: i.editorNote,
      path: `/newsletter/${i.id}`,
      current: 'newsletter',
    },
    content,
  );
}

// ---------------------------------------------------------------------------------------------
// Thank-you lists of donation drives and special dues (modules/donations/public.ts)

export function thanksListPage(site: SiteContext, baseUrl: string, drives: PublicDrive[]): string {
  const rows = drives.map(
    (d) => esc`
    <li><a href="/thanks/${d.id}">
      <span class="issue-text"><span class="issue-title">${d.title}</span><span class="meta">${d.typeLabel} · ${d.startsOn} 起 · ${d.status === 'open' ? '进行中' : '已结束'}</span></span>
    </a></li>`,
  );
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '爱心榜' }], '爱心榜', '向参与爱心捐款、自愿交纳特殊党费的师生和集体致谢。')}
<div class="wrap page-body page-body-wide">
  ${drives.length ? esc`<ul class="issues">${rows}</ul>` : emptyNote('暂无公开的致谢名单')}
</div>`;
  return layout(site, baseUrl, { title: '爱心榜', path: '/thanks' }, content);
}

export function thanksPage(site: SiteContext, baseUrl: string, t: ThanksList): string {
  const d = t.drive;
  const donors = t.donors.map(
    (x) =>
      esc`<li><span class="issue-title">${x.name}</span>${x.group ? esc`<span class="meta"> · ${x.group}</span>` : ''}${t.showAmounts && x.amount ? esc`<span class="meta"> · ${x.amount} 元</span>` : ''}</li>`,
  );
  const summary =
    t.showAmounts && t.total
      ? `共 ${t.donorCount} 位（个）捐赠者，合计 ${t.total} 元。`
      : `共 ${t.donorCount} 位（个）捐赠者。`;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { href: '/thanks', label: '爱心榜' }, { label: d.title }], d.title, d.purpose)}
<div class="wrap page-body page-body-wide">
  <p class="meta">${d.typeLabel} · ${d.organiserName} · ${d.startsOn}${d.endsOn ? ` 至 ${d.endsOn}` : ' 起'} · ${d.status === 'open' ? '进行中' : '已结束'}</p>
  <p>${summary}衷心感谢每一位献出爱心的师生与集体！</p>
  ${t.donors.length ? esc`<ul class="thanks-list">${donors}</ul>` : emptyNote('暂无捐赠记录')}
</div>`;
  return layout(
    site,
    baseUrl,
    { title: `${d.title} · 爱心榜`, description: d.purpose, path: `/thanks/${d.id}` },
    content,
  );
}

// ---------------------------------------------------------------------------------------------
// A new installation before its first administrator exists (no park, so no site settings yet)

export function notSetUpPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>校园党建</title></head><body style="font-family:system-ui,'Noto Sans SC',sans-serif;text-align:center;padding:5rem 1rem;color:#333"><h1 style="color:#b71c1c">校园党建</h1><p>网站尚未完成初始化。</p><p>管理员请使用服务启动时打印的一次性初始化链接创建园区管理员，或前往<a href="/admin" style="color:#b71c1c">管理后台</a>。</p></body></html>`;
}

// ---------------------------------------------------------------------------------------------
// 404

export function notFoundPage(site: SiteContext, baseUrl: string, path: string): string {
  const content = esc`<div class="wrap notfound">
  <div class="notfound-mark" aria-hidden="true">${STAR}<span>404</span></div>
  <h1>页面不存在</h1>
  <p>您访问的页面不存在、已被移除或暂未发布。</p>
  <form class="search-form search-inline" action="/search" method="get" role="search">
    <label class="field field-q"><span class="sr">关键词</span><input type="search" name="q" placeholder="搜索本站内容" maxlength="100"></label>
    <button type="submit">搜索</button>
  </form>
  <p class="notfound-links"><a class="button-link" href="/">返回首页</a></p>
  ${site.columns.length ? esc`<ul class="notfound-columns">${site.columns.map((c) => esc`<li><a href="${columnHref(c)}">${c.name}</a></li>`)}</ul>` : ''}
</div>`;
  return layout(site, baseUrl, { title: '页面不存在', path, noindex: true }, content);
}
