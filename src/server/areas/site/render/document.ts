import { assetUrl } from '../assets';
import { esc, type SafeHtml } from '../html';

/**
 * The HTML document every server-rendered page is written into: the site's pages (layout.ts), the
 * pages shown before a park exists, and pages of other areas served at the root (the activity
 * check-in page). One head: charset, viewport, title, the favicon, the site's stylesheet and its
 * script as versioned files (the CSP allows no inline script), everything interpolated escaped.
 * reading.js is the one blocking script: a few lines that apply the visitor's reading mode before
 * the first paint (no flash of small type); everything else waits for `defer`.
 */
export interface DocumentParts {
  /** The whole <title>. */
  title: string;
  /** <meta> elements after the title (description, Open Graph …). */
  meta?: SafeHtml | string;
  /** <link> elements after the stylesheet (feeds …). */
  links?: SafeHtml | string;
  noindex?: boolean;
  bodyClass?: string;
  body: SafeHtml;
}

export function htmlDocument(d: DocumentParts): string {
  return esc`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${d.title}</title>
${d.noindex ? esc`<meta name="robots" content="noindex">` : ''}
${d.meta ?? ''}
<meta name="theme-color" content="#b71c1c">
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<script src="${assetUrl('reading.js')}"></script>
<link rel="stylesheet" href="${assetUrl('portal.css')}">
${d.links ?? ''}
<script src="${assetUrl('portal.js')}" defer></script>
</head>
<body${d.bodyClass ? esc` class="${d.bodyClass}"` : ''}>
${d.body}
</body>
</html>
`.value;
}

export interface PlainPage {
  /** The page's own title; the document title adds the site's name. */
  title: string;
  /** The band at the top ('校园党建' by default). */
  band?: string;
  /** 'ok' and 'error' colour the card's heading. */
  tone?: 'ok' | 'error' | 'info';
  body: SafeHtml;
  noindex?: boolean;
}

/**
 * A page without the site's navigation: a red band and one card. For pages that have no site
 * context (no park yet, the database unreachable) or belong to another area (activity check-in).
 */
export function plainPage(p: PlainPage): string {
  return htmlDocument({
    title: `${p.title} - 校园党建`,
    noindex: p.noindex ?? true,
    bodyClass: 'plain',
    body: esc`<header class="plain-band">${p.band ?? '校园党建'}</header>
<main class="plain-main"><div class="plain-card plain-${p.tone ?? 'info'}">${p.body}</div></main>`,
  });
}
