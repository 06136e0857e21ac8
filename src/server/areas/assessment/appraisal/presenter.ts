import type { AppraisalGrade, SchemeConfig } from '../../../../common/contracts/assessment';
import type {
  PaperState,
  PaperView,
  RoundListItem,
  RoundMode,
  RoundStatus,
  RoundView,
  TallyView,
} from '../../../../common/contracts/assessmentAppraisal';
import { excellentCapOf } from '../rules/scheme';
import { MODE_LABELS, appraisalAspects, quorumOf } from './rules';

export const ROUND_STATUS_LABELS: Record<RoundStatus, string> = {
  open: '投票中',
  closed: '投票已结束，待确定等次',
  finalized: '已确定等次',
};

export interface RawTurnout {
  subjects: number;
  eligible: number;
  voted: number;
  excluded: number;
}

const iso = (v: Date | string | null): string | null =>
  v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString();

export function presentListItem(r: {
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
  subjects: number;
  eligible: number;
  voted: number;
  excluded: number;
}): RoundListItem {
  const quorum = quorumOf(r.eligible);
  return {
    id: r.id,
    year: r.year,
    title: r.title,
    mode: r.mode as RoundMode,
    modeLabel: MODE_LABELS[r.mode as RoundMode],
    status: r.status as RoundStatus,
    statusLabel: ROUND_STATUS_LABELS[r.status as RoundStatus],
    orgNodeId: r.org_node_id,
    orgNodeName: r.node_name,
    orgNodeKind: r.node_kind === 'generalBranch' ? 'generalBranch' : 'branch',
    openedAt: iso(r.opened_at)!,
    closesAt: iso(r.closes_at),
    closedAt: iso(r.closed_at),
    finalizedAt: iso(r.finalized_at),
    turnout: {
      subjects: r.subjects,
      eligible: r.eligible,
      voted: r.voted,
      excluded: r.excluded,
      quorum,
      quorumMet: r.voted >= quorum,
    },
  };
}

const gradeOptions = (config: SchemeConfig) =>
  config.appraisal.grades.map((g) => ({ key: g.key, label: g.label, value: g.value }));

const aspectOptions = (config: SchemeConfig, mode: string) =>
  mode === 'scores' ? appraisalAspects(config).map((a) => ({ key: a.key, name: a.name, max: a.max })) : [];

const gradeLabel = (config: SchemeConfig, g: string | null) =>
  g === null ? null : (config.appraisal.grades.find((x) => x.key === g)?.label ?? g);

interface Member {
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

export function presentRound(
  r: {
    round: {
      id: string;
      year: number;
      title: string;
      mode: string;
      status: string;
      schemeVersion: number;
      openedAt: Date;
      closesAt: Date | null;
      closedAt: Date | null;
      finalizedAt: Date | null;
    };
    node: { id: string; name: string; kind: string };
  },
  turnout: { subjects: number; eligible: number; voted: number; excluded: number },
  members: readonly Member[],
  config: SchemeConfig,
  can: { canClose: boolean; canFinalize: boolean },
): RoundView {
  const head = presentListItem({
    ...turnout,
    id: r.round.id,
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
  const counted = r.round.status !== 'open';
  return {
    ...head,
    schemeVersion: r.round.schemeVersion,
    grades: gradeOptions(config),
    aspects: aspectOptions(config, r.round.mode),
    excellentCap: excellentCapOf(config, members.length),
    voters: members
      .filter((m) => m.on_roll)
      .map((m) => ({
        personId: m.person_id,
        name: m.name,
        branchName: m.branch_name,
        eligible: m.exclusion === null,
        exclusion: m.exclusion,
        voted: m.voted === true,
      })),
    subjects: members.map((m) => ({
      personId: m.person_id,
      name: m.name,
      branchName: m.branch_name,
      // No running count while voting is open: a count seen after each paper would tell who gave what.
      tally: counted && m.tally ? (m.tally as TallyView) : null,
      value: counted && m.value_x100 !== null ? m.value_x100 / 100 : null,
      finalGrade: (m.final_grade as AppraisalGrade | null) ?? null,
      finalGradeLabel: gradeLabel(config, m.final_grade),
    })),
    ...can,
  };
}

export function presentPaper(
  r: {
    id: string;
    year: number;
    title: string;
    mode: string;
    status: string;
    node_name: string;
    closes_at: Date | string | null;
    exclusion: string | null;
    my_voted: boolean;
  },
  members: readonly Member[],
  config: SchemeConfig,
  personId: string,
): PaperView {
  const status = r.status as RoundStatus;
  const state: PaperState = r.my_voted
    ? 'voted'
    : r.exclusion !== null
      ? 'excluded'
      : status === 'open'
        ? 'open'
        : 'missed';
  const me = members.find((m) => m.person_id === personId);
  return {
    roundId: r.id,
    year: r.year,
    title: r.title,
    mode: r.mode as RoundMode,
    modeLabel: MODE_LABELS[r.mode as RoundMode],
    status,
    statusLabel: ROUND_STATUS_LABELS[status],
    orgNodeName: r.node_name,
    closesAt: iso(r.closes_at),
    state,
    exclusion: r.exclusion,
    grades: gradeOptions(config),
    aspects: aspectOptions(config, r.mode),
    subjects:
      state === 'open'
        ? members.map((m) => ({
            personId: m.person_id,
            name: m.name,
            branchName: m.branch_name,
            self: m.person_id === personId,
          }))
        : [],
    result:
      status === 'finalized'
        ? {
            myGrade: (me?.final_grade as AppraisalGrade | null | undefined) ?? null,
            myGradeLabel: gradeLabel(config, me?.final_grade ?? null),
            excellent: members
              .filter((m) => m.final_grade === 'excellent')
              .map((m) => ({ name: m.name, branchName: m.branch_name })),
          }
        : null,
  };
}
