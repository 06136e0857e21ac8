import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { formatFen } from '../../../common/money';
import { publicName } from '../../../common/privacy';
import type { ThanksList } from '../../../common/contracts/donations';
import { DRIVE_TYPE_LABELS, type DriveType } from './rules';

/**
 * The public thank-you list (致谢名单) of a drive, for the portal. Only drives whose `publicThanks`
 * is on are listed; amounts appear only when `publicAmounts` is on. One line per donor with their
 * net gift (a gift fully reversed disappears); anonymous gifts show as 爱心人士, with no name and no
 * group. Students are minors: their names are masked (白*嘉) unless a guardian consented on every one
 * of their gifts in the line (common/privacy.ts publicName). Students and classes are shown with
 * their class, staff with their school. No login: the site renders it (areas/site) and
 * GET /api/donations/public/drives/:id/thanks serves it.
 */
export type { ThanksList };

export async function publicThanksList(db: Db, driveId: string): Promise<ThanksList | null> {
  if (!/^[0-9a-f-]{36}$/i.test(driveId)) return null;
  const [d] = await queryRows<{
    id: string;
    type: DriveType;
    title: string;
    purpose: string | null;
    starts_on: string;
    ends_on: string | null;
    status: 'open' | 'closed';
    public_thanks: boolean;
    public_amounts: boolean;
    organiser_name: string;
  }>(
    db,
    sql`select d.id, d.type, d.title, d.purpose, d.starts_on::text as starts_on, d.ends_on::text as ends_on, d.status,
          d.public_thanks, d.public_amounts, o.name as organiser_name
        from donation_drives d join org_nodes o on o.id = d.organiser_id where d.id = ${driveId}`,
  );
  if (!d || !d.public_thanks) return null;
  const rows = await queryRows<{
    name: string;
    grp: string | null;
    donor_type: 'person' | 'class';
    net: string;
    anonymous: boolean;
    student: boolean | null;
    consent: boolean;
  }>(
    db,
    sql`select min(e.donor_name) as name, min(coalesce(c.name, s.name)) as grp, min(e.donor_type) as donor_type,
          sum(e.amount_fen)::text as net, bool_and(e.anonymous) as anonymous,
          bool_or(e.person_kind = 'student') as student,
          coalesce(bool_and(e.guardian_consent) filter (where e.reverses_id is null), false) as consent
        from donation_entries e
        left join org_nodes c on c.id = e.class_id
        left join org_nodes s on s.id = e.school_id
        where e.drive_id = ${driveId}
        group by coalesce(e.person_id::text, 'class:' || e.class_id::text), e.anonymous
        having sum(e.amount_fen) > 0
        order by min(e.seq)`,
  );
  const donors = rows.map((r) => {
    const base = {
      name: r.anonymous
        ? '爱心人士'
        : publicName({ name: r.name, kind: r.student ? 'student' : null, guardianConsent: r.consent }),
      group: r.anonymous ? null : r.grp,
      donorType: r.donor_type,
    };
    return d.public_amounts ? { ...base, amountFen: Number(r.net), amount: formatFen(Number(r.net)) } : base;
  });
  const totalFen = rows.reduce((s, r) => s + Number(r.net), 0);
  return {
    drive: {
      id: d.id,
      type: d.type,
      typeLabel: DRIVE_TYPE_LABELS[d.type],
      title: d.title,
      purpose: d.purpose,
      startsOn: d.starts_on,
      endsOn: d.ends_on,
      status: d.status,
      organiserName: d.organiser_name,
    },
    showAmounts: d.public_amounts,
    donorCount: donors.length,
    ...(d.public_amounts ? { totalFen, total: formatFen(totalFen) } : {}),
    donors,
  };
}

/** The park's drives whose thank-you list is published, newest first (for a portal index). */
export async function listPublicDrives(db: Db, parkId: string) {
  const rows = await queryRows<{
    id: string;
    type: DriveType;
    title: string;
    starts_on: string;
    status: string;
  }>(
    db,
    sql`select id, type, title, starts_on::text as starts_on, status from donation_drives
        where park_id = ${parkId} and public_thanks order by starts_on desc, created_at desc`,
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    typeLabel: DRIVE_TYPE_LABELS[r.type],
    title: r.title,
    startsOn: r.starts_on,
    status: r.status,
  }));
}
