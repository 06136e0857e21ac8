import { esc, trustedHtml, truncate, type SafeHtml } from '../html';
import type { ArticleDetail, ArticleLink, Attachment, PublicColumn } from '../queries';
import { articleHref, columnHref, layout, type SiteContext } from './layout';
import { crumbs, dateTag, downloadHref, fileBadge, formatSize, type Crumb } from './parts';

/** An article page: head, cover, body (sanitized on save), tags, attachments, previous and next. */

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

/**
 * The stored body with a text alternative on every image. The editor asks for one when an image is
 * inserted; an image saved without one (pasted, or written before the editor asked) is described
 * as a picture of the article rather than left without a name for screen readers. The body was
 * sanitized on save (platform/sanitize.ts), so every <img> is a well-formed tag with quoted values.
 */
export function describeImages(bodyHtml: string, title: string): string {
  if (!bodyHtml.includes('<img')) return bodyHtml;
  const fallback = esc`${`《${title}》配图`}`.value;
  return bodyHtml.replace(/<img\b([^>]*?)\s*\/?>/g, (tag, attrs: string) => {
    const alt = /\salt="([^"]*)"/.exec(attrs);
    if (alt && alt[1]!.trim()) return tag;
    const rest = attrs.replace(/\salt="[^"]*"/, '');
    return `<img${rest} alt="${fallback}">`;
  });
}

export function articleBody(a: ArticleDetail, withViews = false): SafeHtml {
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
  ${a.coverLargeUrl ? esc`<figure class="article-cover"><img src="${a.coverLargeUrl}" alt="${a.coverAlt || `《${a.title}》配图`}" decoding="async"></figure>` : ''}
  ${a.summary ? esc`<p class="lead">${a.summary}</p>` : ''}
  <div class="article-body">${trustedHtml(describeImages(a.bodyHtml, a.title))}</div>
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
