import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import {
  birthdayChecklists,
  birthdaySymposiumAttendees,
  birthdaySymposiums,
  memberGoals,
  proposals,
  thoughtReports,
  type ChecklistItemState,
} from '../../platform/db/schema/index';
import { audit } from '../../platform/audit';
import { systemContext, type RequestContext } from '../../context';
import { partyAgeYears, todayInShanghai } from '../../../common/dates';
import {
  birthdayIn,
  birthdayNumber,
  evaluateChecklist,
  monthsInWindow,
  ratePercent,
  upcomingBirthday,
  type ChecklistFacts,
  type ChecklistResult,
  type OrgLifeConfig,
} from './rules/birthdays';
import { unprocessable } from '../../errors';
import type { Actor } from '../../access/actor';
import { membershipScopeCondition } from '../members/policy';
import { ORGLIFE_READ } from './policy';
import { scopesFor } from '../../access/scope';
import { notify } from '../notifications/service';
import {
  MEMBER_COLUMNS,
  MEMBER_FROM,
  actorName,
  allConfigs,
  currentConfig,
  manageableMember,
  readableMember,
  toMember,
  type MemberRow,
} from './common';

const STATUS_LABELS: Record<string, string> = { probationary: '预备党员', full: '正式党员' };

/**
 * A member's checklist row and the records its derived items follow, for the roster query: joins
 * on the (person, year) unique keys, and two EXISTS for proposals and symposium attendance.
 */
const factColumns = sql`c.items as cl_items, c.config_version as cl_version,
  r.id is not null as has_report, g.id is not null as has_goals,
  exists(select 1 from proposals pr where pr.person_id = people.id and pr.year = c_year.y) as has_proposal,
  exists(select 1 from birthday_symposium_attendees a join birthday_symposiums s on s.id = a.symposium_id
         where a.person_id = people.id and s.year = c_year.y and s.status = 'held' and a.attended) as attended`;
const factJoins = (year: number) => sql`
  cross join (select ${year}::int as y) c_year
  left join birthday_checklists c on c.person_id = people.id and c.year = c_year.y
  left join thought_reports r on r.person_id = people.id and r.year = c_year.y
  left join member_goals g on g.person_id = people.id and g.year = c_year.y`;

interface FactRow {
  cl_items: Record<string, ChecklistItemState> | null;
  cl_version: number | null;
  has_report: boolean;
  has_goals: boolean;
  has_proposal: boolean;
  attended: boolean;
}

const factsOf = (r: FactRow): ChecklistFacts => ({
  thoughtReport: r.has_report,
  goals: r.has_goals,
  proposal: r.has_proposal,
  symposium: r.attended,
});

function checklistOf(
  r: FactRow,
  configs: Map<number, OrgLifeConfig>,
  current: OrgLifeConfig,
): ChecklistResult {
  const config = (r.cl_version !== null ? configs.get(r.cl_version) : undefined) ?? current;
  return evaluateChecklist(config.birthday.checklist, r.cl_items ?? {}, factsOf(r));
}

export interface RosterQuery {
  year: number;
  /** One month, or the whole year when omitted. */
  month?: number;
  branchId?: string;
}

export interface RosterEntry {
  personId: string;
  name: string;
  number: string;
  gender: string | null;
  branchId: string;
  branchName: string;
  status: string;
  statusLabel: string;
  joinedOn: string;
  birthdayOn: string;
  /** Which political birthday this is: years since 入党时间. */
  years: number;
  /** 党龄 on the birthday (from 转正时间). */
  partyAgeYears: number;
  checklist: ChecklistResult;
}

/**
 * The political-birthday roster: members in the actor's `members.read` scope (park admin: all;
 * school admin: their school; secretary: their branch; a member: themself) whose 入党时间 falls in
 * the month, from the first anniversary on. Filtered in SQL; the month test uses the index on
 * extract(month from joined_on).
 */
export async function queryRoster(db: Db, actor: Actor, q: RosterQuery): Promise<RosterEntry[]> {
  const conditions: SQL[] = [
    membershipScopeCondition(actor, scopesFor(actor, ORGLIFE_READ)),
    sql`people.status = 'active'`,
    sql`memberships.joined_on < ${`${q.year}-01-01`}::date`,
  ];
  if (q.month !== undefined) conditions.push(sql`extract(month from memberships.joined_on) = ${q.month}`);
  if (q.branchId) conditions.push(sql`memberships.branch_id = ${q.branchId}`);
  const rows = await queryRows<Parameters<typeof toMember>[0] & FactRow>(
    db,
    sql`select ${MEMBER_COLUMNS}, ${factColumns}
        from ${MEMBER_FROM} ${factJoins(q.year)}
        where ${sql.join(conditions, sql` and `)}
        order by extract(month from memberships.joined_on), extract(day from memberships.joined_on), people.name, people.id`,
  );
  const configs = await allConfigs(db, actor.parkId);
  const current = configs.get(Math.max(...configs.keys()))!;
  return rows.map((r) => {
    const m = toMember(r);
    const birthdayOn = birthdayIn(m.joinedOn, q.year)!;
    return {
      personId: m.id,
      name: m.name,
      number: m.number,
      gender: m.gender,
      branchId: m.branchId,
      branchName: m.branchName,
      status: m.membershipStatus,
      statusLabel: STATUS_LABELS[m.membershipStatus] ?? m.membershipStatus,
      joinedOn: m.joinedOn,
      birthdayOn,
      years: birthdayNumber(m.joinedOn, q.year),
      partyAgeYears: partyAgeYears(m.fullOn, birthdayOn),
      checklist: checklistOf(r, configs, current),
    };
  });
}

interface CompletionRow {
  branchId: string;
  branchName: string;
  roster: number;
  complete: number;
  rate: number;
  items: Record<string, number>;
}

function completionByBranch(entries: readonly RosterEntry[]): CompletionRow[] {
  const by = new Map<string, CompletionRow>();
  for (const e of entries) {
    let row = by.get(e.branchId);
    if (!row) {
      row = { branchId: e.branchId, branchName: e.branchName, roster: 0, complete: 0, rate: 0, items: {} };
      by.set(e.branchId, row);
    }
    row.roster += 1;
    if (e.checklist.complete) row.complete += 1;
    for (const i of e.checklist.items) row.items[i.key] = (row.items[i.key] ?? 0) + (i.done ? 1 : 0);
  }
  return [...by.values()]
    .map((r) => ({ ...r, rate: ratePercent(r.complete, r.roster) }))
    .sort((a, b) => a.branchName.localeCompare(b.branchName, 'zh-CN'));
}

/**
 * Each branch's checklist completion: for the month (members whose birthday falls in it) and for the
 * year so far (birthdays from January to the month; the whole year for a past year).
 */
export async function completion(
  db: Db,
  actor: Actor,
  q: { year: number; month: number; branchId?: string },
) {
  const yearEntries = await queryRoster(db, actor, { year: q.year, branchId: q.branchId });
  const monthEntries = yearEntries.filter((e) => Number(e.joinedOn.slice(5, 7)) === q.month);
  const yearSoFar = yearEntries.filter((e) => Number(e.joinedOn.slice(5, 7)) <= q.month);
  const total = (rows: CompletionRow[]) => {
    const roster = rows.reduce((a, r) => a + r.roster, 0);
    const complete = rows.reduce((a, r) => a + r.complete, 0);
    return { roster, complete, rate: ratePercent(complete, roster) };
  };
  const month = completionByBranch(monthEntries);
  const year = completionByBranch(yearSoFar);
  return {
    year: q.year,
    month: q.month,
    monthly: { branches: month, total: total(month) },
    yearToDate: { throughMonth: q.month, branches: year, total: total(year) },
  };
}

// ——— reminders ———

/**
 * The week-ahead reminder (RULES §7 practice; days from the park's config): a console notification
 * to the member's own account and to every account holding branchSecretary over their branch.
 * Idempotent: one notification per account and birthday (dedupeKey), so it can run every hour.
 * Returns how many notifications were sent.
 */
export async function runBirthdayReminders(db: Db, today: string = todayInShanghai()) {
  const parks = await queryRows<{ park_id: string }>(db, sql`select distinct park_id from memberships`);
  let sent = 0;
  let members = 0;
  for (const { park_id: parkId } of parks) {
    const { config } = await currentConfig(db, parkId);
    const days = config.birthday.reminderDaysAhead;
    const months = monthsInWindow(today, days).map((m) => m.month);
    const rows = await queryRows<Parameters<typeof toMember>[0]>(
      db,
      sql`select ${MEMBER_COLUMNS} from ${MEMBER_FROM}
          where memberships.park_id = ${parkId} and people.status = 'active'
            and extract(month from memberships.joined_on) in (${sql.join(
              months.map((m) => sql`${m}`),
              sql`, `,
            )})`,
    );
    const due = rows.map(toMember).flatMap((m) => {
      const b = upcomingBirthday(m.joinedOn, today, days);
      return b ? [{ m, b }] : [];
    });
    if (!due.length) continue;
    await db.transaction(async (tx) => {
      let parkSent = 0;
      for (const { m, b } of due) {
        const [own, secretaries] = await Promise.all([
          queryRows<{ id: string }>(
            tx,
            sql`select id from accounts where person_id = ${m.id} and park_id = ${parkId} and disabled_at is null`,
          ),
          queryRows<{ id: string }>(
            tx,
            sql`select a.id from role_assignments r join accounts a on a.id = r.account_id
                where r.role = 'branchSecretary' and r.scope_node_id = ${m.branchId} and a.disabled_at is null`,
          ),
        ]);
        const md = `${Number(b.on.slice(5, 7))}月${Number(b.on.slice(8, 10))}日`;
        const dedupeKey = `orgLife.birthday:${m.id}:${b.on}`;
        const link = `/admin/orglife/birthdays?year=${b.on.slice(0, 4)}&month=${Number(b.on.slice(5, 7))}`;
        parkSent += await notify(tx, {
          parkId,
          accountIds: own.map((a) => a.id),
          kind: 'orgLife.birthdayReminder',
          title: `${md}是您的第 ${b.years} 个政治生日`,
          body: `您于${m.joinedOn}入党，${md}迎来第 ${b.years} 个政治生日。请准备一年的思想汇报、下一年的目标和一条合理化建议。`,
          link: '/admin/orglife/me',
          dedupeKey,
          email: true,
        });
        parkSent += await notify(tx, {
          parkId,
          accountIds: secretaries.map((a) => a.id).filter((id) => !own.some((o) => o.id === id)),
          kind: 'orgLife.birthdayReminder',
          title: `${m.name}的政治生日：${md}（第 ${b.years} 个）`,
          body: `${m.branchName}党员${m.name}将于${md}迎来第 ${b.years} 个政治生日，请安排座谈会、贺卡和红色书籍。`,
          link,
          dedupeKey,
          email: true,
        });
      }
      if (parkSent > 0) {
        await audit(tx, systemContext('job:birthdayReminders'), {
          parkId,
          action: 'orgLife.birthdayReminder.send',
          entityType: 'politicalBirthday',
          after: {
            today,
            daysAhead: days,
            members: due.map((d) => ({ personId: d.m.id, on: d.b.on })),
            sent: parkSent,
          },
        });
      }
      sent += parkSent;
    });
    members += due.length;
  }
  return { today, members, sent };
}

// ——— the checklist of one member ———

async function memberFacts(db: Db, personId: string, year: number) {
  const [checklist] = await db
    .select()
    .from(birthdayChecklists)
    .where(and(eq(birthdayChecklists.personId, personId), eq(birthdayChecklists.year, year)));
  const [report] = await db
    .select()
    .from(thoughtReports)
    .where(and(eq(thoughtReports.personId, personId), eq(thoughtReports.year, year)));
  const [goals] = await db
    .select()
    .from(memberGoals)
    .where(and(eq(memberGoals.personId, personId), eq(memberGoals.year, year)));
  const props = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.personId, personId), eq(proposals.year, year)))
    .orderBy(proposals.createdAt);
  const attended = await db
    .select({
      id: birthdaySymposiums.id,
      status: birthdaySymposiums.status,
      attended: birthdaySymposiumAttendees.attended,
    })
    .from(birthdaySymposiumAttendees)
    .innerJoin(birthdaySymposiums, eq(birthdaySymposiums.id, birthdaySymposiumAttendees.symposiumId))
    .where(and(eq(birthdaySymposiumAttendees.personId, personId), eq(birthdaySymposiums.year, year)));
  return { checklist, report, goals, proposals: props, attended };
}

export async function getChecklist(db: Db, actor: Actor, personId: string, year: number) {
  const m = await readableMember(db, actor, personId);
  return presentChecklist(db, actor, m, year);
}

async function presentChecklist(db: Db, actor: Actor, m: MemberRow, year: number) {
  const f = await memberFacts(db, m.id, year);
  const [configs, current] = await Promise.all([
    allConfigs(db, actor.parkId),
    currentConfig(db, actor.parkId),
  ]);
  const version = f.checklist?.configVersion ?? current.version;
  const config = configs.get(version) ?? current.config;
  const result = evaluateChecklist(config.birthday.checklist, f.checklist?.items ?? {}, {
    thoughtReport: Boolean(f.report),
    goals: Boolean(f.goals),
    proposal: f.proposals.length > 0,
    symposium: f.attended.some((a) => a.status === 'held' && a.attended === true),
  });
  const birthdayOn = birthdayIn(m.joinedOn, year);
  return {
    personId: m.id,
    name: m.name,
    branchId: m.branchId,
    branchName: m.branchName,
    joinedOn: m.joinedOn,
    year,
    birthdayOn,
    years: birthdayOn ? birthdayNumber(m.joinedOn, year) : 0,
    configVersion: version,
    ...result,
    itemStates: f.checklist?.items ?? {},
    thoughtReport: f.report ? presentReportBrief(f.report) : null,
    goals: f.goals ? presentGoalsBrief(f.goals) : null,
    proposals: f.proposals.map((p) => ({ id: p.id, title: p.title, status: p.status })),
  };
}

const presentReportBrief = (r: typeof thoughtReports.$inferSelect) => ({
  id: r.id,
  submittedAt: r.submittedAt.toISOString(),
  commented: r.comment !== null,
});
const presentGoalsBrief = (g: typeof memberGoals.$inferSelect) => ({
  id: g.id,
  targetYear: g.year + 1,
  reviewResult: g.reviewResult,
});

export interface ChecklistPatch {
  items: Record<string, { done: boolean; detail?: string | null }>;
}

/** The secretary ticks (or unticks) the manual items of a member's checklist for a year. */
export async function patchChecklist(
  db: Db,
  ctx: RequestContext,
  actor: Actor,
  personId: string,
  year: number,
  patch: ChecklistPatch,
) {
  const m = await manageableMember(db, actor, personId);
  assertBirthdayYear(m, year);
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(birthdayChecklists)
      .where(and(eq(birthdayChecklists.personId, m.id), eq(birthdayChecklists.year, year)));
    const configs = await allConfigs(tx, actor.parkId);
    const version = existing?.configVersion ?? (await currentConfig(tx, actor.parkId)).version;
    const defs = configs.get(version)!.birthday.checklist;
    const fields: Record<string, string> = {};
    for (const key of Object.keys(patch.items)) {
      const def = defs.find((d) => d.key === key);
      if (!def) fields[`items.${key}`] = '清单中没有这一项';
      else if (def.kind !== 'manual')
        fields[`items.${key}`] = `「${def.label}」由党员本人的记录自动判定，不能手工勾选`;
    }
    if (Object.keys(fields).length)
      throw unprocessable('CHECKLIST_ITEM_INVALID', '有清单项目不能勾选', fields);
    const now = new Date().toISOString();
    const items: Record<string, ChecklistItemState> = { ...(existing?.items ?? {}) };
    for (const [key, v] of Object.entries(patch.items)) {
      items[key] = { done: v.done, detail: v.detail?.trim() || null, at: now, byName: actorName(actor) };
    }
    let row;
    if (existing) {
      [row] = await tx
        .update(birthdayChecklists)
        .set({ items, updatedAt: new Date() })
        .where(eq(birthdayChecklists.id, existing.id))
        .returning();
    } else {
      [row] = await tx
        .insert(birthdayChecklists)
        .values({ parkId: actor.parkId, personId: m.id, year, configVersion: version, items })
        .returning();
    }
    await audit(tx, ctx, {
      action: 'orgLife.checklist.update',
      entityType: 'birthdayChecklist',
      entityId: row!.id,
      before: existing ?? null,
      after: row,
    });
    return presentChecklist(tx, actor, m, year);
  });
}

/** A year in which the member has a political birthday, and not a future one. */
export function assertBirthdayYear(m: MemberRow, year: number, today = todayInShanghai()) {
  if (!birthdayIn(m.joinedOn, year)) {
    throw unprocessable('NO_BIRTHDAY_THAT_YEAR', `${m.name}于${m.joinedOn}入党，${year}年还没有政治生日`, {
      year: '该年份还没有政治生日',
    });
  }
  if (year > Number(today.slice(0, 4))) {
    throw unprocessable('FUTURE_YEAR', '不能填写未来年份的记录', { year: '年份不能晚于今年' });
  }
}

/** The member's political birthdays year by year: checklist, report, goals (and whether met), proposals. */
export async function checklistHistory(db: Db, actor: Actor, personId: string) {
  const m = await readableMember(db, actor, personId);
  const thisYear = Number(todayInShanghai().slice(0, 4));
  const first = Number(m.joinedOn.slice(0, 4)) + 1;
  const [configs, current] = await Promise.all([
    allConfigs(db, actor.parkId),
    currentConfig(db, actor.parkId),
  ]);
  const [lists, reports, goals, props, attended] = await Promise.all([
    db.select().from(birthdayChecklists).where(eq(birthdayChecklists.personId, m.id)),
    db.select().from(thoughtReports).where(eq(thoughtReports.personId, m.id)),
    db.select().from(memberGoals).where(eq(memberGoals.personId, m.id)),
    db.select().from(proposals).where(eq(proposals.personId, m.id)),
    db
      .select({ year: birthdaySymposiums.year })
      .from(birthdaySymposiumAttendees)
      .innerJoin(birthdaySymposiums, eq(birthdaySymposiums.id, birthdaySymposiumAttendees.symposiumId))
      .where(
        and(
          eq(birthdaySymposiumAttendees.personId, m.id),
          eq(birthdaySymposiumAttendees.attended, true),
          eq(birthdaySymposiums.status, 'held'),
        ),
      ),
  ]);
  const years = [];
  for (let year = thisYear; year >= first; year--) {
    const cl = lists.find((l) => l.year === year);
    const report = reports.find((r) => r.year === year);
    const goal = goals.find((g) => g.year === year);
    const ps = props.filter((p) => p.year === year);
    const config = (cl ? configs.get(cl.configVersion) : undefined) ?? current.config;
    const result = evaluateChecklist(config.birthday.checklist, cl?.items ?? {}, {
      thoughtReport: Boolean(report),
      goals: Boolean(goal),
      proposal: ps.length > 0,
      symposium: attended.some((a) => a.year === year),
    });
    years.push({
      year,
      birthdayOn: birthdayIn(m.joinedOn, year),
      years: birthdayNumber(m.joinedOn, year),
      done: result.done,
      total: result.total,
      complete: result.complete,
      thoughtReport: report ? { ...presentReportBrief(report), comment: report.comment } : null,
      goals: goal ? { ...presentGoalsBrief(goal), content: goal.content, reviewNote: goal.reviewNote } : null,
      proposals: ps.map((p) => ({ id: p.id, title: p.title, status: p.status })),
    });
  }
  return { personId: m.id, name: m.name, joinedOn: m.joinedOn, items: years };
}
