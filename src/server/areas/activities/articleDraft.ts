import { escapeHtml } from '../../platform/html';

/** The newsroom article an activity becomes: built from escaped text only, so no IO and no sanitizing. */

const SHANGHAI_DATE = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

export interface ArticleDraftInput {
  title: string;
  kindLabel: string;
  theme: string | null;
  organiserName: string;
  startsAt: Date;
  place: string | null;
  description: string | null;
  results: string | null;
  participantCount: number;
  checkedInCount: number;
  groups: string[];
  awards: { award: string; recipient: string }[];
  photos: { url: string; caption: string | null }[];
}

/**
 * The portal article an activity becomes (a draft the editors finish): a title, a one-line summary
 * and sanitisable body HTML built only from escaped text.
 */
export function activityArticleDraft(a: ArticleDraftInput): {
  title: string;
  summary: string;
  bodyHtml: string;
} {
  const day = SHANGHAI_DATE.format(a.startsAt);
  const theme = a.theme ? `“${a.theme}”` : '';
  const attended = a.checkedInCount > 0 ? a.checkedInCount : a.participantCount;
  const summary = `${day}，${a.organiserName}${a.place ? `在${a.place}` : ''}开展${theme}${a.kindLabel}活动${
    attended > 0 ? `，${attended}人参加` : ''
  }。`;
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const parts: string[] = [p(summary)];
  if (a.groups.length) parts.push(p(`参加单位：${a.groups.join('、')}。`));
  if (a.description)
    for (const line of a.description.split(/\n+/).filter((l) => l.trim())) parts.push(p(line.trim()));
  if (a.results) {
    parts.push('<h3>活动成果</h3>');
    for (const line of a.results.split(/\n+/).filter((l) => l.trim())) parts.push(p(line.trim()));
  }
  if (a.awards.length) {
    parts.push('<h3>获奖名单</h3>');
    parts.push(
      `<ul>${a.awards.map((w) => `<li>${escapeHtml(`${w.award}：${w.recipient}`)}</li>`).join('')}</ul>`,
    );
  }
  for (const photo of a.photos) {
    const alt = escapeHtml(photo.caption ?? a.title);
    const caption = photo.caption ? `<figcaption>${escapeHtml(photo.caption)}</figcaption>` : '';
    parts.push(`<figure><img src="${escapeHtml(photo.url)}" alt="${alt}">${caption}</figure>`);
  }
  return { title: a.title, summary, bodyHtml: parts.join('\n') };
}
