import { esc } from '../html';
import type { ArticleCard, ArticleDetail, DownloadItem, PublicColumn, School } from '../queries';
import { articleBody } from './article';
import { articleHref, columnHref, layout, type SiteContext } from './layout';
import {
  articleList,
  dateTag,
  downloadHref,
  emptyNote,
  fileBadge,
  formatSize,
  pageHead,
  pagination,
  sideColumns,
} from './parts';

/** Column pages: an article list (with the school filter), a single page, a download list. */

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
