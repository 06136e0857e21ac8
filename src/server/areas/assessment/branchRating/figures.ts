import { sql } from 'drizzle-orm';
import type { RatingConfig } from '../../../../common/contracts/branchRating';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { currentConfig } from '../../orgLife/config';
import { judgeYear } from '../../orgLife/rules/meetings';
import {
  activitiesFigure,
  duesFigure,
  evidenceFigure,
  meetingsFigure,
  type Figure,
} from '../rules/branchRating';

/** A branch's computed figure per standard key (manual standards have none). */
export type Figures = Record<string, Figure>;

/**
 * What the records say about each branch's year, read straight from the tables the other areas
 * keep: the meetings judged by the orgLife compliance rules (RULES §5, the same judgement as its
 * board), the dues months and their ledger, the activities the branch organised and held, and
 * the evidence the general branch scored. The caller has already limited `branchIds` to what the
 * reader reaches.
 */
export async function computeFigures(
  db: Db,
  parkId: string,
  year: number,
  branchIds: readonly string[],
  config: RatingConfig,
  today: string,
): Promise<Map<string, Figures>> {
  const out = new Map<string, Figures>(branchIds.map((id) => [id, {}]));
  if (!branchIds.length) return out;
  const ids = sql.join(
    branchIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const sources = new Set(config.standards.map((s) => s.source));

  const meetings = sources.has('meetings')
    ? await queryRows<{ branch_id: string; kind: string; date: string }>(
        db,
        sql`select branch_id, kind, date::text as date from org_meetings
            where park_id = ${parkId} and branch_id in (${ids}) and date between ${from}::date and ${to}::date`,
      )
    : [];
  const rules = sources.has('meetings') ? (await currentConfig(db, parkId)).config.meetings.rules : [];

  const dues = sources.has('dues')
    ? await queryRows<{ branch_id: string; months: number; due_fen: number; paid_fen: number }>(
        db,
        sql`select dm.branch_id, count(*)::int as months, coalesce(sum(dm.due_fen), 0)::int as due_fen,
              coalesce(sum(greatest(0, least(dm.due_fen, coalesce((select sum(l.amount_fen) from dues_ledger l
                where l.person_id = dm.person_id and l.month = dm.month), 0)))), 0)::int as paid_fen
            from dues_months dm
            where dm.park_id = ${parkId} and dm.branch_id in (${ids})
              and dm.month between ${from}::date and ${`${year}-12-01`}::date
            group by dm.branch_id`,
      )
    : [];

  const activities = sources.has('activities')
    ? await queryRows<{ branch_id: string; n: number }>(
        db,
        sql`select organiser_id as branch_id, count(*)::int as n from activities
            where park_id = ${parkId} and organiser_id in (${ids}) and status = 'held'
              and (starts_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date
            group by organiser_id`,
      )
    : [];

  const evidence = sources.has('evidence')
    ? await queryRows<{ branch_id: string; score_tenths: number }>(
        db,
        sql`select branch_id, score_tenths from branch_rating_evidence
            where park_id = ${parkId} and year = ${year} and branch_id in (${ids}) and status = 'scored'`,
      )
    : [];

  for (const branchId of branchIds) {
    const figures = out.get(branchId)!;
    for (const s of config.standards) {
      if (s.source === 'meetings') {
        let kept = 0;
        let due = 0;
        for (const rule of rules) {
          const dates = meetings
            .filter((m) => m.branch_id === branchId && m.kind === rule.kind)
            .map((m) => m.date);
          for (const cell of judgeYear(rule, year, dates, today)) {
            if (cell.status === 'green') kept++;
            if (cell.status === 'green' || cell.status === 'red') due++;
          }
        }
        figures[s.key] = meetingsFigure(kept, due, s.max);
      } else if (s.source === 'dues') {
        const d = dues.find((r) => r.branch_id === branchId);
        figures[s.key] = duesFigure(d?.paid_fen ?? 0, d?.due_fen ?? 0, d?.months ?? 0, s.max);
      } else if (s.source === 'activities') {
        const n = activities.find((r) => r.branch_id === branchId)?.n ?? 0;
        figures[s.key] = activitiesFigure(n, s.pointsEach ?? 0, s.max);
      } else if (s.source === 'evidence') {
        figures[s.key] = evidenceFigure(
          evidence.filter((r) => r.branch_id === branchId).map((r) => r.score_tenths),
          s.max,
        );
      }
    }
  }
  return out;
}
