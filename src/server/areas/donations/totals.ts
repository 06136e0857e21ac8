import { sql, type SQL } from 'drizzle-orm';
import type { DriveTotals, DriveType, GroupTotal, TypeSummary } from '../../../common/contracts/donations';
import type { Actor } from '../../access/actor';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { money } from './presenter';
import { driveListCondition, loadVisibleDrive, readableEntries } from './queries';
import { DRIVE_TYPE_LABELS } from './rules';

interface GroupRow {
  id: string | null;
  name: string | null;
  total: string;
  donors: number;
}

/**
 * Net totals of one drive over the entries the actor may read: overall, by donor kind, by school,
 * by class and by branch. Reversal entries carry their original's school / class / branch, so
 * every group's net is exact. One drive is one ledger: nothing here mixes drives or types.
 */
export async function driveTotals(db: Db, actor: Actor, driveId: string): Promise<DriveTotals> {
  const { drive } = await loadVisibleDrive(db, actor, driveId);
  const scope = readableEntries(actor);
  const base = sql`from donation_entries e where e.drive_id = ${driveId} and ${scope}`;
  // A donor: a person, or a class giving collectively.
  const donorKey = sql`coalesce(e.person_id::text, 'class:' || e.class_id::text)`;
  const [overall] = await queryRows<{ total: string; gifts: number; reversals: number; donors: number }>(
    db,
    sql`select coalesce(sum(e.amount_fen), 0)::text as total,
          count(*) filter (where e.reverses_id is null)::int as gifts,
          count(*) filter (where e.reverses_id is not null)::int as reversals,
          (select count(*)::int from (select ${donorKey} as k ${base} group by 1 having sum(e.amount_fen) > 0) d) as donors
        ${base}`,
  );
  const grouped = (column: SQL) =>
    queryRows<GroupRow>(
      db,
      sql`select g.id, n.name, sum(g.net)::text as total, (count(*) filter (where g.net > 0))::int as donors
          from (select ${column} as id, ${donorKey} as k, sum(e.amount_fen) as net ${base} group by 1, 2) g
          left join org_nodes n on n.id = g.id
          group by g.id, n.name
          order by sum(g.net) desc, n.name`,
    );
  const present = (rows: GroupRow[]): GroupTotal[] =>
    rows.map((r) => ({
      id: r.id,
      name: r.name ?? '（未归属）',
      ...money(Number(r.total)),
      donorCount: r.donors,
    }));
  const kinds = await queryRows<{ k: string; total: string }>(
    db,
    sql`select case when e.donor_type = 'class' then 'class' else e.person_kind end as k, sum(e.amount_fen)::text as total
        ${base} group by 1`,
  );
  const [members] = await queryRows<{ total: string }>(
    db,
    sql`select coalesce(sum(e.amount_fen), 0)::text as total ${base} and e.is_member`,
  );
  const kindTotal = (k: string) => Number(kinds.find((r) => r.k === k)?.total ?? 0);
  return {
    driveId: drive.id,
    type: drive.type as DriveType,
    typeLabel: DRIVE_TYPE_LABELS[drive.type as DriveType],
    ...money(Number(overall?.total ?? 0)),
    giftCount: overall?.gifts ?? 0,
    reversalCount: overall?.reversals ?? 0,
    donorCount: overall?.donors ?? 0,
    byDonorKind: {
      staff: money(kindTotal('staff')),
      student: money(kindTotal('student')),
      class: money(kindTotal('class')),
      /** Of the above, what Party members gave (a subset, not an extra share). */
      members: money(Number(members?.total ?? 0)),
    },
    bySchool: present(await grouped(sql`e.school_id`)),
    byClass: present((await grouped(sql`e.class_id`)).filter((r) => r.id !== null)),
    byBranch: present((await grouped(sql`e.branch_id`)).filter((r) => r.id !== null)),
  };
}

/** Net totals per drive of ONE type (donations or special dues — never both), over the actor's scope. */
export async function typeSummary(
  db: Db,
  actor: Actor,
  type: DriveType,
  year?: number,
): Promise<TypeSummary> {
  const scope = readableEntries(actor);
  const conds = [driveListCondition(actor), sql`d.type = ${type}`];
  if (year) conds.push(sql`extract(year from d.starts_on) = ${year}`);
  const rows = await queryRows<{
    id: string;
    title: string;
    status: 'open' | 'closed';
    starts_on: string;
    total: string;
    donors: number;
  }>(
    db,
    sql`select d.id, d.title, d.status, d.starts_on::text as starts_on,
          (select coalesce(sum(e.amount_fen), 0)::text from donation_entries e where e.drive_id = d.id and ${scope}) as total,
          (select count(distinct coalesce(e.person_id::text, 'class:' || e.class_id::text))::int
             from donation_entries e where e.drive_id = d.id and e.reverses_id is null and ${scope}) as donors
        from donation_drives d where ${sql.join(conds, sql` and `)}
        order by d.starts_on desc`,
  );
  const items = rows.map((r) => ({
    driveId: r.id,
    title: r.title,
    status: r.status,
    startsOn: r.starts_on,
    ...money(Number(r.total)),
    donorCount: r.donors,
  }));
  const grand = items.reduce((s, i) => s + i.totalFen, 0);
  return { type, typeLabel: DRIVE_TYPE_LABELS[type], ...money(grand), items };
}
