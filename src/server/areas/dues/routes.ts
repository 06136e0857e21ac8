import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { duesContracts as c } from '../../../common/contracts/dues';
import { actorOf } from '../../platform/http/guard';
import { sendFile } from '../../platform/http/files';
import { ORGLIFE_READ, ORGLIFE_WRITE } from '../orgLife/policy';
import { computeMonth } from './commands/computeMonth';
import { decideReduction } from './commands/decideReduction';
import { exportYear } from './commands/exportYear';
import { recordPayment } from './commands/recordPayment';
import { requestReduction } from './commands/requestReduction';
import { reversePayment } from './commands/reversePayment';
import { setBase } from './commands/setBase';
import { listArrears, listLedger, listMonth, listReductions, memberDues, yearlySummary } from './queries';
import { DUES_GROUPS, DUES_GROUP_LABELS, DUES_RULES } from './rules';

const tags = ['dues'];

/**
 * Party dues (RULES §4). HTTP only: contracts from common/contracts/dues.ts, the work in commands
 * and queries. Reading is `members.read` (a member reads their own), writing `members.write`;
 * whether the actor reaches the member at hand is asked by the command or query.
 */
export const duesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/dues/rules',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '党费交纳比例（中组发〔2008〕3号，按全额一个比例，不累进）',
        response: { 200: c.rules.response },
      },
    },
    async () => ({
      ...DUES_RULES,
      groups: DUES_GROUPS.map((g) => ({ group: g, label: DUES_GROUP_LABELS[g] })),
    }),
  );

  app.put(
    '/dues/bases/:personId',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '登记党员的党费基数与类别（基数以元为单位，如 "4500.00"）',
        params: c.setBase.params,
        body: c.setBase.body,
        response: { 200: c.setBase.response },
      },
    },
    async (req) =>
      setBase(db, req.ctx, actorOf(req), req.params.personId, {
        baseFen: req.body.base ?? null,
        group: req.body.group,
      }),
  );

  app.post(
    '/dues/compute',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '核定某月党费（按权限范围内党员，可限一个支部）',
        body: c.compute.body,
        response: { 200: c.compute.response },
      },
    },
    async (req) => computeMonth(db, req.ctx, actorOf(req), req.body),
  );

  app.get(
    '/dues/months',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '某月党费收缴情况',
        querystring: c.months.querystring,
        response: { 200: c.months.response },
      },
    },
    async (req) => listMonth(db, actorOf(req), req.query),
  );

  app.get(
    '/dues/members/:personId',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '党员一年的党费：逐月应缴已缴、缴费记录、减免、欠缴',
        params: c.member.params,
        querystring: c.member.querystring,
        response: { 200: c.member.response },
      },
    },
    async (req) => memberDues(db, actorOf(req), req.params.personId, req.query.year),
  );

  app.get(
    '/dues/ledger',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '缴费台账（只增不改，更正用冲正记录）',
        querystring: c.ledger.querystring,
        response: { 200: c.ledger.response },
      },
    },
    async (req) => listLedger(db, actorOf(req), req.query),
  );

  app.post(
    '/dues/payments',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '登记缴纳党费（可一次缴多个月；金额以元为单位，如 "12.50"，不填则按应缴）',
        body: c.pay.body,
        response: { 201: c.pay.response },
      },
    },
    async (req, reply) => {
      const { amount, ...rest } = req.body;
      const result = await recordPayment(db, req.ctx, actorOf(req), { ...rest, amountFen: amount });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/dues/payments/:id/reverse',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '冲正一笔缴费（生成金额相反的记录，原记录保留）',
        params: c.reverse.params,
        body: c.reverse.body,
        response: { 201: c.reverse.response },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await reversePayment(db, req.ctx, actorOf(req), req.params.id, req.body.reason)),
  );

  app.get(
    '/dues/arrears',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '欠缴名单（连续 6 个月未交标记）',
        querystring: c.arrears.querystring,
        response: { 200: c.arrears.response },
      },
    },
    async (req) => listArrears(db, actorOf(req), req.query),
  );

  app.get(
    '/dues/reductions',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '党费减免申请',
        querystring: c.reductions.querystring,
        response: { 200: c.reductions.response },
      },
    },
    async (req) => listReductions(db, actorOf(req), req.query),
  );

  app.post(
    '/dues/reductions',
    {
      // A member asks for their own reduction: members.read, which everyone holds over themself.
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '申请困难减免（本人或支部书记；需党总支或学校层面审批）',
        body: c.requestReduction.body,
        response: { 201: c.requestReduction.response },
      },
    },
    async (req, reply) => {
      const { amount, ...rest } = req.body;
      const result = await requestReduction(db, req.ctx, actorOf(req), {
        ...rest,
        amountFen: amount ?? null,
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/dues/reductions/:id/decide',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '审批减免申请',
        params: c.decide.params,
        body: c.decide.body,
        response: { 200: c.decide.response },
      },
    },
    async (req) => decideReduction(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.get(
    '/dues/summary',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '年度党费收缴汇总（按支部）',
        querystring: c.summary.querystring,
        response: { 200: c.summary.response },
      },
    },
    async (req) => yearlySummary(db, actorOf(req), req.query.year),
  );

  app.get(
    '/dues/summary/export',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '导出年度党费收缴（.xlsx）',
        querystring: c.export.querystring,
        response: { 200: c.export.response },
      },
    },
    async (req, reply) => sendFile(reply, await exportYear(db, req.ctx, actorOf(req), req.query.year)),
  );
};
