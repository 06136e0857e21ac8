import { esc } from '../html';
import { layout, type SiteContext } from './layout';
import { emptyNote, pageHead } from './parts';
import type { PublicPost } from '../../assessment/public';

/**
 * 党员先锋岗: the year's approved vanguard posts of members who agreed to show them (assessment
 * area, public.ts), grouped by branch — who holds which post, its duties and the pledge (亮身份、
 * 亮职责、亮承诺, RULES.md §6).
 */
export function vanguardPage(
  site: SiteContext,
  baseUrl: string,
  d: {
    year: number;
    years: number[];
    posts: PublicPost[];
    publicity: { year: number; open: boolean } | null;
  },
): string {
  const groups = new Map<string, PublicPost[]>();
  for (const p of d.posts) {
    const k = p.schoolName ? `${p.schoolName} · ${p.branchName}` : p.branchName;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const years =
    d.years.length > 1
      ? esc`<nav class="filter" aria-label="按年度"><span class="filter-label">年度</span><ul>${d.years.map(
          (y) =>
            esc`<li><a href="/vanguard?year=${String(y)}"${y === d.year ? esc` aria-current="true"` : ''}>${String(y)}</a></li>`,
        )}</ul></nav>`
      : '';
  const sections = [...groups].map(
    ([branch, posts]) =>
      esc`<section class="vanguard-branch"><h2>${branch}</h2><ul class="vanguard-list">${posts.map(
        (p) => esc`<li class="vanguard-card">
        <p class="vanguard-post">${p.post}</p>
        <p class="vanguard-name">${p.name}</p>
        <dl><dt>岗位职责</dt><dd>${p.duties}</dd><dt>承诺事项</dt><dd>${p.pledge}</dd></dl>
      </li>`,
      )}</ul></section>`,
  );
  const title = `${d.year} 年度党员先锋岗`;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { label: '党员先锋岗' }], title, '亮身份、亮职责、亮承诺：党员先锋岗经支部审核通过，本人同意后在此展示。')}
<div class="wrap page-body page-body-wide">
  ${d.publicity ? esc`<p class="notice notice-ok"><a href="/vanguard/publicity?year=${String(d.publicity.year)}">${String(d.publicity.year)} 年度党员先锋岗评选结果公示${d.publicity.open ? '（公示中，欢迎监督）' : ''} →</a></p>` : ''}
  ${years}
  ${d.posts.length ? sections : emptyNote(`${d.year} 年度暂无展示的党员先锋岗`)}
</div>`;
  return layout(
    site,
    baseUrl,
    { title, path: d.year === d.years[0] ? '/vanguard' : `/vanguard?year=${d.year}` },
    content,
  );
}
