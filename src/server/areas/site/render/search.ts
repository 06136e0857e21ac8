import { esc, trustedHtml } from '../html';
import { articleHref, layout, type SiteContext } from './layout';
import { dateTag, pageHead, pagination } from './parts';

/** The search page: the form with column and school filters, and highlighted hits. */

export interface SearchView {
  q: string;
  columnId: string | null;
  schoolId: string | null;
  page: number;
  pages: number;
  total: number;
  /** False past the search's count bound: `total` is then rounded and shown as 「约 N 条」. */
  totalExact: boolean;
  /** Null when no query was given. */
  hits:
    | {
        id: string;
        /** Escaped HTML with <mark>s (platform/search/text.ts). */
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
      <h2><a href="${articleHref(h)}">${trustedHtml(h.titleHtml)}</a></h2>
      <p class="snippet">${trustedHtml(h.snippetHtml)}</p>
      <p class="meta">${dateTag(h.publishedAt)}${h.columnName ? esc`<span class="tag">${h.columnName}</span>` : ''}${h.schoolName ? esc`<span class="tag">${h.schoolName}</span>` : ''}</p>
    </li>`,
  );
  const results =
    v.hits === null
      ? esc`<p class="empty">输入关键词，搜索本站已发布的文章、通知和资料。</p>`
      : v.hits.length === 0
        ? esc`<p class="empty">没有找到与“${v.q}”相关的内容，换个关键词试试。</p>`
        : esc`<p class="search-count">找到${v.totalExact ? '' : '约'} <b>${v.total.toLocaleString('en-US')}</b> 条与“${v.q}”相关的结果</p>
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
