import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assessmentContracts as c } from '../../../common/contracts/assessment';
import { file, noContent } from '../../../common/schemas';
import { readUpload, sendFile } from '../../platform/http/files';
import { actorOf } from '../../platform/http/guard';
import { createStorage } from '../../platform/storage';
import { appraisalRoutes } from './appraisalRoutes';
import { branchRatingRoutes } from './branchRatingRoutes';
import { assessmentStatsRoutes } from './statsRoutes';
import {
  addProof,
  createEvidence,
  MAX_PROOF_BYTES,
  proofFile,
  removeProof,
  returnEvidence,
  updateEvidence,
  verifyEvidence,
  withdrawEvidence,
} from './commands/evidence';
import {
  addDedicationPhoto,
  createDedicationDay,
  createDedicationEntry,
  dedicationPhoto,
  deleteDedicationDay,
  deleteDedicationEntry,
  MAX_PHOTO_BYTES,
  removeDedicationPhoto,
  updateDedicationEntry,
} from './commands/dedication';
import { declarePost, decidePost } from './commands/posts';
import {
  closePublicity,
  decideNomination,
  handleObjection,
  nominate,
  openPublicity,
  recordSemesterScore,
} from './commands/results';
import { certificatesFile, listObjections, plaqueListFile } from './queries/resultFiles';
import { createScheme, freezeScheme, updateScheme } from './commands/schemes';
import { findSelfEvaluation, mySelfEvaluation, putSelfEvaluation } from './commands/selfEvaluation';
import { reviewableMember, selfMember } from './members';
import { listDedicationDays, listDedicationEntries } from './queries/dedication';
import { getEvidence, listEvidence } from './queries/evidence';
import { listPosts, myPost } from './queries/posts';
import { listNominations } from './queries/results';
import { getScheme, listSchemes } from './queries/schemes';
import { listScores, memberScore } from './queries/scores';

const tags = ['assessment'];

/**
 * The annual assessment and vanguard posts (RULES.md §5–§6), under /api/assessment. HTTP only:
 * contracts from common/contracts/assessment.ts (and assessmentAppraisal.ts), who may do what in
 * policy.ts, the rest in commands/ and queries/. Registers one plugin per subject: this file's
 * schemes, posts, evidence, scores and self-evaluations, then appraisalRoutes.ts (民主评议).
 *
 * Access: the scheme is read by everyone signed in (members are scored by it) and written with
 * `assessment.manage`; deciding posts and evidence needs `assessment.review`. A member's own post,
 * evidence and self-evaluation are self-service ('signedIn', checked to be a Party member); filing
 * evidence is 'signedIn' too because a reviewer may file it on a member's behalf (checked in the
 * command against the reviewer's reach).
 */
export const assessmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const storage = createStorage({ config: app.deps.config, db });

  // ——— schemes ———

  app.get(
    '/assessment/schemes',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '考核方案列表（按年度）', response: { 200: c.listSchemes.response } },
    },
    async (req) => listSchemes(db, actorOf(req)),
  );

  app.get(
    '/assessment/schemes/:year',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '某年度考核方案（尚未制定时给出可用的模板）',
        params: c.getScheme.params,
        response: { 200: c.getScheme.response },
      },
    },
    async (req) => getScheme(db, actorOf(req), req.params.year),
  );

  app.post(
    '/assessment/schemes',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '制定年度考核方案（从默认方案或一键复制上年方案）',
        body: c.createScheme.body,
        response: { 201: c.createScheme.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createScheme(db, req.ctx, actorOf(req), req.body)),
  );

  app.put(
    '/assessment/schemes/:year',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '修改考核方案（每次保存为新版本；评分开始后方案冻结）',
        params: c.updateScheme.params,
        body: c.updateScheme.body,
        response: { 200: c.updateScheme.response },
      },
    },
    async (req) => updateScheme(db, req.ctx, actorOf(req), req.params.year, req.body),
  );

  app.post(
    '/assessment/schemes/:year/freeze',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '开始评分：冻结考核方案',
        params: c.freezeScheme.params,
        response: { 200: c.freezeScheme.response },
      },
    },
    async (req) => freezeScheme(db, req.ctx, actorOf(req), req.params.year),
  );

  // ——— vanguard posts ———

  app.get(
    '/assessment/posts',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '先锋岗申报列表（待审核在前）',
        querystring: c.listPosts.querystring,
        response: { 200: c.listPosts.response },
      },
    },
    async (req) => listPosts(db, actorOf(req), req.query),
  );

  app.get(
    '/assessment/posts/mine',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '我的先锋岗',
        querystring: c.myPost.querystring,
        response: { 200: c.myPost.response },
      },
    },
    async (req) => myPost(db, actorOf(req), req.query.year),
  );

  app.put(
    '/assessment/posts/mine',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '申报或修改我的先锋岗（亮身份、亮职责、亮承诺）',
        body: c.declarePost.body,
        response: { 200: c.declarePost.response },
      },
    },
    async (req) => declarePost(db, req.ctx, actorOf(req), req.body),
  );

  app.post(
    '/assessment/posts/:id/decision',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '审核先锋岗申报（通过，或写明理由退回）',
        params: c.decidePost.params,
        body: c.decidePost.body,
        response: { 200: c.decidePost.response },
      },
    },
    async (req) => decidePost(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  // ——— evidence ———

  app.get(
    '/assessment/evidence',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '佐证材料列表（党员看本人的，支部看所管党员的）',
        querystring: c.listEvidence.querystring,
        response: { 200: c.listEvidence.response },
      },
    },
    async (req) => listEvidence(db, actorOf(req), req.query),
  );

  app.post(
    '/assessment/evidence',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '登记佐证材料（本人，或支部代为登记）',
        body: c.createEvidence.body,
        response: { 201: c.createEvidence.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createEvidence(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/assessment/evidence/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '佐证材料详情',
        params: c.getEvidence.params,
        response: { 200: c.getEvidence.response },
      },
    },
    async (req) => getEvidence(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/assessment/evidence/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '修改佐证材料（审核前；修改后重新待审核）',
        params: c.updateEvidence.params,
        body: c.updateEvidence.body,
        response: { 200: c.updateEvidence.response },
      },
    },
    async (req) => updateEvidence(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/assessment/evidence/:id/verify',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '审核通过佐证材料（按方案自动计分）',
        params: c.verifyEvidence.params,
        response: { 200: c.verifyEvidence.response },
      },
    },
    async (req) => verifyEvidence(db, req.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/assessment/evidence/:id/return',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '退回佐证材料（写明理由）',
        params: c.returnEvidence.params,
        body: c.returnEvidence.body,
        response: { 200: c.returnEvidence.response },
      },
    },
    async (req) => returnEvidence(db, req.ctx, actorOf(req), req.params.id, req.body.reason),
  );

  app.post(
    '/assessment/evidence/:id/withdraw',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '撤回佐证材料（本人在审核前；支部随时）',
        params: c.withdrawEvidence.params,
        response: { 200: c.withdrawEvidence.response },
      },
    },
    async (req) => withdrawEvidence(db, req.ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/assessment/evidence/:id/files',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '上传佐证附件（PDF、JPG、PNG，≤ 10 MB，每份材料最多 10 个）',
        params: c.getEvidence.params,
        response: { 200: c.getEvidence.response },
      },
    },
    async (req) => {
      const upload = await readUpload(req, MAX_PROOF_BYTES, { tooLargeMessage: '佐证附件不能超过 10 MB' });
      return addProof(db, storage, req.ctx, actorOf(req), req.params.id, upload);
    },
  );

  app.get(
    '/assessment/evidence/:id/files/:fileId',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '下载佐证附件',
        params: c.evidenceFile.params,
        response: { 200: file },
      },
    },
    async (req, reply) =>
      sendFile(reply, {
        ...(await proofFile(db, storage, actorOf(req), req.params.id, req.params.fileId)),
        disposition: 'inline',
      }),
  );

  app.delete(
    '/assessment/evidence/:id/files/:fileId',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '删除佐证附件（审核前）',
        params: c.evidenceFile.params,
        response: { 200: c.getEvidence.response },
      },
    },
    async (req) => removeProof(db, storage, req.ctx, actorOf(req), req.params.id, req.params.fileId),
  );

  // ——— scores ———

  app.get(
    '/assessment/scores/mine',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '我的年度得分（逐项列出分值和计分规则）',
        querystring: c.myScore.querystring,
        response: { 200: c.myScore.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return memberScore(db, await selfMember(db, actor), req.query.year);
    },
  );

  app.get(
    '/assessment/scores',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '党员年度得分一览（支部内与园区内排名）',
        querystring: c.listScores.querystring,
        response: { 200: c.listScores.response },
      },
    },
    async (req) => listScores(db, actorOf(req), req.query),
  );

  app.get(
    '/assessment/scores/:personId',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '某党员的年度得分明细',
        params: c.personScore.params,
        querystring: c.personScore.querystring,
        response: { 200: c.personScore.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const m = await reviewableMember(db, actor, req.params.personId, '没有权限查看该党员的考核');
      return memberScore(db, m, req.query.year);
    },
  );

  // ——— dedication days (党员奉献日) ———

  app.get(
    '/assessment/dedication-days',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '党员奉献日（本支部、党总支安排的，及所管支部的）',
        querystring: c.listDedicationDays.querystring,
        response: { 200: c.listDedicationDays.response },
      },
    },
    async (req) => listDedicationDays(db, actorOf(req), req.query),
  );

  app.post(
    '/assessment/dedication-days',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '安排党员奉献日（可将已有活动设为奉献日，其签到计入记录）',
        body: c.createDedicationDay.body,
        response: { 201: c.createDedicationDay.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDedicationDay(db, req.ctx, actorOf(req), req.body)),
  );

  app.delete(
    '/assessment/dedication-days/:id',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '取消党员奉献日（尚无党员登记时）',
        params: c.deleteDedicationDay.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteDedicationDay(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/assessment/dedication-entries',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '奉献日记录（本人的，及所管党员的；家访学生信息仅对有权查看者显示）',
        querystring: c.listDedicationEntries.querystring,
        response: { 200: c.listDedicationEntries.response },
      },
    },
    async (req) => listDedicationEntries(db, actorOf(req), req.query),
  );

  app.post(
    '/assessment/dedication-days/:id/entries',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '登记我在奉献日做的事（重点家访、走访企业、其他服务）',
        params: c.createDedicationEntry.params,
        body: c.createDedicationEntry.body,
        response: { 201: c.createDedicationEntry.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createDedicationEntry(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.put(
    '/assessment/dedication-entries/:entryId',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '修改奉献日记录',
        params: c.updateDedicationEntry.params,
        body: c.updateDedicationEntry.body,
        response: { 200: c.updateDedicationEntry.response },
      },
    },
    async (req) => updateDedicationEntry(db, req.ctx, actorOf(req), req.params.entryId, req.body),
  );

  app.delete(
    '/assessment/dedication-entries/:entryId',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '删除奉献日记录',
        params: c.deleteDedicationEntry.params,
        response: { 204: noContent },
      },
    },
    async (req, reply) => {
      await deleteDedicationEntry(db, storage, req.ctx, actorOf(req), req.params.entryId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/assessment/dedication-entries/:entryId/photos',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '上传奉献日照片（JPG、PNG，≤ 8 MB，每条最多 9 张）',
        params: c.deleteDedicationEntry.params,
        response: { 200: c.updateDedicationEntry.response },
      },
    },
    async (req) => {
      const upload = await readUpload(req, MAX_PHOTO_BYTES, { tooLargeMessage: '照片不能超过 8 MB' });
      return addDedicationPhoto(db, storage, req.ctx, actorOf(req), req.params.entryId, upload);
    },
  );

  app.get(
    '/assessment/dedication-entries/:entryId/photos/:key',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '查看奉献日照片', params: c.dedicationPhoto.params, response: { 200: file } },
    },
    async (req, reply) =>
      sendFile(reply, {
        ...(await dedicationPhoto(db, storage, actorOf(req), req.params.entryId, req.params.key)),
        disposition: 'inline',
      }),
  );

  app.delete(
    '/assessment/dedication-entries/:entryId/photos/:key',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '删除奉献日照片',
        params: c.dedicationPhoto.params,
        response: { 200: c.updateDedicationEntry.response },
      },
    },
    async (req) =>
      removeDedicationPhoto(db, storage, req.ctx, actorOf(req), req.params.entryId, req.params.key),
  );

  // ——— the year's result: nominations, 公示, objections, certificates ———

  app.get(
    '/assessment/nominations',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '先锋岗推荐与评选结果（含公示状态）',
        querystring: c.listNominations.querystring,
        response: { 200: c.listNominations.response },
      },
    },
    async (req) => listNominations(db, actorOf(req), req.query),
  );

  app.post(
    '/assessment/nominations',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支部推荐先锋岗（先锋岗申报须已通过）',
        body: c.nominate.body,
        response: { 201: c.nominate.response },
      },
    },
    async (req, reply) => reply.status(201).send(await nominate(db, req.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/assessment/nominations/:id/decision',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '党总支审批先锋岗推荐',
        params: c.decideNomination.params,
        body: c.decideNomination.body,
        response: { 200: c.decideNomination.response },
      },
    },
    async (req) => decideNomination(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/assessment/nominations/:id/semester-scores',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '登记先锋岗学期得分（低于摘牌线自动摘牌）',
        params: c.semesterScore.params,
        body: c.semesterScore.body,
        response: { 200: c.semesterScore.response },
      },
    },
    async (req) => recordSemesterScore(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    '/assessment/publicity',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '发布先锋岗公示（不少于方案规定的工作日数）',
        body: c.openPublicity.body,
        response: { 201: c.openPublicity.response },
      },
    },
    async (req, reply) => reply.status(201).send(await openPublicity(db, req.ctx, actorOf(req), req.body)),
  );

  app.post(
    '/assessment/publicity/:year/close',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '公示期满、异议处理完毕后结束公示并授牌',
        params: c.closePublicity.params,
        response: { 200: c.closePublicity.response },
      },
    },
    async (req) => closePublicity(db, req.ctx, actorOf(req), req.params.year),
  );

  app.get(
    '/assessment/objections',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '公示异议',
        querystring: c.listObjections.querystring,
        response: { 200: c.listObjections.response },
      },
    },
    async (req) => listObjections(db, actorOf(req), req.query),
  );

  app.post(
    '/assessment/objections/:id/decision',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '处理公示异议（成立则取消该推荐）',
        params: c.handleObjection.params,
        body: c.handleObjection.body,
        response: { 200: c.handleObjection.response },
      },
    },
    async (req) => handleObjection(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/assessment/certificates.pdf',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '先锋岗荣誉证书（PDF，每人一页；可只打印一人）',
        querystring: c.certificates.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) =>
      sendFile(reply, await certificatesFile(db, actorOf(req), req.query.year, req.query.id)),
  );

  app.get(
    '/assessment/plaques.pdf',
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '先锋岗挂牌名单（PDF）',
        querystring: c.plaqueList.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => sendFile(reply, await plaqueListFile(db, actorOf(req), req.query.year)),
  );

  // ——— self-evaluation ———

  app.get(
    '/assessment/self-evaluations/mine',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '我的年度自评',
        querystring: c.mySelfEvaluation.querystring,
        response: { 200: c.mySelfEvaluation.response },
      },
    },
    async (req) => mySelfEvaluation(db, actorOf(req), req.query.year),
  );

  app.put(
    '/assessment/self-evaluations/mine',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '提交或修改年度自评（每个方面一个分数和一段说明）',
        body: c.putSelfEvaluation.body,
        response: { 200: c.putSelfEvaluation.response },
      },
    },
    async (req) => putSelfEvaluation(db, req.ctx, actorOf(req), req.body),
  );

  app.get(
    '/assessment/self-evaluations/:personId',
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '某党员的年度自评',
        params: c.personSelfEvaluation.params,
        querystring: c.personSelfEvaluation.querystring,
        response: { 200: c.personSelfEvaluation.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const m = await reviewableMember(db, actor, req.params.personId, '没有权限查看该党员的自评');
      return findSelfEvaluation(db, actor.parkId, req.query.year, m.id, m.name);
    },
  );

  await app.register(appraisalRoutes);
  await app.register(assessmentStatsRoutes);
  await app.register(branchRatingRoutes);
};
