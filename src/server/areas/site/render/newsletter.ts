import { esc, trustedHtml, truncate } from '../html';
import type { NewsletterDetail, NewsletterSummary } from '../queries';
import { describeImages } from './article';
import { articleHref, layout, type SiteContext } from './layout';
import { crumbs, emptyNote, pageHead } from './parts';

/** Published newsletter issues: the list, and one issue as a printable page. */

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
      esc`<section class="bulletin-article"><h2><a href="${articleHref(a)}">${a.title}</a></h2><div class="article-body">${trustedHtml(describeImages(a.bodyHtml, a.title))}</div></section>`,
  );
  const content = esc`<div class="wrap article-wrap">
  ${crumbs([{ href: '/', label: '首页' }, { href: '/newsletter', label: '简讯' }, { label: `第 ${i.number} 期` }])}
  <article class="bulletin">
    <header class="bulletin-head">
      <h1 class="bulletin-name">${i.title}</h1>
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
