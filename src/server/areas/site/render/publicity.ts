import { esc } from '../html';
import { layout, type SiteContext } from './layout';
import { emptyNote, pageHead } from './parts';

/**
 * 党员先锋岗公示 (RULES.md §6: committee review → 公示 → plaque): the general branch's approved
 * nominations with the period, and an objection form anyone may use while the period runs. Names
 * arrive already shaped for the public (assessment/public.ts).
 */
export interface PublicityPageData {
  year: number;
  startsOn: string;
  endsOn: string;
  workingDays: number;
  open: boolean;
  issuer: string;
  items: { id: string; name: string; branch: string; post: string; band: string }[];
  /** After a submission: a thank-you, or the refusal's message (and which field). */
  notice?: { ok: boolean; text: string };
}

export function publicityPage(site: SiteContext, baseUrl: string, d: PublicityPageData): string {
  const rows = d.items.map(
    (i, n) =>
      esc`<tr><td>${String(n + 1)}</td><td>${i.name}</td><td>${i.branch}</td><td>${i.post}</td><td>${i.band}</td></tr>`,
  );
  const notice = d.notice
    ? esc`<p class="notice ${d.notice.ok ? 'notice-ok' : 'notice-error'}" role="${d.notice.ok ? 'status' : 'alert'}">${d.notice.text}</p>`
    : '';
  const form =
    d.open && d.items.length
      ? esc`<section class="objection" aria-labelledby="objection-h">
  <h2 id="objection-h">提出异议</h2>
  <p class="meta">对公示对象有异议的，请在公示期内实名或匿名反映具体事实；党总支将逐一调查核实并答复。</p>
  <form method="post" action="/vanguard/publicity/objection">
    <label for="ob-who">异议对象</label>
    <select id="ob-who" name="nominationId" required>${d.items.map((i) => esc`<option value="${i.id}">${i.name}（${i.branch}）</option>`)}</select>
    <label for="ob-content">异议内容（不少于 10 个字）</label>
    <textarea id="ob-content" name="content" rows="5" minlength="10" maxlength="1000" required></textarea>
    <label for="ob-contact">联系方式（选填，便于答复）</label>
    <input id="ob-contact" name="contact" maxlength="100" autocomplete="off">
    <button type="submit">提交异议</button>
  </form>
</section>`
      : '';
  const title = `${d.year} 年度党员先锋岗评选结果公示`;
  const content = esc`${pageHead([{ href: '/', label: '首页' }, { href: '/vanguard', label: '党员先锋岗' }, { label: '公示' }], title)}
<div class="wrap page-body page-body-wide">
  ${notice}
  <p>经支部推荐、${d.issuer}审核，拟授予下列同志“党员先锋岗”称号，现予公示。公示期为 ${d.startsOn} 至 ${d.endsOn}（${String(d.workingDays)} 个工作日）${d.open ? '。' : '，已结束。'}</p>
  ${d.items.length ? esc`<div class="table-box" tabindex="0" role="region" aria-label="公示名单（可左右滚动）"><table class="publicity"><caption>公示名单</caption><thead><tr><th scope="col">序号</th><th scope="col">姓名</th><th scope="col">支部</th><th scope="col">先锋岗</th><th scope="col">考核等次</th></tr></thead><tbody>${rows}</tbody></table></div>` : emptyNote('公示名单为空')}
  ${form}
  <p class="meta">${d.issuer}</p>
</div>`;
  return layout(site, baseUrl, { title, path: `/vanguard/publicity?year=${d.year}` }, content);
}
