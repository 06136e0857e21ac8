import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SchemeConfig } from '../../../../common/contracts/assessment';
import type {
  CandidateView,
  PaperView,
  RoundListItem,
  RoundNodeView,
  RoundStatus,
  RoundView,
  TurnoutView,
} from '../../../../common/contracts/assessmentAppraisal';
import type { PageQuery } from '../../../../common/schemas';
import { ORG_KIND_LABELS } from '../../../../common/orgTree';
import type { Actor } from '../../../access/actor';
import { scopeSql, type ScopeColumns } from '../../../access/scopeSql';
import { forbidden, notFound } from '../../../errors';
import type { Db } from '../../../platform/db/client';
import { queryRows } from '../../../platform/db/rows';
import {
  appraisalRounds,
  appraisalVoters,
  assessmentSchemes,
  assessmentSchemeVersions,
  orgNodes,
} from '../../../platform/db/schema/index';
import { reviewScopes } from '../policy';
import { canOpenRound, canRunRound, type RoundNodeFacts } from './policy';
import { presentListItem, presentPaper, presentRound, type RawTurnout } from './presenter';

/**
 * Reads of the democratic appraisal. Rounds are listed by the reach over their node (the same
 * clauses as policy.ts, compiled by scopeSql); a member reads the rounds whose roll names them.
 * Nothing here reads the ballots except as counts (docs/assessment.md, "Secret ballots").
 */

export type RoundRow = typeof appraisalRounds.$inferSelect;
export interface RoundNode extends RoundNodeFacts {
  name: string;
}

/** Where a round's scope facts live: `appraisal_rounds r` joined to its node `n`. */
const ROUND_COLUMNS: ScopeColumns = {
  parkId: sql`r.park_id`,
  branchId: (id) => sql`(n.kind = 'branch' and n.id = ${id})`,
  schoolId: sql`n.school_id`,
  path: sql`n.path`,
};

/** The rounds the actor reviews, as a WHERE condition over `r` ⋈ `n`. */
export const reviewedRounds = (actor: Actor): SQL => scopeSql(actor, reviewScopes(actor), ROUND_COLUMNS);

/** A round's turnout: members appraised, eligible voters, papers cast (one statement, by round id). */
const TURNOUT = sql`
  (select count(*)::int from appraisal_subjects s where s.round_id = r.id) as subjects,
  (select count(*)::int from appraisal_voters v where v.round_id = r.id and v.exclusion is null) as eligible,
  (select count(*)::int from appraisal_voters v where v.round_id = r.id and v.voted) as voted,
  (select count(*)::int from appraisal_voters v where v.round_id = r.id and v.exclusion is not null) as excluded`;

interface RawRound extends RawTurnout {
  id: string;
  year: number;
  title: string;
  mode: string;
  status: string;
  org_node_id: string;
  node_name: string;
  node_kind: string;
  opened_at: Date | string;
  closes_at: Date | string | null;
  closed_at: Date | string | null;
  finalized_at: Date | string | null;
}

const ROUND_SELECT = sql`r.id, r.year, r.title, r.mode, r.status, r.org_node_id, n.name as node_name,
  n.kind as node_kind, r.opened_at, r.closes_at, r.closed_at, r.finalized_at, ${TURNOUT}`;

export async function listRounds(
  db: Db,
  actor: Actor,
  q: PageQuery & { year?: number; status?: RoundStatus },
): Promise<{ items: RoundListItem[]; total: number; page: number; pageSize: number }> {
  const where = [reviewedRounds(actor)];
  if (q.year !== undefined) where.push(sql`r.year = ${q.year}`);
  if (q.status) where.push(sql`r.status = ${q.status}`);
  const cond = sql.join(where, sql` and `);
  const from = sql`appraisal_rounds r join org_nodes n on n.id = r.org_node_id`;
  const [rows, [count]] = await Promise.all([
    queryRows<RawRound>(
      db,
      sql`select ${ROUND_SELECT} from ${from} where ${cond}
          order by (r.status = 'open') desc, r.opened_at desc, r.id
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`,
    ),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${from} where ${cond}`),
  ]);
  return { items: rows.map(presentListItem), total: count?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The open rounds and those awaiting the committee's grades that the actor reviews (the workbench). */
export async function activeRounds(db: Db, actor: Actor): Promise<RoundListItem[]> {
  const rows = await queryRows<RawRound>(
    db,
    sql`select ${ROUND_SELECT} from appraisal_rounds r join org_nodes n on n.id = r.org_node_id
        where ${reviewedRounds(actor)} and r.status in ('open', 'closed')
        order by r.opened_at desc limit 50`,
  );
  return rows.map(presentListItem);
}

// ---------------------------------------------------------------- one round

export async function loadNode(db: Db, parkId: string, nodeId: string): Promise<RoundNode | null> {
  const [n] = await db
    .select({
      id: orgNodes.id,
      parkId: orgNodes.parkId,
      kind: orgNodes.kind,
      schoolId: orgNodes.schoolId,
      path: orgNodes.path,
      name: orgNodes.name,
    })
    .from(orgNodes)
    .where(and(eq(orgNodes.id, nodeId), eq(orgNodes.parkId, parkId)));
  return n ?? null;
}

/** The actor's place on a round's roll (null: not on it). */
export interface RollEntry {
  exclusion: string | null;
  voted: boolean;
}

export interface ResolvedRound {
  round: RoundRow;
  node: RoundNode;
  /** Reviews the round (assessment.review over its node). */
  reviewer: boolean;
  roll: RollEntry | null;
}

/**
 * A round with the actor's relation to it. Existence is private: someone who neither reviews the
 * round nor is on its roll is told it does not exist (404). `lock` takes the round's row lock in
 * the caller's transaction (closing: for update; casting: for share, so a paper and the closing
 * never interleave).
 */
export async function resolveRound(
  db: Db,
  actor: Actor,
  id: string,
  lock?: 'update' | 'share',
): Promise<ResolvedRound> {
  const base = db
    .select()
    .from(appraisalRounds)
    .where(and(eq(appraisalRounds.id, id), eq(appraisalRounds.parkId, actor.parkId)));
  const [round] = lock ? await base.for(lock) : await base;
  const node = round ? await loadNode(db, actor.parkId, round.orgNodeId) : null;
  if (!round || !node) throw notFound('未找到该民主评议');
  const reviewer = canRunRound(actor, node);
  let roll: RollEntry | null = null;
  if (actor.personId) {
    const [v] = await db
      .select({ exclusion: appraisalVoters.exclusion, voted: appraisalVoters.voted })
      .from(appraisalVoters)
      .where(and(eq(appraisalVoters.roundId, id), eq(appraisalVoters.personId, actor.personId)));
    roll = v ?? null;
  }
  if (!reviewer && !roll) throw notFound('未找到该民主评议');
  return { round, node, reviewer, roll };
}

/** A round the actor reviews: 404 when they cannot see it, 403 when they only vote in it. */
export async function reviewedRound(
  db: Db,
  actor: Actor,
  id: string,
  what: string,
  lock?: 'update' | 'share',
): Promise<ResolvedRound> {
  const r = await resolveRound(db, actor, id, lock);
  if (!r.reviewer) throw forbidden(what);
  return r;
}

/** The scheme version a round was opened under (frozen: scoring had started). */
export async function roundConfig(db: Db, round: RoundRow): Promise<SchemeConfig> {
  const [v] = await db
    .select({ config: assessmentSchemeVersions.config })
    .from(assessmentSchemeVersions)
    .where(
      and(
        eq(assessmentSchemeVersions.schemeId, round.schemeId),
        eq(assessmentSchemeVersions.version, round.schemeVersion),
      ),
    );
  if (v) return v.config as SchemeConfig;
  const [s] = await db
    .select({ config: assessmentSchemes.config })
    .from(assessmentSchemes)
    .where(eq(assessmentSchemes.id, round.schemeId));
  return s!.config as SchemeConfig;
}

export async function turnoutOf(db: Db, roundId: string): Promise<RawTurnout> {
  const [t] = await queryRows<RawTurnout>(db, sql`select ${TURNOUT} from (select ${roundId}::uuid as id) r`);
  return t!;
}

interface RawSubject {
  person_id: string;
  name: string;
  branch_name: string;
  tally: unknown;
  value_x100: number | null;
  final_grade: string | null;
  exclusion: string | null;
  voted: boolean | null;
  on_roll: boolean;
}

/** The round's members: the snapshot of names and branches, with the roll (who votes, who has). */
export async function roundMembers(db: Db, roundId: string): Promise<RawSubject[]> {
  return queryRows<RawSubject>(
    db,
    sql`select s.person_id, s.name, b.name as branch_name, s.tally, s.value_x100, s.final_grade,
          v.exclusion, v.voted, (v.person_id is not null) as on_roll
        from appraisal_subjects s
        join org_nodes b on b.id = s.branch_id
        left join appraisal_voters v on v.round_id = s.round_id and v.person_id = s.person_id
        where s.round_id = ${roundId}
        order by b.sort_order, b.name, convert_to(s.name, 'UTF8'), s.person_id`,
  );
}

/** The reviewer's view of a round: turnout, roll, and — once closed — the counts and final grades. */
export async function roundView(db: Db, actor: Actor, r: ResolvedRound): Promise<RoundView> {
  // One after another: inside a transaction the queries share one connection anyway.
  const turnout = await turnoutOf(db, r.round.id);
  const members = await roundMembers(db, r.round.id);
  const config = await roundConfig(db, r.round);
  return presentRound(r, turnout, members, config, {
    canClose: r.reviewer && r.round.status === 'open',
    canFinalize: r.reviewer && r.round.status === 'closed',
  });
}

export async function getRound(db: Db, actor: Actor, id: string): Promise<RoundView> {
  return roundView(db, actor, await reviewedRound(db, actor, id, '只有负责本轮评议的党组织可以查看投票情况'));
}

export async function getTurnout(
  db: Db,
  actor: Actor,
  id: string,
): Promise<TurnoutView & { status: RoundStatus; statusLabel: string }> {
  const r = await reviewedRound(db, actor, id, '只有负责本轮评议的党组织可以查看投票情况');
  const item = presentListItem({
    ...(await turnoutOf(db, id)),
    id,
    year: r.round.year,
    title: r.round.title,
    mode: r.round.mode,
    status: r.round.status,
    org_node_id: r.node.id,
    node_name: r.node.name,
    node_kind: r.node.kind,
    opened_at: r.round.openedAt,
    closes_at: r.round.closesAt,
    closed_at: r.round.closedAt,
    finalized_at: r.round.finalizedAt,
  });
  return { ...item.turnout, status: item.status, statusLabel: item.statusLabel };
}

// ---------------------------------------------------------------- the member's papers

interface RawPaperRound extends RawRound {
  scheme_id: string;
  scheme_version: number;
  exclusion: string | null;
  my_voted: boolean;
}

/**
 * The rounds whose roll names the actor, newest first (the last 20): for an open round they may
 * vote in, the paper itself (every member appraised); after the committee's grading, their own
 * grade and the round's 优秀 list (docs/assessment.md says why only that list is published).
 */
export async function myPapers(db: Db, actor: Actor): Promise<PaperView[]> {
  if (!actor.personId) return [];
  const rounds = await queryRows<RawPaperRound>(
    db,
    sql`select ${ROUND_SELECT}, r.scheme_id, r.scheme_version, v.exclusion, v.voted as my_voted
        from appraisal_voters v
        join appraisal_rounds r on r.id = v.round_id
        join org_nodes n on n.id = r.org_node_id
        where v.person_id = ${actor.personId} and r.park_id = ${actor.parkId}
        order by (r.status = 'open') desc, r.opened_at desc limit 20`,
  );
  return Promise.all(
    rounds.map(async (r) => {
      const config = await roundConfig(db, {
        schemeId: r.scheme_id,
        schemeVersion: r.scheme_version,
      } as RoundRow);
      const mayVote = r.status === 'open' && r.exclusion === null && !r.my_voted;
      const members = mayVote || r.status === 'finalized' ? await roundMembers(db, r.id) : [];
      return presentPaper(r, members, config, actor.personId!);
    }),
  );
}

// ---------------------------------------------------------------- opening

/** The nodes the actor may open a round over: the branches they review, the general branch if they manage. */
export async function roundNodes(db: Db, actor: Actor): Promise<RoundNodeView[]> {
  const scope = scopeSql(actor, reviewScopes(actor), {
    parkId: sql`n.park_id`,
    branchId: (id) => sql`(n.kind = 'branch' and n.id = ${id})`,
    schoolId: sql`n.school_id`,
    path: sql`n.path`,
  });
  const rows = await queryRows<{
    id: string;
    park_id: string;
    name: string;
    kind: 'branch' | 'generalBranch';
    school_id: string | null;
    path: string;
    school_name: string | null;
  }>(
    db,
    sql`select n.id, n.park_id, n.name, n.kind, n.school_id, n.path, s.name as school_name
        from org_nodes n left join org_nodes s on s.id = n.school_id
        where ${scope} and n.kind in ('branch', 'generalBranch') and n.disabled_at is null
        order by (n.kind = 'generalBranch') desc, s.sort_order nulls first, s.name, n.sort_order, n.name`,
  );
  return rows
    .filter((n) =>
      canOpenRound(actor, { id: n.id, parkId: n.park_id, kind: n.kind, schoolId: n.school_id, path: n.path }),
    )
    .map((n) => ({
      id: n.id,
      name: n.name,
      kind: n.kind,
      kindLabel: n.kind === 'generalBranch' ? '全园区（党总支）' : ORG_KIND_LABELS.branch,
      schoolName: n.school_name,
    }));
}

export interface MemberAtOpening {
  personId: string;
  name: string;
  branchId: string;
  branchName: string;
  status: 'full' | 'probationary';
}

/**
 * The members a round over `node` appraises, as of now: the branch's members, or every member of
 * the park for the general branch; people who have left are not members of anything.
 */
export async function membersOf(db: Db, parkId: string, node: RoundNode): Promise<MemberAtOpening[]> {
  const within = node.kind === 'generalBranch' ? sql`true` : sql`m.branch_id = ${node.id}`;
  const rows = await queryRows<{
    person_id: string;
    name: string;
    branch_id: string;
    branch_name: string;
    status: 'full' | 'probationary';
  }>(
    db,
    sql`select m.person_id, p.name, m.branch_id, b.name as branch_name, m.status
        from memberships m
        join people p on p.id = m.person_id
        join org_nodes b on b.id = m.branch_id
        where m.park_id = ${parkId} and p.park_id = ${parkId} and p.status = 'active' and ${within}
        order by b.sort_order, b.name, convert_to(p.name, 'UTF8'), p.id`,
  );
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    branchId: r.branch_id,
    branchName: r.branch_name,
    status: r.status,
  }));
}

export async function candidates(db: Db, actor: Actor, nodeId: string): Promise<CandidateView[]> {
  const node = await loadNode(db, actor.parkId, nodeId);
  if (!node) throw notFound('未找到该党组织');
  if (!canOpenRound(actor, node))
    throw forbidden(
      node.kind === 'generalBranch'
        ? '只有党总支可以发起全园区民主评议'
        : node.kind === 'branch'
          ? '没有权限为该党支部发起民主评议'
          : '只能对党支部或党总支发起民主评议',
    );
  return (await membersOf(db, actor.parkId, node)).map((m) => ({
    personId: m.personId,
    name: m.name,
    branchName: m.branchName,
    status: m.status,
    statusLabel: m.status === 'full' ? '正式党员' : '预备党员',
  }));
}
