import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { calendarFeeds } from '../../platform/db/schema/index';
import { forbidden } from '../../errors';
import { sha256 } from '../../platform/crypto';
import type { Actor } from '../../access/actor';
import { buildCalendar } from './ical';
import { kindLabel } from './presenter';
import { publicName } from '../../../common/privacy';

/**
 * The personal iCal feed. Calendar apps cannot send cookies, so the feed URL carries a private random
 * token; only its hash is stored, the URL is shown once when made. Making a new one revokes the old
 * (commands/createFeed.ts); revoking ends the subscription (commands/revokeFeed.ts). The feed lists
 * the person's activities from 180 days back on.
 */
export const feedPath = (token: string) => `/api/activities/feed/${token}.ics`;

export function requirePerson(actor: Actor): string {
  if (!actor.personId) throw forbidden('您的账号未关联人员档案，没有个人活动日历');
  return actor.personId;
}

export async function feedStatus(db: Db, actor: Actor) {
  const personId = requirePerson(actor);
  const [row] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.personId, personId), isNull(calendarFeeds.revokedAt)));
  return {
    active: !!row,
    createdAt: row ? row.createdAt.toISOString() : null,
    lastUsedAt: row?.lastUsedAt ? row.lastUsedAt.toISOString() : null,
  };
}

/** The feed's iCalendar text for a token, or null when the token is unknown or revoked. */
export async function renderFeed(db: Db, token: string, baseUrl: string | null): Promise<string | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const [feed] = await db
    .select()
    .from(calendarFeeds)
    .where(and(eq(calendarFeeds.tokenHash, sha256(token)), isNull(calendarFeeds.revokedAt)));
  if (!feed) return null;
  await db.update(calendarFeeds).set({ lastUsedAt: new Date() }).where(eq(calendarFeeds.id, feed.id));
  const rows = await queryRows<{
    id: string;
    title: string;
    kind: string;
    custom_kind_name: string | null;
    theme: string | null;
    place: string | null;
    description: string | null;
    status: string;
    organiser_name: string;
    starts_at: Date | string;
    ends_at: Date | string;
    updated_at: Date | string;
    person_name: string;
  }>(
    db,
    sql`select a.id, a.title, a.kind, k.name as custom_kind_name, a.theme, a.place, a.description, a.status,
          o.name as organiser_name, a.starts_at, a.ends_at, a.updated_at, pe.name as person_name
        from activity_participants p
        join activities a on a.id = p.activity_id
        join org_nodes o on o.id = a.organiser_id
        join people pe on pe.id = p.person_id
        left join activity_kinds k on k.id = a.custom_kind_id
        where p.person_id = ${feed.personId} and a.park_id = ${feed.parkId}
          and a.ends_at >= now() - interval '180 days'
        order by a.starts_at`,
  );
  const [person] = await queryRows<{ name: string; kind: string }>(
    db,
    sql`select name, kind from people where id = ${feed.personId}`,
  );
  return buildCalendar({
    // The link works without signing in and may be passed on: a student is named as on any public page.
    name: `${person ? publicName(person) : ''}的党建活动`,
    prodId: '-//校园党建//活动日历//ZH',
    events: rows.map((r) => ({
      uid: `${r.id}@activities.campus-party-building`,
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
      summary: r.title,
      location: r.place,
      description: [
        `${kindLabel(r.kind, r.custom_kind_name)} · ${r.organiser_name}`,
        r.theme ? `主题：${r.theme}` : null,
        r.description,
      ]
        .filter(Boolean)
        .join('\n'),
      status: r.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      lastModified: new Date(r.updated_at),
      url: baseUrl ? `${baseUrl}/admin/activities/${r.id}` : null,
    })),
  });
}
