/**
 * What a piece of evidence must carry by its kind (EVIDENCE_REQUIREMENTS in the contracts, shown
 * by the console's form and enforced here), RULES.md §6. Pure: no IO.
 */
import { EVIDENCE_REQUIREMENTS, type EvidenceInput } from '../../../../common/contracts/assessment';

/** Field → message for everything missing or out of place; empty when the evidence is complete. */
export function evidenceProblems(e: EvidenceInput, year: number): Record<string, string> {
  const need = EVIDENCE_REQUIREMENTS[e.kind];
  const out: Record<string, string> = {};
  if (need.level && !e.level) out.level = '请选择级别（校级、县区级、市级、省级、国家级）';
  if (need.rank && !e.rank) out.rank = '请选择获奖等级';
  if (need.students && e.studentIds.length + (e.details.studentNames?.length ?? 0) === 0)
    out.studentIds = '请至少填写一名获奖学生';
  if (need.venue && !e.details.venue) out['details.venue'] = '请填写发表刊物或评比名称';
  if (need.passRate && (e.details.passRate === null || e.details.passRate === undefined))
    out['details.passRate'] = '请填写合格率';
  if (need.points && !e.details.points) out['details.points'] = '请填写扣分分值';
  if (Number(e.occurredOn.slice(0, 4)) !== year) out.occurredOn = `日期应在 ${year} 年内`;
  if (new Set(e.studentIds).size !== e.studentIds.length) out.studentIds = '学生重复';
  return out;
}

/** Proof files: PDF, JPEG or PNG, recognised by their first bytes (never by the name alone). */
export function proofTypeOf(head: Buffer): 'application/pdf' | 'image/jpeg' | 'image/png' | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  return null;
}
