import { dateInShanghai } from '../../../../common/dates';
import { esc, type SafeHtml } from '../html';
import { htmlDocument } from './document';
import type { PublicColumn, School, SiteSettings } from '../queries';

/** What every page needs besides its own content; loaded once per cache generation (routes.ts). */
export interface SiteContext {
  parkId: string;
  settings: SiteSettings;
  columns: PublicColumn[];
  schools: School[];
}

export interface PageMeta {
  title: string;
  description?: string | null;
  /** The page's own path ('/', '/article/…'); canonical and og:url are built from it. */
  path: string;
  ogType?: 'website' | 'article';
  ogImage?: string | null;
  publishedAt?: Date;
  /** The nav item to mark as current: a column id, 'home', 'newsletter' or 'search'. */
  current?: string;
  rss?: { title: string; href: string };
  noindex?: boolean;
}

/** 'YYYY-MM-DD' in Asia/Shanghai. */
export const day = (d: Date): string => dateInShanghai(d);
/** 'MM-DD' in Asia/Shanghai (lists). */
export const shortDay = (d: Date): string => dateInShanghai(d).slice(5);

export const columnHref = (c: { slug: string }) => `/column/${encodeURIComponent(c.slug)}`;
export const articleHref = (a: { id: string }) => `/article/${a.id}`;

export const STAR = esc`<svg class="star" viewBox="0 0 24 24" aria-hidden="true"><path d="M12 1.8l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9l7.1-.6z"/></svg>`;

/** The park's emblem: its uploaded logo (named, like every image of the site), or the star. */
const emblem = (s: { logoUrl: string | null; parkName: string }) =>
  s.logoUrl
    ? esc`<span class="emblem emblem-logo"><img src="${s.logoUrl}" alt="${s.parkName}标志" width="56" height="56"></span>`
    : esc`<span class="emblem" aria-hidden="true">${STAR}</span>`;

/** The whole HTML document around a page's content: the site's chrome in the shared shell. */
export function layout(site: SiteContext, baseUrl: string, meta: PageMeta, content: SafeHtml): string {
  const s = site.settings;
  const fullTitle = meta.path === '/' ? `${s.siteTitle} · ${s.parkName}` : `${meta.title} - ${s.siteTitle}`;
  const url = baseUrl + meta.path;
  const description = meta.description || `${s.parkName}「${s.siteTitle}」网站：${s.heroSlogan}`;
  const ogImage = meta.ogImage
    ? meta.ogImage.startsWith('/')
      ? baseUrl + meta.ogImage
      : meta.ogImage
    : null;
  const navItem = (href: string, label: string, key: string) =>
    esc`<li><a href="${href}"${meta.current === key ? esc` aria-current="page"` : ''}>${label}</a></li>`;

  const head = esc`<meta name="description" content="${description}">
<link rel="canonical" href="${url}">
<meta property="og:site_name" content="${s.siteTitle}">
<meta property="og:locale" content="zh_CN">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
${ogImage ? esc`<meta property="og:image" content="${ogImage}">` : ''}
${meta.publishedAt ? esc`<meta property="article:published_time" content="${meta.publishedAt.toISOString()}">` : ''}
<meta name="twitter:card" content="${ogImage ? 'summary_large_image' : 'summary'}">`;
  const feeds = esc`<link rel="alternate" type="application/rss+xml" title="${s.siteTitle}" href="/rss.xml">
${meta.rss ? esc`<link rel="alternate" type="application/rss+xml" title="${meta.rss.title}" href="${meta.rss.href}">` : ''}`;
  const body = esc`<a class="skip" href="#main">跳到主要内容</a>
<header class="masthead">
  <div class="wrap masthead-in">
    <a class="brand" href="/">${emblem(s)}<span class="brand-text"><span class="brand-title">${s.siteTitle}</span><span class="brand-sub">${s.parkName}</span></span></a>
    <div class="masthead-tools">
      <form class="site-search" action="/search" method="get" role="search" aria-label="全站搜索">
        <label class="sr" for="site-q">搜索全站</label>
        <input id="site-q" type="search" name="q" placeholder="搜索文章、通知、资料" maxlength="100">
        <button type="submit">搜索</button>
      </form>
      ${readingToggle()}
    </div>
  </div>
</header>
<nav class="mainnav" aria-label="栏目">
  <ul class="wrap">
    ${navItem('/', '首页', 'home')}
    ${site.columns.map((c) => navItem(columnHref(c), c.name, c.id))}
    ${navItem('/newsletter', '简讯', 'newsletter')}
  </ul>
</nav>
<main id="main" tabindex="-1">
${content}
</main>
<footer class="footer">
  <div class="wrap footer-in">
    <div class="footer-brand">${emblem(s)}<div><p class="footer-title">${s.siteTitle}</p><p>${s.footerText || `${s.parkName}党总支 主办`}</p></div></div>
    <ul class="footer-links">
      <li><a href="/newsletter">「${s.siteTitle}」简讯</a></li>
      <li><a href="/vanguard">党员先锋岗</a></li>
      <li><a href="/thanks">爱心榜</a></li>
      <li><a href="/showcase">宣传橱窗</a></li>
      <li><a href="/rss.xml">RSS 订阅</a></li>
      <li><a href="/sitemap">网站地图</a></li>
      <li><a href="/admin">管理登录</a></li>
    </ul>
  </div>
</footer>
${musicControl(s)}`;
  return htmlDocument({ title: fullTitle, meta: head, links: feeds, noindex: meta.noindex, body });
}

/**
 * The reading mode for older and low-vision readers (大字高对比: larger type, wider lines, AAA
 * contrast). A visitor's choice, kept in their browser: the page is the same for everyone (the page
 * cache serves one copy), assets/reading.js puts the class on <html> before the first paint and
 * assets/portal.js wires the button. Without JavaScript the button is not shown (CSS: `.js`).
 */
function readingToggle(): SafeHtml {
  return esc`<button type="button" class="reading-toggle" data-reading aria-pressed="false" title="放大字号、加强对比，方便长者和视力不便的读者阅读"><span class="reading-icon" aria-hidden="true">A<sup>+</sup></span>大字高对比</button>`;
}

/**
 * The theme-music control (only when the site has a track). The script (assets/portal.js) wires the
 * button; it never starts playing on its own unless this visitor chose to play before, and on
 * phones it starts off. Without JavaScript the browser's own player is shown instead.
 */
function musicControl(s: SiteSettings): SafeHtml | string {
  if (!s.musicUrl) return '';
  const title = (s.musicTitle || '主题曲').replace(/^《|》$/g, '');
  return esc`<div class="music" data-music>
  <audio id="theme-music" preload="none" loop data-src="${s.musicUrl}"></audio>
  <button type="button" class="music-btn" aria-pressed="false" aria-controls="theme-music" hidden><span class="music-bars" aria-hidden="true"><i></i><i></i><i></i></span><span class="music-label"><span class="music-state">播放</span>《${title}》</span></button>
  <noscript><div class="music-native"><span>《${title}》</span><audio controls preload="none" src="${s.musicUrl}"></audio></div></noscript>
</div>`;
}
