import { holdsThroughRole } from '../../access/scope';
import { item, type WorkbenchItem, type WorkbenchSource } from '../workbench/source';
import { listCalendar } from './queries';
import { myHistory } from './participantQueries';

const AREA = '活动';
const DAY = 86_400_000;

export const shanghaiWhen = (iso: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));

/** Days from today (Shanghai) as the calendar query takes them. */
const dayAfter = (today: string, days: number) =>
  new Date(Date.parse(`${today}T00:00:00+08:00`) + days * DAY).toISOString().slice(0, 10);

/**
 * Activities on the workbench: a participant's coming activities they have not signed in to yet
 * (sign-in is by the QR code shown at the activity), and for organisers the activities of the
 * coming week in their reach.
 */
export const activitiesWorkbench: WorkbenchSource = {
  area: 'activities',
  async items({ db, actor, today }) {
    const items: WorkbenchItem[] = [];
    if (actor.personId) {
      const now = Date.now();
      const coming = (await myHistory(db, actor)).items
        .filter((p) => p.status === 'planned' && !p.checkedInAt && Date.parse(p.endsAt) > now)
        .filter((p) => Date.parse(p.startsAt) < now + 30 * DAY)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      if (coming.length) {
        items.push(
          item({
            key: 'activities.mine',
            area: AREA,
            tone: 'todo',
            title: `${coming.length} 个活动待参加签到`,
            count: coming.length,
            detail: '到场后扫描现场二维码签到',
            link: '/activities/mine',
            entries: coming.map((p) => ({
              label: p.title,
              detail: `${shanghaiWhen(p.startsAt)}${p.place ? ` · ${p.place}` : ''}`,
              link: '/activities/mine',
            })),
          }),
        );
      }
    }
    if (holdsThroughRole(actor, 'activities.manage')) {
      const week = (await listCalendar(db, actor, { from: today, to: dayAfter(today, 6) })).items
        .filter((a) => a.status === 'planned')
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      if (week.length) {
        items.push(
          item({
            key: 'activities.week',
            area: AREA,
            tone: 'info',
            title: `未来 7 天有 ${week.length} 个活动`,
            count: week.length,
            link: '/activities',
            entries: week.map((a) => ({
              label: a.title,
              detail: `${shanghaiWhen(a.startsAt)} · ${a.organiserName}`,
              link: `/activities/${a.id}`,
            })),
          }),
        );
      }
    }
    return items;
  },
};
