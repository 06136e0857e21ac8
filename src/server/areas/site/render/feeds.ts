import { htmlToText } from '../../../platform/sanitize';
import { escapeXml, truncate } from '../html';
import type { FeedItem, NewsletterSummary, PublicColumn } from '../queries';
import type { SiteContext } from './layout';

/** RSS 2.0, sitemap.xml and robots.txt. All URLs absolute (from PUBLIC_URL or the request). */

const x = (s: string) => escapeXml(s);

export function rssFeed(
  site: SiteContext,
  baseUrl: string,
  column: PublicColumn | null,
  items: FeedItem[],
): string {
  const s = site.settings;
  const title = column ? `${column.name} - ${s.siteTitle}` : s.siteTitle;
  const link = baseUrl + (column ? `/column/${encodeURIComponent(column.slug)}` : '/');
  const self = column ? `${link}/rss.xml` : `${baseUrl}/rss.xml`;
  const description = column?.description || `${s.parkName}「${s.siteTitle}」：${s.heroSlogan}`;
  const last = items[0]?.publishedAt ?? new Date(0);
  const entries = items.map((a) => {
    const url = `${baseUrl}/article/${a.id}`;
    const text = a.summary || truncate(htmlToText(a.bodyHtml), 200);
    return `    <item>
      <title>${x(a.title)}</title>
      <link>${x(url)}</link>
      <guid isPermaLink="true">${x(url)}</guid>
      <pubDate>${a.publishedAt.toUTCString()}</pubDate>
      ${a.author ? `<dc:creator>${x(a.author)}</dc:creator>` : ''}
      <description>${x(text)}</description>
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${x(title)}</title>
    <link>${x(link)}</link>
    <atom:link href="${x(self)}" rel="self" type="application/rss+xml"/>
    <description>${x(description)}</description>
    <language>zh-cn</language>
    <lastBuildDate>${last.toUTCString()}</lastBuildDate>
${entries.join('\n')}
  </channel>
</rss>
`;
}

export function sitemap(
  site: SiteContext,
  baseUrl: string,
  articles: { id: string; updatedAt: Date }[],
  issues: NewsletterSummary[],
): string {
  const url = (path: string, lastmod?: Date, priority?: string) =>
    `  <url><loc>${x(baseUrl + path)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}${priority ? `<priority>${priority}</priority>` : ''}</url>`;
  const lines = [
    url('/', articles[0]?.updatedAt, '1.0'),
    ...site.columns.map((c) => url(`/column/${encodeURIComponent(c.slug)}`, undefined, '0.8')),
    url('/newsletter', undefined, '0.5'),
    url('/sitemap', undefined, '0.3'),
    ...issues.map((i) => url(`/newsletter/${i.id}`, undefined, '0.4')),
    ...articles.map((a) => url(`/article/${a.id}`, a.updatedAt, '0.6')),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${lines.join('\n')}
</urlset>
`;
}

export function robots(baseUrl: string): string {
  return `User-agent: *
Allow: /
Disallow: /admin
Disallow: /api/
Disallow: /search
Disallow: /showcase

Sitemap: ${baseUrl}/sitemap.xml
`;
}
