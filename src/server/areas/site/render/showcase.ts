import crypto from 'node:crypto';
import { assetUrl } from '../assets';
import { esc, truncate } from '../html';
import type { ShowcaseSlide } from '../queries';
import { day, STAR, type SiteContext } from './layout';

/**
 * 宣传橱窗: a full-screen slideshow for a hallway screen. The page carries every slide (without
 * JavaScript they simply stack); assets/showcase.js shows one at a time, advances on its own and
 * polls /showcase/slides.json, rebuilding the slides when its version changes.
 */

export interface ShowcaseFeed {
  version: string;
  /** The page's own script/CSS version: a screen reloads itself when the site was upgraded. */
  assets: string;
  slides: (Omit<ShowcaseSlide, 'date'> & { date: string | null; dateText: string | null })[];
}

export function showcaseFeed(slides: ShowcaseSlide[]): ShowcaseFeed {
  const list = slides.map((s) => ({
    ...s,
    summary: s.summary ? truncate(s.summary, 140) : null,
    dateText: s.date ? day(new Date(s.date)) : null,
  }));
  const assets = assetUrl('showcase.js') + assetUrl('showcase.css');
  const version = crypto.createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 16);
  return { version, assets, slides: list };
}

export function showcasePage(site: SiteContext, feed: ShowcaseFeed): string {
  const s = site.settings;
  const slides = feed.slides.length
    ? feed.slides
    : [
        {
          id: 'welcome',
          kind: 'article' as const,
          title: s.heroSlogan,
          caption: s.heroText,
          summary: null,
          imageUrl: s.heroImageUrl,
          date: null,
          dateText: null,
          articleId: null,
          durationSeconds: 30,
        },
      ];
  // A photo is the slide's content: its caption (or title) describes it; an article's cover is
  // described by the article's title. Never empty (GB/T 37668); showcase.js does the same.
  const slideAlt = (sl: { kind: string; title: string; caption: string | null }) =>
    (sl.kind === 'photo' && sl.caption) || sl.title;
  const sections = slides.map(
    (sl, i) => esc`
<section class="sc-slide sc-${sl.kind}${sl.imageUrl ? '' : ' sc-noimage'}${i === 0 ? ' is-active' : ''}" data-id="${sl.id}" data-duration="${sl.durationSeconds}">
  ${sl.imageUrl ? esc`<div class="sc-media"><img src="${sl.imageUrl}" alt="${slideAlt(sl)}"></div>` : ''}
  <div class="sc-text">
    ${sl.dateText ? esc`<p class="sc-kicker">${sl.dateText}</p>` : ''}
    <h2 class="sc-title">${sl.title}</h2>
    ${sl.summary ? esc`<p class="sc-summary">${sl.summary}</p>` : ''}
    ${sl.caption ? esc`<p class="sc-caption">${sl.caption}</p>` : ''}
  </div>
</section>`,
  );
  return esc`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>宣传橱窗 - ${s.siteTitle}</title>
<link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml">
<link rel="stylesheet" href="${assetUrl('showcase.css')}">
<script src="${assetUrl('showcase.js')}" defer></script>
</head>
<body class="showcase">
<header class="sc-top">
  <span class="sc-brand">${STAR}<span>${s.siteTitle}</span><small>${s.parkName} · 宣传橱窗</small></span>
  <span class="sc-clock" data-clock></span>
</header>
<main class="sc-stage" data-showcase data-version="${feed.version}" data-assets="${feed.assets}" data-feed="/showcase/slides.json">${sections}
</main>
<footer class="sc-foot"><span class="sc-slogan">${s.heroSlogan}</span><span class="sc-progress" aria-hidden="true"><i></i></span></footer>
</body>
</html>
`.value;
}
