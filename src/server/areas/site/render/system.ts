import { esc } from '../html';
import { columnHref, layout, STAR, type SiteContext } from './layout';
import { plainPage } from './document';

/** The pages about the site itself: not set up yet, and 404 (with and without the site's chrome). */

/** A new installation before its first administrator exists (no park, so no site settings yet). */
export function notSetUpPage(): string {
  return plainPage({
    title: '网站尚未初始化',
    body: esc`<h1>校园党建</h1><p>网站尚未完成初始化。</p><p>管理员请使用服务启动时打印的一次性初始化链接创建园区管理员，或前往<a href="/admin">管理后台</a>。</p>`,
  });
}

/** The 404 page when the site itself cannot be shown (no park yet, or its settings failed to load). */
export function bareNotFoundPage(): string {
  return plainPage({
    title: '页面不存在',
    body: esc`<h1>页面不存在</h1><p><a href="/">返回首页</a></p>`,
  });
}

export function notFoundPage(site: SiteContext, baseUrl: string, path: string): string {
  const content = esc`<div class="wrap notfound">
  <div class="notfound-mark" aria-hidden="true">${STAR}<span>404</span></div>
  <h1>页面不存在</h1>
  <p>您访问的页面不存在、已被移除或暂未发布。</p>
  <form class="search-form search-inline" action="/search" method="get" role="search">
    <label class="field field-q"><span class="sr">关键词</span><input type="search" name="q" placeholder="搜索本站内容" maxlength="100"></label>
    <button type="submit">搜索</button>
  </form>
  <p class="notfound-links"><a class="button-link" href="/">返回首页</a></p>
  ${site.columns.length ? esc`<ul class="notfound-columns">${site.columns.map((c) => esc`<li><a href="${columnHref(c)}">${c.name}</a></li>`)}</ul>` : ''}
</div>`;
  return layout(site, baseUrl, { title: '页面不存在', path, noindex: true }, content);
}
