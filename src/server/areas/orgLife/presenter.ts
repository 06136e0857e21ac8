import type {
  CardBatchView,
  GoalsView,
  MeetingView,
  ProposalView,
  SymposiumView,
  ThoughtReportView,
} from '../../../common/contracts/orgLife';
import type {
  cardBatches,
  memberGoals,
  orgMeetings,
  proposals,
  thoughtReports,
  birthdaySymposiums,
} from '../../platform/db/schema/index';
import { MEETING_KIND_LABELS, type MeetingKind } from './rules/meetings';
import { PROPOSAL_STATUS_LABELS, REVIEW_LABELS } from './rules/records';

/** Rows of orgLife as the API shows them (common/contracts/orgLife.ts). Pure. */

export type ReportRow = typeof thoughtReports.$inferSelect;
export type GoalRow = typeof memberGoals.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type SymposiumRow = typeof birthdaySymposiums.$inferSelect;
export type MeetingRow = typeof orgMeetings.$inferSelect;
export type BatchRow = Omit<typeof cardBatches.$inferSelect, 'pdf'>;

/** Who a record is about, as shown beside it. */
export interface MemberLabel {
  name: string;
  branchName: string;
}

export const MEMBERSHIP_STATUS_LABELS: Record<string, string> = {
  probationary: '预备党员',
  full: '正式党员',
};
export const SYMPOSIUM_STATUS_LABELS: Record<string, string> = {
  planned: '已安排',
  held: '已召开',
  cancelled: '已取消',
};

export const presentReportBrief = (r: ReportRow) => ({
  id: r.id,
  submittedAt: r.submittedAt.toISOString(),
  commented: r.comment !== null,
});

export const presentGoalsBrief = (g: GoalRow) => ({
  id: g.id,
  targetYear: g.year + 1,
  reviewResult: g.reviewResult,
});

export const presentProposalBrief = (p: ProposalRow) => ({ id: p.id, title: p.title, status: p.status });

export function presentReport(r: ReportRow, m: MemberLabel): ThoughtReportView {
  return {
    id: r.id,
    personId: r.personId,
    name: m.name,
    branchName: m.branchName,
    year: r.year,
    content: r.content,
    submittedAt: r.submittedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    comment: r.comment,
    commentedByName: r.commentedByName,
    commentedAt: r.commentedAt?.toISOString() ?? null,
  };
}

export function presentGoals(g: GoalRow, m: MemberLabel): GoalsView {
  return {
    id: g.id,
    personId: g.personId,
    name: m.name,
    branchName: m.branchName,
    year: g.year,
    targetYear: g.year + 1,
    content: g.content,
    submittedAt: g.submittedAt.toISOString(),
    reviewResult: g.reviewResult as 'met' | 'notMet' | null,
    reviewResultLabel: g.reviewResult ? REVIEW_LABELS[g.reviewResult]! : '未对照',
    reviewNote: g.reviewNote,
    reviewedByName: g.reviewedByName,
    reviewedAt: g.reviewedAt?.toISOString() ?? null,
  };
}

export function presentProposal(p: ProposalRow, m: MemberLabel, departmentName: string | null): ProposalView {
  return {
    id: p.id,
    personId: p.personId,
    name: m.name,
    branchName: m.branchName,
    year: p.year,
    target: p.target as 'school' | 'branch',
    targetLabel: p.target === 'school' ? '对学校发展' : '对支部建设',
    title: p.title,
    content: p.content,
    status: p.status as ProposalView['status'],
    statusLabel: PROPOSAL_STATUS_LABELS[p.status] ?? p.status,
    departmentId: p.departmentId,
    departmentName,
    answer: p.answer,
    history: p.history,
    createdAt: p.createdAt.toISOString(),
    closedAt: p.closedAt?.toISOString() ?? null,
  };
}

export function presentSymposium(
  s: SymposiumRow,
  host: { name: string; kind: string },
  attendees: SymposiumView['attendees'],
): SymposiumView {
  return {
    id: s.id,
    hostNodeId: s.hostNodeId,
    hostName: host.name,
    hostKind: host.kind,
    year: s.year,
    month: s.month,
    scheduledAt: s.scheduledAt?.toISOString() ?? null,
    place: s.place,
    status: s.status as SymposiumView['status'],
    statusLabel: SYMPOSIUM_STATUS_LABELS[s.status] ?? s.status,
    cardMessage: s.cardMessage,
    minutes: s.minutes,
    photos: s.photos,
    attendees,
    attendedCount: attendees.filter((a) => a.attended === true).length,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export function presentMeeting(
  m: MeetingRow,
  branch: { name: string },
  partyGroupName: string | null,
  attendees: MeetingView['attendees'],
): MeetingView {
  return {
    id: m.id,
    branchId: m.branchId,
    branchName: branch.name,
    partyGroupId: m.partyGroupId,
    partyGroupName,
    kind: m.kind as MeetingKind,
    kindLabel: MEETING_KIND_LABELS[m.kind as MeetingKind] ?? m.kind,
    date: m.date,
    title: m.title,
    place: m.place,
    hostName: m.hostName,
    minutes: m.minutes,
    attachments: m.attachments,
    attendees,
    presentCount: attendees.filter((a) => a.present).length,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

/** A running batch that has not reported for this long is taken as interrupted (the process stopped). */
const STALE_MS = 120_000;

export function presentBatch(b: BatchRow, now = Date.now()): CardBatchView {
  const stale = b.status === 'running' && now - b.updatedAt.getTime() > STALE_MS;
  const status = stale ? 'failed' : b.status;
  return {
    id: b.id,
    year: b.year,
    month: b.month,
    branchId: b.branchId,
    status: status as CardBatchView['status'],
    total: b.total,
    done: b.done,
    percent: b.total ? Math.floor((b.done * 100) / b.total) : status === 'done' ? 100 : 0,
    error: stale ? '任务中断，请重新生成' : b.error,
    pdfSize: b.pdfSize,
    downloadUrl: status === 'done' ? `/api/orglife/cards/batches/${b.id}/pdf` : null,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}
