import { esc, truncate, type SafeHtml } from '../html';
import type { ArticleCard, PublicColumn } from '../queries';
import { articleHref, columnHref, day, type SiteContext } from './layout';

/** Pieces the site's pages share: breadcrumbs, page heads, pagination, lists, file badges. */

/** Is this the 通知公告 column (shown beside the carousel on the home page)? */
export const isNoticeColumn = (c: PublicColumn): boolean =>
  c.name === '通知公告' || /^(notices?|announcements?|tzgg)$/.test(c.slug);

export type Crumb = { href?: string; label: string };

export const crumbs = (items: Crumb[]) =>
  esc`<nav class="crumbs" aria-label="当前位置"><ol>${items.map((i) =>
    i.href ? esc`<li><a href="${i.href}">${i.label}</a></li>` : esc`<li aria-current="page">${i.label}</li>`,
  )}</ol></nav>`;

export const emptyNote = (text: string) => esc`<p class="empty">${text}</p>`;

export const dateTag = (d: Date, short = false) => {
  const date = day(d);
  return esc`<time datetime="${date}">${short ? date.slice(5) : date}</time>`;
};

export const more = (column: PublicColumn) =>
  esc`<a class="more" href="${columnHref(column)}" aria-label="${column.name}：更多">更多<span aria-hidden="true"> ›</span></a>`;

export const pageHead = (items: Crumb[], title: string, description?: string | null) =>
  esc`<div class="page-head"><div class="wrap">${crumbs(items)}<h1>${title}</h1>${description ? esc`<p>${description}</p>` : ''}</div></div>`;

export function pagination(
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

export function sideColumns(site: SiteContext, current: PublicColumn): SafeHtml {
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

export function articleList(items: ArticleCard[]): SafeHtml {
  const rows = items.map(
    (a) => esc`
    <li${a.coverUrl ? esc` class="has-cover"` : ''}>
      ${a.coverUrl ? esc`<a class="thumb" href="${articleHref(a)}" tabindex="-1" aria-hidden="true"><img src="${a.coverUrl}" alt="" loading="lazy" decoding="async"></a>` : ''}
      <div class="article-list-text">
        <h2><a href="${articleHref(a)}">${a.pinned ? esc`<span class="tag tag-red">置顶</span>` : ''}${a.title}</a></h2>
        ${a.summary ? esc`<p>${truncate(a.summary, 110)}</p>` : ''}
        <p class="meta">${dateTag(a.publishedAt)}${a.schoolName ? esc`<span class="tag">${a.schoolName}</span>` : ''}</p>
      </div>
    </li>`,
  );
  return esc`<ul class="article-list">${rows}
  </ul>`;
}

export const downloadHref = (f: { mediaId: string }) => `/media/${f.mediaId}/original`;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function fileBadge(f: { ext: string; mime: string }): SafeHtml {
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
