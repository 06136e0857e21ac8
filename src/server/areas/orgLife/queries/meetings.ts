import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { orgMeetingAttendees, orgMeetings, orgNodes, people } from '../../../platform/db/schema/index';
import { dateInShanghai, todayInShanghai } from '../../../../common/dates';
import type {
  ComplianceBoardView,
  ComplianceQuery,
  MeetingFilters,
  MeetingView,
} from '../../../../common/contracts/orgLife';
import {
  MEETING_KIND_LABELS,
  STATUS_LABELS,
  currentCell,
  judgeYear,
  rulesInWords,
  worstStatus,
  type MeetingKind,
} from '../rules/meetings';
import { notFound } from '../../../errors';
import type { Actor } from '../../../access/actor';
import { isoDay } from '../../members/memberRecords';
import { currentConfig } from '../config';
import { presentMeeting, type MeetingRow } from '../presenter';
import { hostAliasScope, readableHost } from './hosts';

/** 三会一课, 主题党日 and 组织生活会 records of a branch read, and the compliance board. */

/** A meeting with its attendees and party group, as the API shows it. */
export async function meetingView(db: Db, m: MeetingRow, branch: { name: string }): Promise<MeetingView> {
  const attendees = await db
    .select({
      personId: orgMeetingAttendees.personId,
      name: people.name,
      present: orgMeetingAttendees.present,
      absenceReason: orgMeetingAttendees.absenceReason,
    })
    .from(orgMeetingAttendees)
    .innerJoin(people, eq(people.id, orgMeetingAttendees.personId))
    .where(eq(orgMeetingAttendees.meetingId, m.id))
    .orderBy(asc(people.name));
  let partyGroupName: string | null = null;
  if (m.partyGroupId) {
    const [g] = await db
      .select({ name: orgNodes.name })
      .from(orgNodes)
      .where(eq(orgNodes.id, m.partyGroupId));
    partyGroupName = g?.name ?? null;
  }
  return presentMeeting(m, branch, partyGroupName, attendees);
}

export async function meetingRow(db: Db, actor: Actor, id: string) {
  const [m] = await db
    .select()
    .from(orgMeetings)
    .where(and(eq(orgMeetings.id, id), eq(orgMeetings.parkId, actor.parkId)));
  if (!m) throw notFound('未找到该会议记录');
  return m;
}

export async function getMeeting(db: Db, actor: Actor, id: string) {
  const m = await meetingRow(db, actor, id);
  const host = await readableHost(db, actor, m.branchId).catch(() => {
    throw notFound('未找到该会议记录');
  });
  return meetingView(db, m, host);
}

export async function listMeetings(db: Db, actor: Actor, q: MeetingFilters) {
  const c: SQL[] = [sql`m.park_id = ${actor.parkId}`, hostAliasScope(actor, 'b')];
  if (q.branchId) c.push(sql`m.branch_id = ${q.branchId}`);
  if (q.kind) c.push(sql`m.kind = ${q.kind}`);
  if (q.from) c.push(sql`m.date >= ${q.from}::date`);
  if (q.to) c.push(sql`m.date <= ${q.to}::date`);
  const where = sql.join(c, sql` and `);
  const from = sql`org_meetings m join org_nodes b on b.id = m.branch_id`;
  const [rows, [count]] = await Promise.all([
    queryRows<{
      id: string;
      branch_id: string;
      branch_name: string;
      kind: MeetingKind;
      date: string | Date;
      title: string;
      place: string | null;
      attendees: number;
      present: number;
      attachments: number;
    }>(
      db,
      sql`select m.id, m.branch_id, b.name as branch_name, m.kind, m.date::text as date, m.title, m.place,
            (select count(*)::int from org_meeting_attendees a where a.meeting_id = m.id) as attendees,
            (select count(*)::int from org_meeting_attendees a where a.meeting_id = m.id and a.present) as present,
            jsonb_array_length(m.attachments) as attachments
          from ${from} where ${where}
          order by m.date desc, m.created_at desc
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${where}`),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      branchId: r.branch_id,
      branchName: r.branch_name,
      kind: r.kind,
      kindLabel: MEETING_KIND_LABELS[r.kind] ?? r.kind,
      date: isoDay(r.date)!,
      title: r.title,
      place: r.place,
      attendees: r.attendees,
      present: r.present,
      attachments: r.attachments,
    })),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/**
 * The compliance board: for each branch in scope and each rule of the park's config (RULES §5 by
 * default), every period of the year judged red / yellow / green against the meetings held, the
 * period containing `asOf` picked out, and the rule explained in words.
 */
export async function complianceBoard(
  db: Db,
  actor: Actor,
  q: ComplianceQuery,
): Promise<ComplianceBoardView> {
  const today = todayInShanghai();
  const asOf = q.asOf ?? (Number(today.slice(0, 4)) === q.year ? today : `${q.year}-12-31`);
  const { version, config, createdAt } = await currentConfig(db, actor.parkId);
  const rulesSince = createdAt ? dateInShanghai(new Date(createdAt)) : null;
  const c: SQL[] = [
    sql`b.park_id = ${actor.parkId}`,
    sql`b.kind = 'branch'`,
    sql`b.disabled_at is null`,
    hostAliasScope(actor, 'b'),
  ];
  if (q.branchId) c.push(sql`b.id = ${q.branchId}`);
  const branches = await queryRows<{ id: string; name: string }>(
    db,
    sql`select b.id, b.name from org_nodes b where ${sql.join(c, sql` and `)} order by b.sort_order, b.name`,
  );
  const meetings = branches.length
    ? await queryRows<{ branch_id: string; kind: string; date: string }>(
        db,
        sql`select m.branch_id, m.kind, m.date::text as date from org_meetings m join org_nodes b on b.id = m.branch_id
            where ${sql.join(c, sql` and `)} and m.date between ${`${q.year}-01-01`}::date and ${`${q.year}-12-31`}::date`,
      )
    : [];
  // Judge against today (what is over is over), and show the period containing asOf.
  return {
    year: q.year,
    asOf,
    ruleVersion: version,
    rulesSince,
    rulesText: rulesInWords(config.meetings.rules, rulesSince),
    rules: config.meetings.rules.map((r) => ({ ...r, label: MEETING_KIND_LABELS[r.kind] })),
    statusLabels: STATUS_LABELS,
    branches: branches.map((b) => {
      const kinds = config.meetings.rules.map((rule) => {
        const dates = meetings
          .filter((m) => m.branch_id === b.id && m.kind === rule.kind)
          .map((m) => m.date.slice(0, 10));
        const cells = judgeYear(rule, q.year, dates, today);
        const current = currentCell(cells, asOf);
        return {
          kind: rule.kind,
          label: MEETING_KIND_LABELS[rule.kind],
          period: rule.period,
          current,
          status: current.status,
          worst: worstStatus(cells.filter((x) => x.period.start <= asOf)),
          held: dates.length,
          cells,
        };
      });
      // A branch that missed an earlier period this year is behind (red) even while the current
      // periods are still open: what is over is over (RULES.md §5).
      const order = ['red', 'yellow', 'green', 'notDue'] as const;
      const overall = kinds.some((k) => k.worst === 'red')
        ? 'red'
        : (order.find((s) => kinds.some((k) => k.status === s)) ?? 'notDue');
      return { branchId: b.id, branchName: b.name, status: overall, kinds };
    }),
  };
}
