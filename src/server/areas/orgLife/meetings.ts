import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import {
  orgMeetingAttendees,
  orgMeetings,
  orgNodes,
  people,
  type FileRef,
} from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import type { RequestContext } from '../../context';
import { todayInShanghai } from '../../../common/dates';
import {
  MEETING_KINDS,
  MEETING_KIND_LABELS,
  STATUS_LABELS,
  currentCell,
  judgeYear,
  worstStatus,
  type MeetingKind,
} from './rules/meetings';
import { notFound, unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { hostScopeCondition } from './policy';
import {
  assertFileRefs,
  currentConfig,
  isoDay,
  loadMember,
  manageableHost,
  readableHost,
  type HostRow,
} from './common';

/** 三会一课, 主题党日 and 组织生活会 records of a branch, and the compliance board. */

type MeetingRow = typeof orgMeetings.$inferSelect;

export interface AttendeeInput {
  personId: string;
  present: boolean;
  absenceReason?: string | null;
}

export interface MeetingInput {
  branchId: string;
  partyGroupId?: string | null;
  kind: MeetingKind;
  date: string;
  title: string;
  place?: string | null;
  hostName?: string | null;
  minutes?: string | null;
  attachments?: FileRef[];
  attendees?: AttendeeInput[];
}

async function presentMeeting(db: Db, m: MeetingRow, branch: { name: string }) {
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
  return {
    id: m.id,
    branchId: m.branchId,
    branchName: branch.name,
    partyGroupId: m.partyGroupId,
    partyGroupName,
    kind: m.kind as MeetingKind,
    kindLabel: MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind,
    date: m.date,
    title: m.title,
    place: m.place,
    hostName: m.hostName,
    minutes: m.minutes,
    attachments: m.attachments,
    attendees,
    presentCount: attendees.filter((a) => a.present).length,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

async function assertBranchHost(host: HostRow) {
  if (host.kind !== 'branch') {
    throw unprocessable('NOT_A_BRANCH', '会议记录应属于一个党支部', { branchId: '请选择党支部' });
  }
}

async function checkDetails(db: Db, actor: Actor, host: HostRow, input: Partial<MeetingInput>) {
  const fields: Record<string, string> = {};
  if (input.partyGroupId) {
    const [g] = await db
      .select()
      .from(orgNodes)
      .where(and(eq(orgNodes.id, input.partyGroupId), eq(orgNodes.parkId, actor.parkId)));
    if (!g || g.kind !== 'partyGroup' || g.parentId !== host.id) fields.partyGroupId = '不是本支部的党小组';
  }
  if (input.date && input.date > todayInShanghai()) fields.date = '不能登记未来日期的会议';
  if (input.attendees) {
    const seen = new Set<string>();
    for (const [i, a] of input.attendees.entries()) {
      if (seen.has(a.personId)) fields[`attendees.${i}.personId`] = '人员重复';
      seen.add(a.personId);
      const m = await loadMember(db, actor.parkId, a.personId);
      if (!m || m.branchId !== host.id) fields[`attendees.${i}.personId`] = '不是本支部党员';
    }
  }
  if (Object.keys(fields).length) throw unprocessable('MEETING_INVALID', '会议记录有误，请检查', fields);
  await assertFileRefs(db, actor.parkId, input.attachments, 'attachments');
}

async function writeAttendees(tx: Db, parkId: string, meetingId: string, attendees: AttendeeInput[]) {
  await tx.delete(orgMeetingAttendees).where(eq(orgMeetingAttendees.meetingId, meetingId));
  if (attendees.length) {
    await tx.insert(orgMeetingAttendees).values(
      attendees.map((a) => ({
        parkId,
        meetingId,
        personId: a.personId,
        present: a.present,
        absenceReason: a.present ? null : (a.absenceReason ?? null),
      })),
    );
  }
}

export async function createMeeting(db: Db, ctx: RequestContext, actor: Actor, input: MeetingInput) {
  const host = await manageableHost(db, actor, input.branchId);
  await assertBranchHost(host);
  await checkDetails(db, actor, host, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(orgMeetings)
      .values({
        parkId: actor.parkId,
        branchId: host.id,
        partyGroupId: input.partyGroupId ?? null,
        kind: input.kind,
        date: input.date,
        title: input.title,
        place: input.place ?? null,
        hostName: input.hostName ?? null,
        minutes: input.minutes ?? null,
        attachments: input.attachments ?? [],
        createdBy: actor.accountId,
      })
      .returning();
    await writeAttendees(tx, actor.parkId, row!.id, input.attendees ?? []);
    await audit(tx, ctx, {
      action: 'orgLife.meeting.create',
      entityType: 'orgMeeting',
      entityId: row!.id,
      after: { ...row, attendees: input.attendees ?? [] },
    });
    return presentMeeting(tx, row!, host);
  });
}

async function getRow(db: Db, actor: Actor, id: string) {
  const [m] = await db
    .select()
    .from(orgMeetings)
    .where(and(eq(orgMeetings.id, id), eq(orgMeetings.parkId, actor.parkId)));
  if (!m) throw notFound('未找到该会议记录');
  return m;
}

export async function getMeeting(db: Db, actor: Actor, id: string) {
  const m = await getRow(db, actor, id);
  const host = await readableHost(db, actor, m.branchId).catch(() => {
    throw notFound('未找到该会议记录');
  });
  return presentMeeting(db, m, host);
}

export async function updateMeeting(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  id: string,
  patch: Partial<Omit<MeetingInput, 'branchId'>>,
) {
  const m = await getRow(db, actor, id);
  const host = await manageableHost(db, actor, m.branchId);
  await checkDetails(db, actor, host, patch);
  return db.transaction(async (tx) => {
    const set: Partial<MeetingRow> = { updatedAt: new Date() };
    for (const k of [
      'partyGroupId',
      'kind',
      'date',
      'title',
      'place',
      'hostName',
      'minutes',
      'attachments',
    ] as const) {
      if (patch[k] !== undefined) (set as Record<string, unknown>)[k] = patch[k];
    }
    const [row] = await tx.update(orgMeetings).set(set).where(eq(orgMeetings.id, m.id)).returning();
    if (patch.attendees) await writeAttendees(tx, actor.parkId, m.id, patch.attendees);
    await audit(tx, ctx, {
      action: 'orgLife.meeting.update',
      entityType: 'orgMeeting',
      entityId: m.id,
      before: m,
      after: { ...row, attendees: patch.attendees },
    });
    return presentMeeting(tx, row!, host);
  });
}

export async function deleteMeeting(db: Db, ctx: RequestContext, actor: Actor, id: string) {
  const m = await getRow(db, actor, id);
  await manageableHost(db, actor, m.branchId);
  await db.transaction(async (tx) => {
    const attendees = await tx
      .select()
      .from(orgMeetingAttendees)
      .where(eq(orgMeetingAttendees.meetingId, m.id));
    await tx.delete(orgMeetings).where(eq(orgMeetings.id, m.id));
    await audit(tx, ctx, {
      action: 'orgLife.meeting.delete',
      entityType: 'orgMeeting',
      entityId: m.id,
      before: { ...m, attendees },
    });
  });
}

const branchScope = (actor: Actor) =>
  hostScopeCondition(
    actor,
    { hostParkId: sql`b.park_id`, hostId: sql`b.id`, hostSchoolId: sql`b.school_id`, hostKind: sql`b.kind` },
    true,
  );

export async function listMeetings(
  db: Db,
  actor: Actor,
  q: { branchId?: string; kind?: MeetingKind; from?: string; to?: string; page: number; pageSize: number },
) {
  const c: SQL[] = [sql`m.park_id = ${actor.parkId}`, branchScope(actor)];
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
  q: { year: number; branchId?: string; asOf?: string },
) {
  const today = todayInShanghai();
  const asOf = q.asOf ?? (Number(today.slice(0, 4)) === q.year ? today : `${q.year}-12-31`);
  const { version, config } = await currentConfig(db, actor.parkId);
  const c: SQL[] = [
    sql`b.park_id = ${actor.parkId}`,
    sql`b.kind = 'branch'`,
    sql`b.disabled_at is null`,
    branchScope(actor),
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
      const order = ['red', 'yellow', 'green', 'notDue'] as const;
      const overall = order.find((s) => kinds.some((k) => k.status === s)) ?? 'notDue';
      return { branchId: b.id, branchName: b.name, status: overall, kinds };
    }),
  };
}

export const MEETING_KIND_LIST = MEETING_KINDS;
