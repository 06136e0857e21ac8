import { esc } from '../html';
import type { ArticleCard } from '../queries';
import { articleHref, columnHref, layout, type SiteContext } from './layout';
import { dateTag, emptyNote, pageHead } from './parts';

/**
 * The sitemap for people (/sitemap): every visible column with its description and newest
 * articles, then the site's services. Crawlers have /sitemap.xml (render/feeds.ts), linked here.
 */
export function sitemapPage(site: SiteContext, baseUrl: string, latest: Map<string, ArticleCard[]>): string {
  const s = site.settings;
  const columns = site.columns.map((c) => {
    const items = latest.get(c.id) ?? [];
    const list =
      c.kind === 'singlePage'
        ? ''
        : items.length
          ? esc`<ul class="sitemap-articles">${items.map((a) => esc`<li><a href="${articleHref(a)}">${a.title}</a> ${dateTag(a.publishedAt)}</li>`)}</ul>`
          : emptyNote('本栏目暂无文章');
    return esc`<section class="sitemap-column">
    <h2><a href="${columnHref(c)}">${c.name}</a></h2>
    ${c.description ? esc`<p class="meta">${c.description}</p>` : ''}
    ${list}
  </section>`;
  });
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '网站地图' }], '网站地图', `「${s.siteTitle}」的全部栏目与服务。`)}
<div class="wrap page-body page-body-wide">
  <div class="sitemap">
    <section class="sitemap-column">
      <h2><a href="/">首页</a></h2>
      <p class="meta">要闻聚焦、通知公告与各栏目最新文章。</p>
    </section>
    ${columns.length ? columns : emptyNote('网站暂未开设栏目')}
    <section class="sitemap-column">
      <h2>服务</h2>
      <ul class="sitemap-articles">
        <li><a href="/newsletter">「${s.siteTitle}」简讯</a></li>
        <li><a href="/showcase">宣传橱窗</a></li>
        <li><a href="/thanks">爱心榜</a></li>
        <li><a href="/search">站内搜索</a></li>
        <li><a href="/rss.xml">RSS 订阅</a></li>
        <li><a href="/admin">管理登录</a></li>
        <li><a href="/sitemap.xml">XML 网站地图（供搜索引擎使用）</a></li>
      </ul>
    </section>
  </div>
</div>`;
  return layout(site, baseUrl, { title: '网站地图', path: '/sitemap' }, content);
}
