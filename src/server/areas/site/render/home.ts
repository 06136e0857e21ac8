import { esc, truncate, type SafeHtml } from '../html';
import type { ArticleCard, PublicColumn } from '../queries';
import { articleHref, columnHref, day, layout, shortDay, STAR, type SiteContext } from './layout';
import { dateTag, emptyNote, isNoticeColumn, more } from './parts';

/** The home page: hero, the featured carousel, notices beside it, a block per column. */

export interface HomeData {
  featured: ArticleCard[];
  latest: Map<string, ArticleCard[]>;
}

export function homePage(site: SiteContext, baseUrl: string, data: HomeData): string {
  const s = site.settings;
  const notices = site.columns.find(isNoticeColumn);
  const blocks = site.columns.filter((c) => c !== notices);
  const heroStyle = s.heroImageUrl
    ? `background-image: linear-gradient(90deg, rgba(110,10,10,.9) 0%, rgba(140,16,16,.66) 45%, rgba(140,16,16,.18) 100%), url('${s.heroImageUrl}')`
    : null;

  const content = esc`
<section class="hero${s.heroImageUrl ? ' hero-image' : ''}"${heroStyle ? esc` style="${heroStyle}"` : ''}>
  <div class="wrap hero-in">
    <p class="hero-kicker">${STAR}<span>${s.parkName}党总支</span></p>
    <h1 class="hero-slogan">${s.heroSlogan}</h1>
    ${s.heroText ? esc`<p class="hero-text">${s.heroText}</p>` : ''}
  </div>
</section>
<div class="wrap home-top">
  ${featuredCarousel(data.featured)}
  ${notices ? noticeBox(notices, data.latest.get(notices.id) ?? []) : ''}
</div>
<div class="wrap blocks">
  ${blocks.map((c) => columnBlock(c, data.latest.get(c.id) ?? []))}
</div>`;
  return layout(site, baseUrl, { title: '首页', path: '/', current: 'home' }, content);
}

/**
 * Covers in lists and the carousel sit inside a link that already reads the article's title: they
 * are decoration there (alt="" in an aria-hidden wrapper), so a screen reader says the title once.
 * The article page's own cover is described (render/article.ts).
 */
function featuredCarousel(items: ArticleCard[]): SafeHtml {
  if (!items.length) {
    return esc`<section class="featured featured-empty" aria-label="要闻聚焦"><h2 class="section-title">要闻聚焦</h2>${emptyNote('暂无要闻')}</section>`;
  }
  const slides = items.map(
    (a, i) => esc`
      <li class="slide" id="featured-${i + 1}"><a href="${articleHref(a)}">
        <span class="slide-media" aria-hidden="true">${
          a.coverUrl
            ? esc`<img src="${a.coverUrl}" alt="" loading="${i === 0 ? 'eager' : 'lazy'}" decoding="async">`
            : esc`<span class="slide-placeholder">${STAR}<span>${a.schoolName ?? '园区要闻'}</span></span>`
        }</span>
        <span class="slide-text">
          <span class="slide-meta">${a.pinned ? esc`<span class="tag tag-red">置顶</span>` : ''}${a.schoolName ? esc`<span class="tag">${a.schoolName}</span>` : ''}${dateTag(a.publishedAt)}</span>
          <span class="slide-title">${a.title}</span>
          ${a.summary ? esc`<span class="slide-summary">${truncate(a.summary, 90)}</span>` : ''}
        </span>
      </a></li>`,
  );
  const dots =
    items.length > 1
      ? esc`<div class="carousel-dots">${items.map(
          (_a, i) =>
            esc`<a href="#featured-${i + 1}" aria-label="第 ${i + 1} 条"${i === 0 ? esc` aria-current="true"` : ''}></a>`,
        )}</div>`
      : '';
  return esc`<section class="featured" aria-label="要闻聚焦">
  <h2 class="section-title">要闻聚焦</h2>
  <div class="carousel" data-carousel>
    <ol class="slides">${slides}
    </ol>
    ${dots}
  </div>
</section>`;
}

function noticeBox(column: PublicColumn, items: ArticleCard[]): SafeHtml {
  const list = items
    .slice(0, 7)
    .map(
      (a) =>
        esc`<li><a href="${articleHref(a)}"><span class="notice-date"><b>${shortDay(a.publishedAt).slice(3)}</b><small>${day(a.publishedAt).slice(0, 7)}</small></span><span class="notice-title">${a.title}</span></a></li>`,
    );
  return esc`<aside class="notices" aria-labelledby="notices-title">
  <div class="block-head"><h2 id="notices-title"><a href="${columnHref(column)}">${column.name}</a></h2>${more(column)}</div>
  ${items.length ? esc`<ul class="notice-list">${list}</ul>` : emptyNote('暂无通知')}
</aside>`;
}

function columnBlock(column: PublicColumn, items: ArticleCard[]): SafeHtml {
  const head = esc`<div class="block-head"><h2><a href="${columnHref(column)}">${column.name}</a></h2>${more(column)}</div>`;
  if (column.kind === 'singlePage') {
    const page = items[0];
    const text = page?.summary || column.description || '';
    return esc`<section class="block block-page">${head}
    <div class="block-page-body">
      <span class="block-page-art" aria-hidden="true">${page?.coverUrl ? esc`<img src="${page.coverUrl}" alt="" loading="lazy" decoding="async">` : STAR}</span>
      <div class="block-page-text">
        <p class="block-intro">${text ? truncate(text, 160) : '详见栏目页面。'}</p>
        <a class="button-link" href="${columnHref(column)}">了解${column.name}</a>
      </div>
    </div>
  </section>`;
  }
  const [first, ...rest] = items;
  const lead =
    first && first.coverUrl
      ? esc`<a class="block-lead" href="${articleHref(first)}"><img src="${first.coverUrl}" alt="" aria-hidden="true" loading="lazy" decoding="async"><span><span class="block-lead-title">${first.title}</span>${first.summary ? esc`<span class="block-lead-summary">${truncate(first.summary, 40)}</span>` : ''}${dateTag(first.publishedAt)}</span></a>`
      : null;
  const list = (lead ? rest : items)
    .slice(0, lead ? 4 : 6)
    .map((a) => esc`<li><a href="${articleHref(a)}">${a.title}</a>${dateTag(a.publishedAt, true)}</li>`);
  return esc`<section class="block">${head}
    ${lead ?? ''}
    ${items.length ? esc`<ul class="link-list">${list}</ul>` : emptyNote('本栏目暂无内容')}
  </section>`;
}
