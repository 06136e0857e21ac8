import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import {
  birthdayChecklists,
  birthdaySymposiumAttendees,
  birthdaySymposiums,
  memberGoals,
  proposals,
  thoughtReports,
  type ChecklistItemState,
} from '../../../platform/db/schema/index';
import { partyAgeYears, todayInShanghai } from '../../../../common/dates';
import type {
  ChecklistHistoryView,
  ChecklistView,
  CompletionView,
  RosterEntryView,
} from '../../../../common/contracts/orgLife';
import {
  birthdayIn,
  birthdayNumber,
  evaluateChecklist,
  ratePercent,
  type ChecklistFacts,
  type ChecklistResult,
  type OrgLifeConfig,
} from '../rules/birthdays';
import type { Actor } from '../../../access/actor';
import { scopesFor } from '../../../access/scope';
import { membershipScopeCondition } from '../../members/queries';
import {
  MEMBER_COLUMNS,
  MEMBER_FROM,
  readableMember,
  toMember,
  type MemberRow,
} from '../../members/memberRecords';
import { ORGLIFE_READ } from '../policy';
import { allConfigs, currentConfig } from '../config';
import {
  MEMBERSHIP_STATUS_LABELS,
  presentGoalsBrief,
  presentProposalBrief,
  presentReportBrief,
} from '../presenter';

/** Political birthdays read: the month's roster, completion per branch, one member's checklist and history. */

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

/** A roster line with the whole checklist result (the route shows its summary). */
export type RosterEntry = Omit<RosterEntryView, 'checklist'> & { checklist: ChecklistResult };

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
      statusLabel: MEMBERSHIP_STATUS_LABELS[m.membershipStatus] ?? m.membershipStatus,
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
): Promise<CompletionView> {
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

/** The roster as the API shows it: the checklist as a summary (its items are on the checklist route). */
export async function rosterPage(
  db: Db,
  actor: Actor,
  q: { year: number; month: number; branchId?: string },
) {
  const rows = await queryRoster(db, actor, q);
  const items: RosterEntryView[] = rows.map(({ checklist: { done, total, complete }, ...r }) => ({
    ...r,
    checklist: { done, total, complete },
  }));
  return { year: q.year, month: q.month, items, total: items.length };
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
  return checklistView(db, actor, m, year);
}

/** One member's checklist for a year, judged by the rules version it was started under. */
export async function checklistView(
  db: Db,
  actor: Actor,
  m: MemberRow,
  year: number,
): Promise<ChecklistView> {
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
    proposals: f.proposals.map(presentProposalBrief),
  };
}

/** The member's political birthdays year by year: checklist, report, goals (and whether met), proposals. */
export async function checklistHistory(
  db: Db,
  actor: Actor,
  personId: string,
): Promise<ChecklistHistoryView> {
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
    // This year's, and earlier ones with something recorded: a member of 22 years' standing
    // otherwise saw 21 rows of 「0/7」 for the years before the platform.
    if (year !== thisYear && !cl && !report && !goal && !ps.length && !attended.some((a) => a.year === year))
      continue;
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
      proposals: ps.map(presentProposalBrief),
    });
  }
  return {
    personId: m.id,
    name: m.name,
    joinedOn: m.joinedOn,
    birthdaysSinceJoining: Math.max(0, thisYear - first + 1),
    items: years,
  };
}
