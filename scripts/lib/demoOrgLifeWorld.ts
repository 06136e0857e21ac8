/**
 * What the organisational-life part of the demo reads once before it writes: the park's tree, its
 * Party members, the demo accounts and the calendar around `today`, with small helpers for
 * Shanghai times and batch inserts. Shared by demoOrgLife*.ts.
 */
import { getTableColumns, sql, type Table } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { queryRows } from '../../src/server/platform/db/rows';
import { addMonthKey, monthRange } from '../../src/server/areas/dues/rules';
import type { DemoPartContext, DemoTx } from './demoPart';
import { addDays, daysInMonth, parseYmd, ymd } from './demoData';

export interface DemoNode {
  id: string;
  kind: string;
  name: string;
  parentId: string | null;
  schoolId: string | null;
  sortOrder: number;
}

export interface DemoMember {
  personId: string;
  name: string;
  schoolId: string | null;
  unitId: string | null;
  branchId: string;
  partyGroupId: string | null;
  joinedOn: string;
  status: 'full' | 'probationary';
  duesBaseFen: number | null;
  duesGroup: string;
  isCadre: boolean;
}

export interface DemoPerson {
  id: string;
  name: string;
  kind: 'staff' | 'student';
  schoolId: string | null;
  unitId: string | null;
}

export interface DemoAccountRow {
  id: string;
  username: string;
  displayName: string;
  personId: string | null;
}

export interface World {
  parkId: string;
  today: string;
  /** 'YYYY-MM' of today. */
  monthKey: string;
  year: number;
  /** The months the park has lived: the twelve before this one, then this one ('YYYY-MM'). */
  months: string[];
  generalBranch: DemoNode;
  schools: DemoNode[];
  /** Branches in school order, then their own order. */
  branches: DemoNode[];
  groupsOf: Map<string, DemoNode[]>;
  classes: DemoNode[];
  leagueCommittees: DemoNode[];
  leagueBranchOfClass: Map<string, DemoNode>;
  departmentsOf: Map<string, DemoNode[]>;
  members: DemoMember[];
  membersOf: Map<string, DemoMember[]>;
  staff: DemoPerson[];
  /** Students by class id. */
  studentsOf: Map<string, DemoPerson[]>;
  accounts: Map<string, DemoAccountRow>;
  /** The secretary account's branch. */
  secretaryBranch: DemoNode;
}

/** Loads the park as seedDemo built it (by querying, as demoPart.ts asks). */
export async function loadWorld(tx: DemoTx, ctx: DemoPartContext): Promise<World> {
  const nodes = await queryRows<{
    id: string;
    kind: string;
    name: string;
    parent_id: string | null;
    school_id: string | null;
    sort_order: number;
  }>(
    tx,
    sql`select id, kind, name, parent_id, school_id, sort_order from org_nodes
        where park_id = ${ctx.parkId} and disabled_at is null order by sort_order, name`,
  );
  const all: DemoNode[] = nodes.map((n) => ({
    id: n.id,
    kind: n.kind,
    name: n.name,
    parentId: n.parent_id,
    schoolId: n.school_id,
    sortOrder: n.sort_order,
  }));
  const ofKind = (k: string) => all.filter((n) => n.kind === k);
  const schools = ofKind('school');
  const schoolOrder = new Map(schools.map((s, i) => [s.id, i]));
  const bySchool = (a: DemoNode, b: DemoNode) =>
    (schoolOrder.get(a.schoolId ?? '') ?? 0) - (schoolOrder.get(b.schoolId ?? '') ?? 0) ||
    a.sortOrder - b.sortOrder;
  const branches = ofKind('branch').sort(bySchool);
  const groupsOf = new Map<string, DemoNode[]>();
  for (const g of ofKind('partyGroup')) groupsOf.set(g.parentId!, [...(groupsOf.get(g.parentId!) ?? []), g]);
  const departmentsOf = new Map<string, DemoNode[]>();
  for (const d of ofKind('department'))
    departmentsOf.set(d.schoolId!, [...(departmentsOf.get(d.schoolId!) ?? []), d]);
  const classes = ofKind('class').sort(bySchool);
  const leagueBranches = ofKind('leagueBranch');
  const leagueBranchOfClass = new Map<string, DemoNode>();
  for (const c of classes) {
    const lb = leagueBranches.find((l) => l.name === `${c.name}团支部` && l.schoolId === c.schoolId);
    if (lb) leagueBranchOfClass.set(c.id, lb);
  }

  const memberRows = await queryRows<{
    person_id: string;
    name: string;
    school_id: string | null;
    unit_id: string | null;
    branch_id: string;
    party_group_id: string | null;
    joined_on: string;
    status: 'full' | 'probationary';
    dues_base_fen: number | null;
    dues_group: string;
    is_cadre: boolean;
  }>(
    tx,
    sql`select m.person_id, p.name, p.school_id, p.unit_id, m.branch_id, m.party_group_id,
          m.joined_on::text as joined_on, m.status, m.dues_base_fen, m.dues_group, p.is_cadre
        from memberships m join people p on p.id = m.person_id
        where m.park_id = ${ctx.parkId} and p.status = 'active'
        order by p.number`,
  );
  const members: DemoMember[] = memberRows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    schoolId: r.school_id,
    unitId: r.unit_id,
    branchId: r.branch_id,
    partyGroupId: r.party_group_id,
    joinedOn: r.joined_on,
    status: r.status,
    duesBaseFen: r.dues_base_fen,
    duesGroup: r.dues_group,
    isCadre: r.is_cadre,
  }));
  const membersOf = new Map<string, DemoMember[]>();
  for (const m of members) membersOf.set(m.branchId, [...(membersOf.get(m.branchId) ?? []), m]);

  const peopleRows = await queryRows<{
    id: string;
    name: string;
    kind: 'staff' | 'student';
    school_id: string | null;
    unit_id: string | null;
  }>(
    tx,
    sql`select id, name, kind, school_id, unit_id from people
        where park_id = ${ctx.parkId} and status = 'active' order by number`,
  );
  const staff: DemoPerson[] = [];
  const studentsOf = new Map<string, DemoPerson[]>();
  for (const r of peopleRows) {
    const p: DemoPerson = { id: r.id, name: r.name, kind: r.kind, schoolId: r.school_id, unitId: r.unit_id };
    if (p.kind === 'staff') staff.push(p);
    else if (p.unitId) {
      const list = studentsOf.get(p.unitId);
      if (list) list.push(p);
      else studentsOf.set(p.unitId, [p]);
    }
  }

  const ids = [...ctx.accountIds.values()];
  const accountRows = ids.length
    ? await queryRows<{ id: string; username: string; display_name: string; person_id: string | null }>(
        tx,
        sql`select id, lower(username) as username, display_name, person_id from accounts
            where id in (${sql.join(
              ids.map((i) => sql`${i}::uuid`),
              sql`, `,
            )})`,
      )
    : [];
  const accounts = new Map(
    accountRows.map((a) => [
      a.username,
      { id: a.id, username: a.username, displayName: a.display_name, personId: a.person_id },
    ]),
  );
  const secretaryPerson = accounts.get('secretary')?.personId;
  const secretaryBranchId = members.find((m) => m.personId === secretaryPerson)?.branchId ?? branches[0]!.id;

  const monthKey = ctx.today.slice(0, 7);
  return {
    parkId: ctx.parkId,
    today: ctx.today,
    monthKey,
    year: Number(ctx.today.slice(0, 4)),
    months: monthRange(addMonthKey(monthKey, -12), monthKey),
    generalBranch: ofKind('generalBranch')[0]!,
    schools,
    branches,
    groupsOf,
    classes,
    leagueCommittees: ofKind('leagueCommittee').sort(bySchool),
    leagueBranchOfClass,
    departmentsOf,
    members,
    membersOf,
    staff,
    studentsOf,
    accounts,
    secretaryBranch: branches.find((b) => b.id === secretaryBranchId)!,
  };
}

// ——— calendar ———

/** The instant of a Shanghai wall time on a calendar day (+08:00 all year). */
export const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);

export const monthNumber = (key: string) => Number(key.slice(5, 7));
export const yearOfKey = (key: string) => Number(key.slice(0, 4));

/** A day of month `key` between `from` and `to` (clamped to the month, and never after `today`). */
export function dayIn(
  key: string,
  from: number,
  to: number,
  today: string,
  pick: (a: number, b: number) => number,
) {
  const y = yearOfKey(key);
  const m = monthNumber(key);
  const last = key === today.slice(0, 7) ? parseYmd(today).d : daysInMonth(y, m);
  const lo = Math.min(Math.max(1, from), last);
  const hi = Math.max(lo, Math.min(to, last));
  return ymd(y, m, pick(lo, hi));
}

export { addDays };

// ——— writing ———

/**
 * Inserts rows in batches that stay under the protocol's 65,535 parameters (a batch of a few
 * hundred rows is one round trip, which is what keeps the part cheap on PGlite).
 */
export async function insertMany<T extends PgTable>(tx: DemoTx, table: T, rows: T['$inferInsert'][]) {
  if (!rows.length) return;
  // Every row binds every column of the table (a missing one as DEFAULT).
  const columns = Object.keys(getTableColumns(table as Table)).length || 1;
  const size = Math.max(1, Math.min(1000, Math.floor(60_000 / columns)));
  for (let i = 0; i < rows.length; i += size) await tx.insert(table).values(rows.slice(i, i + size));
}
