import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { queryRows } from '../../platform/db/rows';
import { activityParticipants } from '../../platform/db/schema/index';
import {
  CHECKIN_REFUSAL_MESSAGES,
  decideCheckin,
  inOpenAudience,
  type ActivityStatus,
  type CheckinRefusal,
} from './rules';
import type { OrgKind } from '../../../common/orgTree';
import { AppError, forbidden } from '../../errors';
import type { Actor } from '../../access/actor';
import { presentCheckinActivity } from './presenter';
import { lazy } from '../../platform/lazy';

const loadQrCode = lazy(async () => (await import('qrcode')).default);

/**
 * QR sign-in. The organiser shows a QR code of `<base>/checkin/<token>`; a participant scans it on a
 * phone, signs in to the console if needed, and confirms. Who may sign in:
 *   - anyone on the activity's participant list (invited one by one or through a class / branch);
 *   - for an OPEN activity also anyone in the organiser's audience (rules.ts
 *     openAudience: general branch → the whole park; branch → its members; League committee or
 *     League branch → the school's students), who is then added as a walk-in.
 * The token is random (24 bytes), expires (default: two hours after the activity ends), and a new
 * one revokes the old.
 */
const REFUSAL_STATUS: Record<CheckinRefusal, number> = {
  CHECKIN_TOKEN_INVALID: 404,
  CHECKIN_TOKEN_EXPIRED: 410,
  ACTIVITY_CANCELLED: 409,
  NOT_A_PARTICIPANT: 403,
};
export const refusalError = (code: CheckinRefusal) =>
  new AppError(REFUSAL_STATUS[code], code, CHECKIN_REFUSAL_MESSAGES[code]);

export const checkinPath = (token: string) => `/checkin/${encodeURIComponent(token)}`;

export interface TokenRow {
  token_id: string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  activity_id: string;
  park_id: string;
  title: string;
  theme: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  place: string | null;
  status: string;
  is_open: boolean;
  organiser_name: string;
  organiser_kind: string;
  organiser_id: string;
  organiser_parent_id: string | null;
  organiser_school_id: string | null;
}

async function findToken(db: Db, token: string): Promise<TokenRow | null> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return null;
  const [row] = await queryRows<TokenRow>(
    db,
    sql`select t.id as token_id, t.expires_at, t.revoked_at, a.id as activity_id, a.park_id, a.title, a.theme,
          a.starts_at, a.ends_at, a.place, a.status, a.is_open,
          o.name as organiser_name, o.kind as organiser_kind, o.id as organiser_id,
          o.parent_id as organiser_parent_id, o.school_id as organiser_school_id
        from activity_checkin_tokens t
        join activities a on a.id = t.activity_id
        join org_nodes o on o.id = a.organiser_id
        where t.token = ${token}`,
  );
  return row ?? null;
}

export interface Evaluation {
  row: TokenRow | null;
  participant: { checkedInAt: Date | null } | null;
  decision: ReturnType<typeof decideCheckin>;
}

export async function evaluate(db: Db, actor: Actor, token: string): Promise<Evaluation> {
  if (!actor.personId) throw forbidden('您的账号未关联人员档案，无法签到');
  const found = await findToken(db, token);
  // A token of another park is as unknown as a token that does not exist.
  const row = found && found.park_id === actor.parkId ? found : null;
  let participant: Evaluation['participant'] = null;
  let inAudience = false;
  if (row) {
    const [p] = await db
      .select({ checkedInAt: activityParticipants.checkedInAt })
      .from(activityParticipants)
      .where(
        and(
          eq(activityParticipants.activityId, row.activity_id),
          eq(activityParticipants.personId, actor.personId),
        ),
      );
    participant = p ?? null;
    const [person] = await queryRows<{
      kind: 'staff' | 'student';
      school_id: string | null;
      branch_id: string | null;
    }>(
      db,
      sql`select pe.kind, pe.school_id, m.branch_id from people pe left join memberships m on m.person_id = pe.id
          where pe.id = ${actor.personId}`,
    );
    const kind = row.organiser_kind as OrgKind;
    inAudience =
      !!person &&
      inOpenAudience(
        {
          parkId: row.park_id,
          kind,
          branchId:
            kind === 'branch' ? row.organiser_id : kind === 'partyGroup' ? row.organiser_parent_id : null,
          schoolId: row.organiser_school_id,
        },
        { parkId: actor.parkId, kind: person.kind, schoolId: person.school_id, branchId: person.branch_id },
      );
  }
  const decision = decideCheckin({
    now: new Date(),
    token: row
      ? { expiresAt: new Date(row.expires_at), revokedAt: row.revoked_at ? new Date(row.revoked_at) : null }
      : null,
    activity: { status: (row?.status ?? 'planned') as ActivityStatus, isOpen: row?.is_open ?? false },
    invited: participant !== null,
    inAudience,
  });
  return { row, participant, decision };
}

/** What the sign-in page shows before the person confirms. */
export async function checkinInfo(db: Db, actor: Actor, token: string) {
  const { row, participant, decision } = await evaluate(db, actor, token);
  if (!row) throw refusalError('CHECKIN_TOKEN_INVALID');
  return {
    activity: presentCheckinActivity(row),
    checkedInAt: participant?.checkedInAt ? participant.checkedInAt.toISOString() : null,
    canCheckIn: decision.ok,
    refusal: decision.ok ? null : { code: decision.code, message: CHECKIN_REFUSAL_MESSAGES[decision.code] },
  };
}

// The check-in page takes both from here.

/** The sign-in URL as a QR code image. */
export async function checkinQr(url: string, format: 'png' | 'svg'): Promise<Buffer | string> {
  const QRCode = await loadQrCode();
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  return format === 'png'
    ? QRCode.toBuffer(url, { ...options, type: 'png', width: 512 })
    : QRCode.toString(url, { ...options, type: 'svg' });
}
