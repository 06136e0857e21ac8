import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appraisalContracts as c } from '../../../common/contracts/assessmentAppraisal';
import { actorOf } from '../../platform/http/guard';
import { castPaper } from './appraisal/castPaper';
import { closeRound } from './appraisal/closeRound';
import { finalizeRound } from './appraisal/finalizeRound';
import { openRound } from './appraisal/openRound';
import { candidates, getRound, getTurnout, listRounds, myPapers, roundNodes } from './appraisal/queries';
import { checkReceipt } from './appraisal/receipt';

const tags = ['assessment'];

/**
 * Democratic appraisal rounds (民主评议党员), under /api/assessment/appraisal. HTTP only: contracts
 * from common/contracts/assessmentAppraisal.ts, the rest in appraisal/.
 *
 * Running rounds needs `assessment.review` (a park-wide round: `assessment.manage` as well, checked
 * by the command). Voting is self-service ('signedIn'): the round's roll, not a permission, says
 * who votes; a round whose roll does not name the caller and which they do not review is not found.
 */
export const appraisalRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;
  const base = '/assessment/appraisal';

  app.get(
    `${base}/rounds`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '民主评议轮次列表（本人负责的党支部或党总支）',
        querystring: c.listRounds.querystring,
        response: { 200: c.listRounds.response },
      },
    },
    async (req) => listRounds(db, actorOf(req), req.query),
  );

  app.get(
    `${base}/nodes`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '可以发起民主评议的党组织',
        response: { 200: c.roundNodes.response },
      },
    },
    async (req) => ({ items: await roundNodes(db, actorOf(req)) }),
  );

  app.get(
    `${base}/candidates`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '发起民主评议前：该党组织现有的党员（选择不参加投票的人员）',
        querystring: c.candidates.querystring,
        response: { 200: c.candidates.response },
      },
    },
    async (req) => ({ items: await candidates(db, actorOf(req), req.query.orgNodeId) }),
  );

  app.post(
    `${base}/rounds`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '发起民主评议（冻结当年考核方案；参评党员与投票人名单在发起时确定）',
        body: c.openRound.body,
        response: { 201: c.openRound.response },
      },
    },
    async (req, reply) => reply.status(201).send(await openRound(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    `${base}/rounds/:id`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '民主评议详情：投票人名单与投票进度；结束后的计票结果与确定的等次（不含任何人的选票）',
        params: c.getRound.params,
        response: { 200: c.getRound.response },
      },
    },
    async (req) => getRound(db, actorOf(req), req.params.id),
  );

  app.get(
    `${base}/rounds/:id/turnout`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '实时投票进度（应投、已投）',
        params: c.turnout.params,
        response: { 200: c.turnout.response },
      },
    },
    async (req) => getTurnout(db, actorOf(req), req.params.id),
  );

  app.post(
    `${base}/rounds/:id/close`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '结束投票并计票（已投票人数须超过应投票人数的一半）',
        params: c.closeRound.params,
        response: { 200: c.closeRound.response },
      },
    },
    async (req) => closeRound(db, req.ctx, actorOf(req), req.params.id),
  );

  app.post(
    `${base}/rounds/:id/finalize`,
    {
      config: { access: 'assessment.review' },
      schema: {
        tags,
        summary: '支委会确定评议等次（优秀不超过参评党员的三分之一）',
        params: c.finalizeRound.params,
        body: c.finalizeRound.body,
        response: { 200: c.finalizeRound.response },
      },
    },
    async (req) => finalizeRound(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    `${base}/papers/mine`,
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '我的评议票：可以投票的选票、已投情况与公布的评议结果',
        response: { 200: c.myPapers.response },
      },
    },
    async (req) => ({ items: await myPapers(db, actorOf(req)) }),
  );

  app.post(
    `${base}/rounds/:id/ballots`,
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '投出本人的选票（无记名；一次投完全部评议对象，确认后不能修改；返回一次性回执码）',
        params: c.castPaper.params,
        body: c.castPaper.body,
        response: { 201: c.castPaper.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await castPaper(db, req.ctx, actorOf(req), req.params.id, req.body)),
  );

  app.post(
    `${base}/rounds/:id/receipt`,
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '查验回执码：该选票是否已计入及其票数（不显示选票内容）',
        params: c.checkReceipt.params,
        body: c.checkReceipt.body,
        response: { 200: c.checkReceipt.response },
      },
    },
    async (req) => checkReceipt(db, actorOf(req), req.params.id, req.body.code),
  );
};
