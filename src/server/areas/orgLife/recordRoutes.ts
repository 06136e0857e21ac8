import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { actorOf } from '../../platform/http/guard';
import { ORGLIFE_READ, ORGLIFE_WRITE } from './policy';
import { putThoughtReport } from './commands/putThoughtReport';
import { putGoals } from './commands/putGoals';
import { createProposal } from './commands/createProposal';
import { advanceProposal, commentThoughtReport, reviewGoals } from './commands/reviewRecord';
import {
  getProposal,
  getThoughtReport,
  listGoals,
  listProposals,
  listThoughtReports,
} from './queries/records';

const tags = ['orgLife'];

/**
 * The member's own records of a political birthday: thought reports (the secretary comments),
 * next year's goals (reviewed a year on) and proposals (assigned, answered, closed). The member
 * writes their own ('signedIn', checked to be the member themself); the secretary reviews.
 * Registered by routes.ts.
 */
export const recordRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  // ——— thought reports ———

  app.get(
    '/orglife/thought-reports',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '思想汇报列表（党员：本人；书记：本支部）',
        querystring: c.thoughtReports.querystring,
        response: { 200: c.thoughtReports.response },
      },
    },
    async (req) => listThoughtReports(db, actorOf(req), req.query),
  );

  app.put(
    '/orglife/thought-reports/:personId/:year',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '填写本人当年的思想汇报（仅本人）',
        params: c.putThoughtReport.params,
        body: c.putThoughtReport.body,
        response: { 200: c.putThoughtReport.response },
      },
    },
    async (req) =>
      putThoughtReport(db, req.ctx, actorOf(req), req.params.personId, req.params.year, req.body.content),
  );

  app.get(
    '/orglife/thought-reports/:id',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '思想汇报详情',
        params: c.thoughtReport.params,
        response: { 200: c.thoughtReport.response },
      },
    },
    async (req) => getThoughtReport(db, actorOf(req), req.params.id),
  );

  app.post(
    '/orglife/thought-reports/:id/comment',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '书记批阅思想汇报',
        params: c.commentThoughtReport.params,
        body: c.commentThoughtReport.body,
        response: { 200: c.commentThoughtReport.response },
      },
    },
    async (req) => commentThoughtReport(db, req.ctx, actorOf(req), req.params.id, req.body.comment),
  );

  // ——— goals ———

  app.get(
    '/orglife/goals',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '下一年目标列表',
        querystring: c.goals.querystring,
        response: { 200: c.goals.response },
      },
    },
    async (req) => listGoals(db, actorOf(req), req.query),
  );

  app.put(
    '/orglife/goals/:personId/:year',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '填写本人在当年政治生日确定的下一年目标（仅本人）',
        params: c.putGoals.params,
        body: c.putGoals.body,
        response: { 200: c.putGoals.response },
      },
    },
    async (req) =>
      putGoals(db, req.ctx, actorOf(req), req.params.personId, req.params.year, req.body.content),
  );

  app.post(
    '/orglife/goals/:id/review',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '一年后对照目标：达成 / 未达成',
        params: c.reviewGoals.params,
        body: c.reviewGoals.body,
        response: { 200: c.reviewGoals.response },
      },
    },
    async (req) => reviewGoals(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  // ——— proposals ———

  app.get(
    '/orglife/proposals',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '合理化建议列表（党员：本人；书记：本支部）',
        querystring: c.proposals.querystring,
        response: { 200: c.proposals.response },
      },
    },
    async (req) => listProposals(db, actorOf(req), req.query),
  );

  app.post(
    '/orglife/proposals',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '提出合理化建议（仅本人）',
        body: c.createProposal.body,
        response: { 201: c.createProposal.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createProposal(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/proposals/:id',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '建议详情与办理进度',
        params: c.proposal.params,
        response: { 200: c.proposal.response },
      },
    },
    async (req) => getProposal(db, actorOf(req), req.params.id),
  );

  const steps = [
    ['assign', '转交科室办理', c.assignProposal],
    ['answer', '登记科室答复', c.answerProposal],
    ['close', '办结', c.closeProposal],
  ] as const;
  for (const [action, summary, contract] of steps) {
    app.post(
      `/orglife/proposals/:id/${action}`,
      {
        config: { access: ORGLIFE_WRITE },
        schema: {
          tags,
          summary,
          params: contract.params,
          body: contract.body,
          response: { 200: contract.response },
        },
      },
      async (req) =>
        advanceProposal(db, req.ctx, actorOf(req), req.params.id, {
          action,
          ...req.body,
        } as Parameters<typeof advanceProposal>[4]),
    );
  }
};
