import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { todayInShanghai } from '../../../../common/dates';
import { forbidden, unprocessable } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { canViewPortalStats } from '../policy';

/** 'YYYY-MM-DD' plus n calendar days. */
const addDays = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

/**
 * View statistics for the console, from portal_daily_views (written in batches by the public
 * site's ViewCounter, src/server/areas/site/views.ts: kind 'article' | 'column' | 'site', no visitor data).
 */
export interface StatsRange {
  from?: string;
  to?: string;
}

function range(r: StatsRange) {
  const to = r.to ?? todayInShanghai();
  const from = r.from ?? addDays(to, -29);
  if (from > to)
    throw unprocessable('INVALID_RANGE', '开始日期不能晚于结束日期', { from: '开始日期不能晚于结束日期' });
  if (addDays(from, 366) < to)
    throw unprocessable('INVALID_RANGE', '统计区间不能超过一年', { from: '统计区间不能超过一年' });
  return { from, to };
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const dayText = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** Daily views of one article, one column (its page), or the whole site's articles. */
export async function viewsOverTime(
  db: Db,
  actor: Actor,
  q: StatsRange & { articleId?: string; columnId?: string },
) {
  if (!canViewPortalStats(actor)) throw forbidden();
  const { from, to } = range(q);
  const filter = q.articleId
    ? sql`kind = 'article' and subject_id = ${q.articleId}`
    : q.columnId
      ? sql`kind = 'column' and subject_id = ${q.columnId}`
      : sql`kind = 'article'`;
  const rows = await queryRows<{ day: string | Date; views: number }>(
    db,
    sql`select day, sum(views)::int as views from portal_daily_views
        where park_id = ${actor.parkId} and ${filter} and day between ${from}::date and ${to}::date
        group by day`,
  );
  const byDay = new Map(rows.map((r) => [dayText(r.day), Number(r.views)]));
  const series = days(from, to).map((day) => ({ day, views: byDay.get(day) ?? 0 }));
  return { from, to, series, total: series.reduce((s, p) => s + p.views, 0) };
}

/** The most viewed articles in a range, and per column: page views and views of its articles. */
export async function statsSummary(db: Db, actor: Actor, q: StatsRange & { limit?: number }) {
  if (!canViewPortalStats(actor)) throw forbidden();
  const { from, to } = range(q);
  const [top, columns] = await Promise.all([
    queryRows<{ id: string; title: string; views: number; total_views: number }>(
      db,
      sql`select a.id, a.title, sum(v.views)::int as views, coalesce(t.views, 0) as total_views
          from portal_daily_views v join portal_articles a on a.id = v.subject_id
          left join portal_article_views t on t.article_id = a.id
          where v.park_id = ${actor.parkId} and v.kind = 'article' and v.day between ${from}::date and ${to}::date
          group by a.id, a.title, t.views
          order by views desc, a.id limit ${q.limit ?? 10}`,
    ),
    queryRows<{ id: string; name: string; page_views: number; article_views: number }>(
      db,
      sql`select c.id, c.name,
            coalesce((select sum(v.views) from portal_daily_views v
                      where v.kind = 'column' and v.subject_id = c.id
                        and v.day between ${from}::date and ${to}::date), 0)::int as page_views,
            coalesce((select sum(v.views) from portal_daily_views v
                      join portal_article_columns ac on ac.article_id = v.subject_id
                      where v.kind = 'article' and ac.column_id = c.id
                        and v.day between ${from}::date and ${to}::date), 0)::int as article_views
          from portal_columns c where c.park_id = ${actor.parkId}
          order by c.sort_order, c.name`,
    ),
  ]);
  return {
    from,
    to,
    topArticles: top.map((r) => ({
      id: r.id,
      title: r.title,
      views: Number(r.views),
      totalViews: Number(r.total_views),
    })),
    columns: columns.map((c) => ({
      id: c.id,
      name: c.name,
      pageViews: Number(c.page_views),
      articleViews: Number(c.article_views),
    })),
  };
}
