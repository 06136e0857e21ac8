import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { branchRatingContracts as c } from '../../../common/contracts/branchRating';
import { file } from '../../../common/schemas';
import { readUpload, sendFile } from '../../platform/http/files';
import { actorOf } from '../../platform/http/guard';
import { createStorage } from '../../platform/storage';
import {
  branchProof,
  createBranchEvidence,
  MAX_BRANCH_PROOF_BYTES,
  putBranchProof,
  rateBranch,
  returnBranchEvidence,
  scoreBranchEvidence,
  selfRate,
  updateBranchEvidence,
} from './branchRating/commands';
import { getBranchEvidence, getRating, listBranchEvidence, ratingBoard } from './branchRating/queries';
import {
  createRatingScheme,
  findRatingScheme,
  presentRatingScheme,
  ratingTemplate,
  updateRatingScheme,
} from './branchRating/schemes';
import { managesAssessment } from './policy';

const tags = ['assessment'];

/**
 * Branch star rating (支部评星定级), under /api/assessment/branch-rating. The branch
 * (`assessment.review` over it) uploads evidence and rates itself; the general branch
 * (`assessment.manage`) sets the scheme, scores evidence and rates, which publishes the stars.
 */
export const branchRatingRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const storage = createStorage({ config: app.deps.config, db });
  const base = '/assessment/branch-rating';

  app.get(
    `${base}/schemes/:year`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '某年度支部评星方案（尚未制定时给出可用的模板）',
        params: c.getScheme.params,
        response: { 200: c.getScheme.response },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const row = await findRatingScheme(db, actor.parkId, req.params.year);
      return {
        scheme: row ? presentRatingScheme(row) : null,
        template: await ratingTemplate(db, actor.parkId, req.params.year),
        canManage: managesAssessment(actor),
      };
    },
  );

  app.post(
    `${base}/schemes`,
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '制定年度支部评星方案（从默认方案或复制上年方案）',
        body: c.createScheme.body,
        response: { 201: c.createScheme.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRatingScheme(db, req.ctx, actorOf(req), req.body)),
  );

  app.put(
    `${base}/schemes/:year`,
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '修改支部评星方案（标准、分值与星级分数线；评星开始后冻结）',
        params: c.updateScheme.params,
        body: c.updateScheme.body,
        response: { 200: c.updateScheme.response },
      },
    },
    async (req) => updateRatingScheme(db, req.ctx, actorOf(req), req.params.year, req.body),
  );

  app.get(
    `${base}/board`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支部评星看板（各项标准的统计、自评、评定、总分与星级）',
        querystring: c.board.querystring,
        response: { 200: c.board.response },
      },
    },
    async (req) => ratingBoard(db, actorOf(req), req.query.year),
  );

  app.get(
    `${base}/ratings/:branchId`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '某党支部的年度评星',
        params: c.getRating.params,
        querystring: c.getRating.querystring,
        response: { 200: c.getRating.response },
      },
    },
    async (req) => getRating(db, actorOf(req), req.params.branchId, req.query.year),
  );

  app.put(
    `${base}/ratings/:branchId/self`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支部自评（每项标准一个分数和一段说明）',
        params: c.selfRate.params,
        body: c.selfRate.body,
        response: { 200: c.selfRate.response },
      },
    },
    async (req) => selfRate(db, req.ctx, actorOf(req), req.params.branchId, req.body),
  );

  app.put(
    `${base}/ratings/:branchId/final`,
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '党总支评定支部星级并发布（须支部已自评）',
        params: c.rate.params,
        body: c.rate.body,
        response: { 200: c.rate.response },
      },
    },
    async (req) => rateBranch(db, req.ctx, actorOf(req), req.params.branchId, req.body),
  );

  app.get(
    `${base}/evidence`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支部佐证材料列表',
        querystring: c.listEvidence.querystring,
        response: { 200: c.listEvidence.response },
      },
    },
    async (req) => listBranchEvidence(db, actorOf(req), req.query),
  );

  app.post(
    `${base}/evidence`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '登记支部佐证材料',
        body: c.createEvidence.body,
        response: { 201: c.createEvidence.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createBranchEvidence(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    `${base}/evidence/:id`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支部佐证材料详情',
        params: c.evidenceParams,
        response: { 200: c.createEvidence.response },
      },
    },
    async (req) => getBranchEvidence(db, actorOf(req), req.params.id),
  );

  app.patch(
    `${base}/evidence/:id`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '修改支部佐证材料（评分前；退回的材料修改后重新提交）',
        params: c.updateEvidence.params,
        body: c.updateEvidence.body,
        response: { 200: c.updateEvidence.response },
      },
    },
    async (req) => updateBranchEvidence(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    `${base}/evidence/:id/file`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '上传支部佐证附件（PDF、JPG、PNG，≤ 10 MB；再次上传替换原附件）',
        params: c.evidenceParams,
        response: { 200: c.createEvidence.response },
      },
    },
    async (req) => {
      const upload = await readUpload(req, MAX_BRANCH_PROOF_BYTES, {
        tooLargeMessage: '佐证附件不能超过 10 MB',
      });
      return putBranchProof(db, storage, req.ctx, actorOf(req), req.params.id, upload);
    },
  );

  app.get(
    `${base}/evidence/:id/file`,
    {
      config: { access: 'assessment.review' },
      schema: { tags, summary: '下载支部佐证附件', params: c.evidenceParams, response: { 200: file } },
    },
    async (req, reply) =>
      sendFile(reply, {
        ...(await branchProof(db, storage, actorOf(req), req.params.id)),
        disposition: 'inline',
      }),
  );

  app.post(
    `${base}/evidence/:id/score`,
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '党总支为支部佐证材料评分',
        params: c.scoreEvidence.params,
        body: c.scoreEvidence.body,
        response: { 200: c.scoreEvidence.response },
      },
    },
    async (req) => scoreBranchEvidence(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.post(
    `${base}/evidence/:id/return`,
    {
      config: { access: 'assessment.manage' },
      schema: {
        tags,
        summary: '退回支部佐证材料（写明理由）',
        params: c.returnEvidence.params,
        body: c.returnEvidence.body,
        response: { 200: c.returnEvidence.response },
      },
    },
    async (req) => returnBranchEvidence(db, req.ctx, actorOf(req), req.params.id, req.body.reason),
  );
};
