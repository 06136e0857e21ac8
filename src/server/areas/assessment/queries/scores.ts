import { sql } from 'drizzle-orm';
import type {
  EvidenceKind,
  Level,
  Rank,
  SchemeConfig,
  ScoreView,
} from '../../../../common/contracts/assessment';
import { todayInShanghai } from '../../../../common/dates';
import type { Actor } from '../../../access/actor';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import { arrears } from '../../dues/rules';
import type { MemberRow } from '../../members/memberRecords';
import { reviewScopes } from '../policy';
import { scoreMember, type ScoredEvidence, type ScoreResult } from '../rules/scoring';
import { configOf, findScheme, requireScheme, type SchemeRow } from '../schemes';
import { containing, memberScope } from './scope';
import { dedicationTotals } from './dedication';

/**
 * Scores computed from the data, never stored: verified evidence, the year's unpaid dues months
 * (RULES §4, for veto items), the appraisal's value from the latest closed round, the
 * self-evaluation. Each loader takes a set of people and answers in one query.
 */

interface EvidenceFacts extends ScoredEvidence {
  personId: string;
}

export async function verifiedEvidence(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const byPerson = new Map<string, EvidenceFacts[]>();
  if (!personIds.length) return byPerson;
  const rows = await queryRows<{
    id: string;
    person_id: string;
    kind: EvidenceKind;
    title: string;
    level: Level | null;
    rank: Rank | null;
    occurred_on: string;
    students: number;
    pass_rate: number | null;
    points: number | null;
  }>(
    db,
    sql`select id, person_id, kind, title, level, rank, occurred_on::text as occurred_on,
          cardinality(student_ids) + coalesce(jsonb_array_length(details->'studentNames'), 0) as students,
          (details->>'passRate')::float8 as pass_rate, (details->>'points')::float8 as points
        from assessment_evidence
        where park_id = ${parkId} and year = ${year} and status = 'verified'
          and person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})`,
  );
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({
      id: r.id,
      personId: r.person_id,
      kind: r.kind,
      title: r.title,
      level: r.level,
      rank: r.rank,
      occurredOn: r.occurred_on,
      studentCount: Number(r.students),
      passRate: r.pass_rate,
      points: r.points,
    });
    byPerson.set(r.person_id, list);
  }
  return byPerson;
}

/** The longest run of consecutive unpaid months of the year so far, per member (RULES §4). */
export async function duesRuns(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const runs = new Map<string, number>();
  if (!personIds.length) return runs;
  const rows = await queryRows<{ person_id: string; month: string; due_fen: number; paid_fen: number }>(
    db,
    sql`select m.person_id, to_char(m.month, 'YYYY-MM') as month, m.due_fen,
          coalesce((select sum(l.amount_fen) from dues_ledger l where l.person_id = m.person_id and l.month = m.month), 0)::int as paid_fen
        from dues_months m
        where m.park_id = ${parkId} and m.month >= ${`${year}-01-01`}::date and m.month <= ${`${year}-12-01`}::date
          and m.person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})`,
  );
  const byPerson = new Map<string, { month: string; dueFen: number; paidFen: number }[]>();
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({ month: r.month, dueFen: r.due_fen, paidFen: r.paid_fen });
    byPerson.set(r.person_id, list);
  }
  const current = todayInShanghai().slice(0, 7);
  for (const [p, list] of byPerson) runs.set(p, arrears(list, current).longestRun);
  return runs;
}

/** The appraisal value (0–100) of the latest closed round of the year that appraised each member. */
export async function appraisalValues(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const values = new Map<string, number>();
  if (!personIds.length) return values;
  const rows = await queryRows<{ person_id: string; value_x100: number }>(
    db,
    sql`select distinct on (s.person_id) s.person_id, s.value_x100
        from appraisal_subjects s join appraisal_rounds r on r.id = s.round_id
        where r.park_id = ${parkId} and r.year = ${year} and r.status in ('closed', 'finalized')
          and s.value_x100 is not null
          and s.person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})
        order by s.person_id, r.closed_at desc nulls last`,
  );
  for (const r of rows) values.set(r.person_id, r.value_x100 / 100);
  return values;
}

type SelfEntries = Record<string, { score: number; statement: string }>;

async function selfEvaluations(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const out = new Map<string, SelfEntries>();
  if (!personIds.length) return out;
  const rows = await queryRows<{ person_id: string; entries: SelfEntries }>(
    db,
    sql`select person_id, entries from assessment_self_evaluations
        where park_id = ${parkId} and year = ${year}
          and person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})`,
  );
  for (const r of rows) out.set(r.person_id, r.entries);
  return out;
}

async function pendingCounts(db: Db, parkId: string, year: number, personIds: readonly string[]) {
  const out = new Map<string, number>();
  if (!personIds.length) return out;
  const rows = await queryRows<{ person_id: string; n: number }>(
    db,
    sql`select person_id, count(*)::int as n from assessment_evidence
        where park_id = ${parkId} and year = ${year} and status = 'submitted'
          and person_id in (${sql.join(
            personIds.map((p) => sql`${p}::uuid`),
            sql`, `,
          )})
        group by person_id`,
  );
  for (const r of rows) out.set(r.person_id, r.n);
  return out;
}

export interface ScoreBatch {
  scheme: SchemeRow;
  results: Map<string, ScoreResult>;
  evidenceCounts: Map<string, number>;
  pending: Map<string, number>;
  self: Map<string, SelfEntries>;
  appraisal: Map<string, number>;
}

/** Scores a set of members by the year's scheme, five queries whatever their number. */
export async function scoreMembers(
  db: Db,
  parkId: string,
  year: number,
  personIds: readonly string[],
  scheme?: SchemeRow,
): Promise<ScoreBatch> {
  const s = scheme ?? (await requireScheme(db, parkId, year));
  const config: SchemeConfig = configOf(s);
  const [evidence, runs, values, self, pending, dedication] = await Promise.all([
    verifiedEvidence(db, parkId, year, personIds),
    duesRuns(db, parkId, year, personIds),
    appraisalValues(db, parkId, year, personIds),
    selfEvaluations(db, parkId, year, personIds),
    pendingCounts(db, parkId, year, personIds),
    dedicationTotals(db, parkId, year, personIds),
  ]);
  const results = new Map<string, ScoreResult>();
  const evidenceCounts = new Map<string, number>();
  for (const p of personIds) {
    const ev = evidence.get(p) ?? [];
    evidenceCounts.set(p, ev.length);
    results.set(
      p,
      scoreMember({
        config,
        evidence: ev,
        duesLongestRun: runs.get(p) ?? 0,
        appraisalValue: values.get(p) ?? null,
        dedication: dedication.get(p) ?? { homeVisits: 0, enterpriseVisits: 0, serviceHours: 0 },
        self: self.get(p) ?? null,
      }),
    );
  }
  return { scheme: s, results, evidenceCounts, pending, self, appraisal: values };
}

/** One member's running score, item by item. */
export async function memberScore(db: Db, m: MemberRow, year: number): Promise<ScoreView> {
  const batch = await scoreMembers(db, m.parkId, year, [m.id]);
  const r = batch.results.get(m.id)!;
  return {
    year,
    personId: m.id,
    name: m.name,
    branchName: m.branchName,
    schemeVersion: batch.scheme.version,
    schemeStatus: batch.scheme.status as ScoreView['schemeStatus'],
    aspects: r.aspects,
    appraisalValue: batch.appraisal.get(m.id) ?? null,
    total: r.total,
    band: r.band,
    vetoed: r.vetoed,
    pendingEvidence: batch.pending.get(m.id) ?? 0,
  };
}

interface RosterRow {
  person_id: string;
  name: string;
  branch_id: string;
  branch_name: string;
  post_status: 'submitted' | 'approved' | 'returned' | null;
}

/**
 * The members the actor reviews with their totals, bands and ranks (in their branch, and in the
 * park: ranks are over everyone scored, a number only — nothing else of members outside reach).
 */
export async function listScores(
  db: Db,
  actor: Actor,
  q: { year: number; branchId?: string; q?: string; page: number; pageSize: number },
) {
  const scheme = await findScheme(db, actor.parkId, q.year);
  if (!scheme) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const all = await queryRows<RosterRow>(
    db,
    sql`select memberships.person_id, people.name, memberships.branch_id, branch.name as branch_name,
          (select p.status from vanguard_posts p where p.park_id = memberships.park_id
             and p.person_id = memberships.person_id and p.year = ${q.year}) as post_status
        from memberships join people on people.id = memberships.person_id
          join org_nodes branch on branch.id = memberships.branch_id
        where memberships.park_id = ${actor.parkId} and people.status = 'active'`,
  );
  const visible = new Set(
    (
      await queryRows<{ person_id: string }>(
        db,
        sql`select memberships.person_id from memberships join people on people.id = memberships.person_id
            where memberships.park_id = ${actor.parkId} and ${memberScope(actor, reviewScopes(actor))}
              ${q.branchId ? sql`and memberships.branch_id = ${q.branchId}` : sql``}
              ${q.q ? sql`and people.name like ${containing(q.q)}` : sql``}`,
      )
    ).map((r) => r.person_id),
  );
  const batch = await scoreMembers(
    db,
    actor.parkId,
    q.year,
    all.map((r) => r.person_id),
    scheme,
  );
  const total = (p: string) => batch.results.get(p)!.total;
  const rankIn = (rows: RosterRow[]) => {
    const sorted = [...rows].sort((a, b) => total(b.person_id) - total(a.person_id));
    const ranks = new Map<string, number>();
    sorted.forEach((r, i) => {
      const prev = sorted[i - 1];
      ranks.set(
        r.person_id,
        prev && total(prev.person_id) === total(r.person_id) ? ranks.get(prev.person_id)! : i + 1,
      );
    });
    return ranks;
  };
  const parkRanks = rankIn(all);
  const branchRanks = new Map<string, number>();
  const byBranch = new Map<string, RosterRow[]>();
  for (const r of all) byBranch.set(r.branch_id, [...(byBranch.get(r.branch_id) ?? []), r]);
  for (const rows of byBranch.values()) for (const [p, n] of rankIn(rows)) branchRanks.set(p, n);
  const rows = all
    .filter((r) => visible.has(r.person_id))
    .sort(
      (a, b) =>
        a.branch_name.localeCompare(b.branch_name, 'zh-CN') ||
        branchRanks.get(a.person_id)! - branchRanks.get(b.person_id)! ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
  const pageRows = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    items: pageRows.map((r) => {
      const res = batch.results.get(r.person_id)!;
      return {
        personId: r.person_id,
        name: r.name,
        branchId: r.branch_id,
        branchName: r.branch_name,
        total: res.total,
        band: res.band,
        rankInBranch: branchRanks.get(r.person_id)!,
        rankInPark: parkRanks.get(r.person_id) ?? null,
        verifiedEvidence: batch.evidenceCounts.get(r.person_id) ?? 0,
        pendingEvidence: batch.pending.get(r.person_id) ?? 0,
        postStatus: r.post_status,
        selfEvaluated: batch.self.has(r.person_id),
        vetoed: res.vetoed ?? res.aspects.find((a) => a.vetoed)?.vetoed ?? null,
      };
    }),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}
