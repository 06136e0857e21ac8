import type {
  EvidenceDetails,
  EvidenceKind,
  EvidenceStatus,
  EvidenceView,
  Level,
  PostStatus,
  PostView,
  Rank,
  SchemeConfig,
  SchemeView,
  SelfEvaluationView,
} from '../../../common/contracts/assessment';
import type {
  assessmentEvidence,
  assessmentSelfEvaluations,
  vanguardPosts,
} from '../../platform/db/schema/index';
import type { SchemeRow } from './schemes';
import { FREEZE_REASON_LABELS, type FreezeReason } from './schemes';
import { KIND_LABELS, LEVEL_LABELS, RANK_LABELS } from './rules/scoring';

export const SCHEME_STATUS_LABELS = { draft: '草稿（可修改）', frozen: '已冻结（评分中）' } as const;
export const POST_STATUS_LABELS: Record<PostStatus, string> = {
  submitted: '待审核',
  approved: '已通过',
  returned: '已退回',
};
export const EVIDENCE_STATUS_LABELS: Record<EvidenceStatus, string> = {
  submitted: '待审核',
  verified: '已审核',
  returned: '已退回',
  withdrawn: '已撤回',
};

export function presentScheme(row: SchemeRow, canEdit: boolean): SchemeView {
  const config = row.config as SchemeConfig;
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    version: row.version,
    status: row.status as SchemeView['status'],
    statusLabel: SCHEME_STATUS_LABELS[row.status as SchemeView['status']],
    frozenAt: row.frozenAt?.toISOString() ?? null,
    frozenReason: row.frozenReason
      ? (FREEZE_REASON_LABELS[row.frozenReason as FreezeReason] ?? row.frozenReason)
      : null,
    config,
    totalMax: config.aspects.reduce((s, a) => s + Math.round(a.max * 10), 0) / 10,
    canEdit: canEdit && row.status === 'draft',
    updatedAt: row.updatedAt.toISOString(),
  };
}

type PostRow = typeof vanguardPosts.$inferSelect;

export function presentPost(
  row: PostRow,
  who: { name: string; branchName: string },
  canDecide: boolean,
): PostView {
  return {
    id: row.id,
    year: row.year,
    personId: row.personId,
    name: who.name,
    branchId: row.branchId,
    branchName: who.branchName,
    post: row.post,
    duties: row.duties,
    pledge: row.pledge,
    status: row.status as PostStatus,
    statusLabel: POST_STATUS_LABELS[row.status as PostStatus],
    returnReason: row.returnReason,
    showOnPortal: row.showOnPortal,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    canDecide: canDecide && row.status === 'submitted',
  };
}

type EvidenceRow = typeof assessmentEvidence.$inferSelect;

export interface EvidenceExtras {
  name: string;
  branchName: string;
  students: { id: string; name: string }[];
  hiddenStudents: number;
  files: EvidenceView['files'];
  points: number | null;
  canEdit: boolean;
  canVerify: boolean;
}

export function presentEvidence(row: EvidenceRow, x: EvidenceExtras): EvidenceView {
  const level = row.level as Level | null;
  const rank = row.rank as Rank | null;
  const kind = row.kind as EvidenceKind;
  return {
    id: row.id,
    year: row.year,
    personId: row.personId,
    name: x.name,
    branchId: row.branchId,
    branchName: x.branchName,
    kind,
    kindLabel: KIND_LABELS[kind],
    title: row.title,
    level,
    levelLabel: level ? LEVEL_LABELS[level] : null,
    rank,
    rankLabel: rank ? RANK_LABELS[rank] : null,
    occurredOn: row.occurredOn,
    details: row.details as EvidenceDetails,
    students: x.students,
    hiddenStudents: x.hiddenStudents,
    status: row.status as EvidenceStatus,
    statusLabel: EVIDENCE_STATUS_LABELS[row.status as EvidenceStatus],
    returnReason: row.returnReason,
    files: x.files,
    points: row.status === 'verified' ? x.points : null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    canEdit: x.canEdit,
    canVerify: x.canVerify,
  };
}

type SelfRow = typeof assessmentSelfEvaluations.$inferSelect;

export const presentSelfEvaluation = (row: SelfRow, name: string): SelfEvaluationView => ({
  year: row.year,
  personId: row.personId,
  name,
  schemeVersion: row.schemeVersion,
  entries: row.entries as SelfEvaluationView['entries'],
  summary: row.summary,
  submittedAt: row.submittedAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
