import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { DrivePage, DriveType, EntryPage, MyGifts } from '../../../common/contracts/donations';
import type { PageQuery } from '../../../common/schemas';
import { formatFen } from '../../../common/money';
import type { Actor } from '../../access/actor';
import type { Scope } from '../../access/scope';
import { scopeSql, type ScopeColumns } from '../../access/scopeSql';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { donationDrives, orgNodes } from '../../platform/db/schema/index';
import { forbidden, notFound } from '../../errors';
import { canManageDrive, entryReadScopes, seesAllDrives, type DonorSnapshot } from './policy';
import { money, presentDrive, presentEntry, type EntryListRow } from './presenter';

// ---------------------------------------------------------------- scope as SQL

/** Where an entry's scope facts live in `donation_entries e`; a class's collective gift counts as the students'. */
const ENTRY_COLUMNS: ScopeColumns = {
  parkId: sql`e.park_id`,
  personId: sql`e.person_id`,
  kind: sql`(case when e.donor_type = 'class' then 'student' else e.person_kind end)`,
  schoolId: sql`e.school_id`,
  unitId: sql`e.class_id`,
  branchId: sql`e.branch_id`,
};

/** WHERE condition over `donation_entries e`: the actor's park and the OR of the clauses. */
export const entryScopeCondition = (actor: Actor, scopes: readonly Scope[]): SQL =>
  scopeSql(actor, scopes, ENTRY_COLUMNS);

/** The entries the actor may read (policy.entryReadScopes) as a WHERE condition over `e`. */
export const readableEntries = (actor: Actor): SQL => entryScopeCondition(actor, entryReadScopes(actor));

/** WHERE condition over `donation_drives d` for the drive list (policy.seesAllDrives). */
export function driveListCondition(actor: Actor): SQL {
  if (seesAllDrives(actor)) return sql`d.park_id = ${actor.parkId}`;
  if (!actor.personId) return sql`false`;
  return sql`(d.park_id = ${actor.parkId} and exists (select 1 from donation_entries e_own where e_own.drive_id = d.id and e_own.person_id = ${actor.personId}))`;
}

// ---------------------------------------------------------------- drives

/** A drive of the actor's park with its organiser node, whoever may see it. */
export async function loadDrive(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ drive: donationDrives, organiser: orgNodes })
    .from(donationDrives)
    .innerJoin(orgNodes, eq(orgNodes.id, donationDrives.organiserId))
    .where(and(eq(donationDrives.id, id), eq(donationDrives.parkId, actor.parkId)));
  if (!row) throw notFound('捐款活动不存在');
  return row;
}

/** A drive the actor may see: every console user running drives sees all; others those they gave to. */
export async function loadVisibleDrive(db: Db, actor: Actor, id: string) {
  const row = await loadDrive(db, actor, id);
  if (seesAllDrives(actor)) return row;
  const [own] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from donation_entries where drive_id = ${id} and person_id = ${actor.personId}`,
  );
  if (!own) throw notFound('捐款活动不存在');
  return row;
}

/** A drive the actor may change; one they cannot even see is not found. */
export async function loadManagedDrive(db: Db, actor: Actor, id: string) {
  const row = await loadDrive(db, actor, id);
  if (!canManageDrive(actor, row.organiser)) {
    if (seesAllDrives(actor)) throw forbidden('只有发起单位的管理员可以修改该捐款活动');
    throw notFound('捐款活动不存在');
  }
  return row;
}

export async function getDrive(db: Db, actor: Actor, id: string) {
  const { drive, organiser } = await loadVisibleDrive(db, actor, id);
  return presentDrive(drive, organiser, actor);
}

export async function listDrives(
  db: Db,
  actor: Actor,
  q: PageQuery & { type?: DriveType; status?: 'open' | 'closed' },
): Promise<DrivePage> {
  const conds = [driveListCondition(actor)];
  if (q.type) conds.push(sql`d.type = ${q.type}`);
  if (q.status) conds.push(sql`d.status = ${q.status}`);
  const where = sql.join(conds, sql` and `);
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from donation_drives d where ${where}`,
  );
  const readScope = readableEntries(actor);
  const rows = await queryRows<{ id: string; total: string; entries: number }>(
    db,
    sql`select d.id,
          (select coalesce(sum(e.amount_fen), 0)::text from donation_entries e where e.drive_id = d.id and ${readScope}) as total,
          (select count(*)::int from donation_entries e where e.drive_id = d.id and e.reverses_id is null and ${readScope}) as entries
        from donation_drives d where ${where}
        order by d.starts_on desc, d.created_at desc
        limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const ids = rows.map((r) => r.id);
  const full = ids.length
    ? await db
        .select({ drive: donationDrives, organiser: orgNodes })
        .from(donationDrives)
        .innerJoin(orgNodes, eq(orgNodes.id, donationDrives.organiserId))
        .where(
          sql`${donationDrives.id} in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`,
        )
    : [];
  const byId = new Map(full.map((f) => [f.drive.id, f]));
  return {
    items: rows.map((r) => {
      const f = byId.get(r.id)!;
      return {
        ...presentDrive(f.drive, f.organiser, actor),
        ...money(Number(r.total)),
        entryCount: r.entries,
      };
    }),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ---------------------------------------------------------------- entries

export const entrySelect = sql`select e.id, e.drive_id, e.receipt_no, e.donor_type, e.person_id, e.donor_name, e.person_kind, e.is_member,
    s.name as school_name, c.name as class_name, b.name as branch_name, e.amount_fen, e.method, e.given_on::text as given_on,
    e.note, e.anonymous, e.guardian_consent, e.reverses_id, o.receipt_no as reverses_receipt_no, e.reversal_reason,
    r.id as reversed_by_id, r.receipt_no as reversed_by_receipt_no, e.created_at, a.display_name as created_by_name
  from donation_entries e
  left join org_nodes s on s.id = e.school_id
  left join org_nodes c on c.id = e.class_id
  left join org_nodes b on b.id = e.branch_id
  left join donation_entries o on o.id = e.reverses_id
  left join donation_entries r on r.reverses_id = e.id
  left join accounts a on a.id = e.created_by`;

export async function getEntry(db: Db, actor: Actor, id: string) {
  const [row] = await queryRows<EntryListRow>(
    db,
    sql`${entrySelect} where e.id = ${id} and ${readableEntries(actor)}`,
  );
  if (!row) throw notFound('捐款记录不存在');
  return presentEntry(row);
}

export async function listEntries(
  db: Db,
  actor: Actor,
  driveId: string,
  q: PageQuery & { q?: string; donorType?: 'person' | 'class' },
): Promise<EntryPage> {
  await loadVisibleDrive(db, actor, driveId);
  const conds = [sql`e.drive_id = ${driveId}`, readableEntries(actor)];
  if (q.donorType) conds.push(sql`e.donor_type = ${q.donorType}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    conds.push(sql`(e.donor_name ilike ${like} or e.receipt_no ilike ${like})`);
  }
  const where = sql.join(conds, sql` and `);
  const [count] = await queryRows<{ n: number; total: string }>(
    db,
    sql`select count(*)::int as n, coalesce(sum(e.amount_fen), 0)::text as total from donation_entries e where ${where}`,
  );
  const rows = await queryRows<EntryListRow>(
    db,
    sql`${entrySelect} where ${where} order by e.seq desc limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
  );
  const totalFen = Number(count?.total ?? 0);
  return {
    items: rows.map(presentEntry),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    netTotalFen: totalFen,
    netTotal: formatFen(totalFen),
  };
}

/** The actor's own gifts, donations and special dues listed apart. */
export async function myGifts(db: Db, actor: Actor): Promise<MyGifts> {
  if (!actor.personId) return { donations: [], specialDues: [] };
  const rows = await queryRows<EntryListRow & { drive_title: string; drive_type: string }>(
    db,
    sql`select q.*, d.title as drive_title, d.type as drive_type from (${entrySelect} where e.person_id = ${actor.personId} and e.park_id = ${actor.parkId}) q
        join donation_drives d on d.id = q.drive_id
        order by q.created_at desc`,
  );
  const present = (r: (typeof rows)[number]) => ({ ...presentEntry(r), driveTitle: r.drive_title });
  return {
    donations: rows.filter((r) => r.drive_type === 'donation').map(present),
    specialDues: rows.filter((r) => r.drive_type === 'specialDues').map(present),
  };
}

// ---------------------------------------------------------------- donors

/** A person's snapshot (name, kind, membership, school, class, branch) as an entry records it. */
export async function personSnapshot(
  db: Db,
  parkId: string,
  personId: string,
): Promise<DonorSnapshot | null> {
  const [p] = await queryRows<{
    id: string;
    name: string;
    kind: 'staff' | 'student';
    school_id: string | null;
    unit_id: string | null;
    unit_kind: string | null;
    branch_id: string | null;
  }>(
    db,
    sql`select pe.id, pe.name, pe.kind, pe.school_id, pe.unit_id, u.kind as unit_kind, m.branch_id
        from people pe
        left join org_nodes u on u.id = pe.unit_id
        left join memberships m on m.person_id = pe.id
        where pe.id = ${personId} and pe.park_id = ${parkId}`,
  );
  if (!p) return null;
  return {
    parkId,
    donorType: 'person',
    personId: p.id,
    personKind: p.kind,
    donorName: p.name,
    isMember: p.branch_id !== null,
    schoolId: p.school_id,
    classId: p.unit_kind === 'class' ? p.unit_id : null,
    branchId: p.branch_id,
  };
}

/** A class's snapshot for its collective gift. */
export async function classSnapshot(db: Db, parkId: string, classId: string): Promise<DonorSnapshot | null> {
  const [c] = await db
    .select()
    .from(orgNodes)
    .where(and(eq(orgNodes.id, classId), eq(orgNodes.parkId, parkId), eq(orgNodes.kind, 'class')));
  if (!c) return null;
  return {
    parkId,
    donorType: 'class',
    personId: null,
    personKind: null,
    donorName: c.name,
    isMember: false,
    schoolId: c.schoolId,
    classId: c.id,
    branchId: null,
  };
}
