import { esc } from '../html';
import { layout, type SiteContext } from './layout';
import { emptyNote, pageHead } from './parts';
import type { ThanksList, listPublicDrives } from '../../donations/public';

/**
 * Thank-you lists of donation drives and special dues (donations/public.ts). The names arrive
 * already shaped for the public (students masked unless a guardian consented, anonymous gifts
 * without a name: common/privacy.ts); this page prints them and never looks a person up itself.
 */

type PublicDrive = Awaited<ReturnType<typeof listPublicDrives>>[number];

export function thanksListPage(site: SiteContext, baseUrl: string, drives: PublicDrive[]): string {
  const rows = drives.map(
    (d) => esc`
    <li><a href="/thanks/${d.id}">
      <span class="issue-text"><span class="issue-title">${d.title}</span><span class="meta">${d.typeLabel} · ${d.startsOn} 起 · ${d.status === 'open' ? '进行中' : '已结束'}</span></span>
    </a></li>`,
  );
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '爱心榜' }], '爱心榜', '向参与爱心捐款、自愿交纳特殊党费的师生和集体致谢。')}
<div class="wrap page-body page-body-wide">
  ${drives.length ? esc`<ul class="issues">${rows}</ul>` : emptyNote('暂无公开的致谢名单')}
</div>`;
  return layout(site, baseUrl, { title: '爱心榜', path: '/thanks' }, content);
}

export function thanksPage(site: SiteContext, baseUrl: string, t: ThanksList): string {
  const d = t.drive;
  const donors = t.donors.map(
    (x) =>
      esc`<li><span class="issue-title">${x.name}</span>${x.group ? esc`<span class="meta"> · ${x.group}</span>` : ''}${t.showAmounts && x.amount ? esc`<span class="meta"> · ${x.amount} 元</span>` : ''}</li>`,
  );
  const summary =
    t.showAmounts && t.total
      ? `共 ${t.donorCount} 位（个）捐赠者，合计 ${t.total} 元。`
      : `共 ${t.donorCount} 位（个）捐赠者。`;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { href: '/thanks', label: '爱心榜' }, { label: d.title }], d.title, d.purpose)}
<div class="wrap page-body page-body-wide">
  <p class="meta">${d.typeLabel} · ${d.organiserName} · ${d.startsOn}${d.endsOn ? ` 至 ${d.endsOn}` : ' 起'} · ${d.status === 'open' ? '进行中' : '已结束'}</p>
  <p>${summary}衷心感谢每一位献出爱心的师生与集体！</p>
  <p class="meta">为保护未成年人隐私，学生姓名已部分隐去。</p>
  ${t.donors.length ? esc`<ul class="thanks-list">${donors}</ul>` : emptyNote('暂无捐赠记录')}
</div>`;
  return layout(
    site,
    baseUrl,
    { title: `${d.title} · 爱心榜`, description: d.purpose, path: `/thanks/${d.id}` },
    content,
  );
}
