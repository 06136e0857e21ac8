import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission } from '../../platform/http/auth';
import { todayInShanghai } from '../../../common/dates';
import { DUES_GROUPS, DUES_GROUP_LABELS, DUES_RULES, MONTH_KEY, monthOf } from './rules';
import { parseYuan } from '../../../common/money';
import { ORGLIFE_READ, ORGLIFE_WRITE } from '../orgLife/policy';
import { isoDateSchema, optionalTextOf, pageQuery, textOf, uuidOf, yearSchema } from '../orgLife/common';
import {
  PAYMENT_METHODS,
  computeMonth,
  decideReduction,
  exportYear,
  listArrears,
  listLedger,
  listMonth,
  listReductions,
  memberDues,
  recordPayment,
  requestReduction,
  reversePayment,
  setBase,
  yearlySummary,
} from './service';

const tags = ['dues'];
const thisYear = () => Number(todayInShanghai().slice(0, 4));
const thisMonth = () => monthOf(todayInShanghai());
const monthKey = (label: string) => z.string(`请填写${label}`).regex(MONTH_KEY, `${label}格式应为 YYYY-MM`);
const idParams = z.object({ id: uuidOf('编号') });

/**
 * A yuan amount as a string ("12.50") — or a JSON number, read through its decimal text — turned
 * into integer fen exactly. Negative, non-numeric or more than two decimals: refused in Chinese.
 */
export const yuan = (label: string) =>
  z.unknown().transform((v, ctx) => {
    // Zero is a real amount here (a base of 0, a waived month).
    const r = parseYuan(v, { label, allowZero: true });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.fen;
  });

export const duesRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/dues/rules',
    { schema: { tags, summary: '党费交纳比例（中组发〔2008〕3号，按全额一个比例，不累进）' } },
    async () => ({
      ...DUES_RULES,
      groups: DUES_GROUPS.map((g) => ({ group: g, label: DUES_GROUP_LABELS[g] })),
    }),
  );

  app.put(
    '/dues/bases/:personId',
    {
      schema: {
        tags,
        summary: '登记党员的党费基数与类别（基数以元为单位，如 "4500.00"）',
        params: z.object({ personId: uuidOf('人员编号') }),
        body: z
          .object({
            base: yuan('月基数').nullable().optional(),
            group: z.enum(DUES_GROUPS, '党费类别不正确'),
          })
          .strict(),
      },
    },
    async (req) =>
      setBase(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.personId, {
        baseFen: req.body.base ?? null,
        group: req.body.group,
      }),
  );

  app.post(
    '/dues/compute',
    {
      schema: {
        tags,
        summary: '核定某月党费（按权限范围内党员，可限一个支部）',
        body: z.object({ month: monthKey('月份'), branchId: uuidOf('党支部编号').optional() }).strict(),
      },
    },
    async (req) => computeMonth(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.body),
  );

  app.get(
    '/dues/months',
    {
      schema: {
        tags,
        summary: '某月党费收缴情况',
        querystring: pageQuery.extend({
          month: monthKey('月份').default(thisMonth),
          branchId: uuidOf('党支部编号').optional(),
          status: z.enum(['paid', 'unpaid']).optional(),
        }),
      },
    },
    async (req) => listMonth(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.get(
    '/dues/members/:personId',
    {
      schema: {
        tags,
        summary: '党员一年的党费：逐月应缴已缴、缴费记录、减免、欠缴',
        params: z.object({ personId: uuidOf('人员编号') }),
        querystring: z.object({ year: yearSchema.default(thisYear) }),
      },
    },
    async (req) => memberDues(db, requirePermission(req, ORGLIFE_READ), req.params.personId, req.query.year),
  );

  app.get(
    '/dues/ledger',
    {
      schema: {
        tags,
        summary: '缴费台账（只增不改，更正用冲正记录）',
        querystring: pageQuery.extend({
          personId: uuidOf('人员编号').optional(),
          month: monthKey('月份').optional(),
          branchId: uuidOf('党支部编号').optional(),
        }),
      },
    },
    async (req) => listLedger(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.post(
    '/dues/payments',
    {
      schema: {
        tags,
        summary: '登记缴纳党费（可一次缴多个月；金额以元为单位，如 "12.50"，不填则按应缴）',
        body: z
          .object({
            personId: uuidOf('人员编号'),
            months: z.array(monthKey('月份')).min(1, '请选择月份').max(12, '一次最多 12 个月'),
            amount: yuan('金额').optional(),
            paidOn: isoDateSchema('缴纳日期'),
            method: z.enum(PAYMENT_METHODS, '请选择缴纳方式'),
            receiptNo: optionalTextOf('收据号', 50),
            note: optionalTextOf('备注', 200),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const { amount, ...rest } = req.body;
      const result = await recordPayment(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), {
        ...rest,
        amountFen: amount,
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/dues/payments/:id/reverse',
    {
      schema: {
        tags,
        summary: '冲正一笔缴费（生成金额相反的记录，原记录保留）',
        params: idParams,
        body: z.object({ reason: textOf('冲正原因', 200) }).strict(),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await reversePayment(
            db,
            req.ctx,
            requirePermission(req, ORGLIFE_WRITE),
            req.params.id,
            req.body.reason,
          ),
        ),
  );

  app.get(
    '/dues/arrears',
    {
      schema: {
        tags,
        summary: '欠缴名单（连续 6 个月未交标记）',
        querystring: z.object({
          branchId: uuidOf('党支部编号').optional(),
          asOf: monthKey('月份').optional(),
          flaggedOnly: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
        }),
      },
    },
    async (req) => listArrears(db, requirePermission(req, ORGLIFE_WRITE), req.query),
  );

  app.get(
    '/dues/reductions',
    {
      schema: {
        tags,
        summary: '党费减免申请',
        querystring: z.object({
          status: z.enum(['pending', 'approved', 'rejected']).optional(),
          personId: uuidOf('人员编号').optional(),
        }),
      },
    },
    async (req) => listReductions(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.post(
    '/dues/reductions',
    {
      schema: {
        tags,
        summary: '申请困难减免（本人或支部书记；需党总支或学校层面审批）',
        body: z
          .object({
            personId: uuidOf('人员编号'),
            fromMonth: monthKey('开始月份'),
            toMonth: monthKey('结束月份'),
            kind: z.enum(['reduce', 'exempt'], '请选择减交或免交'),
            amount: yuan('每月交纳金额').nullable().optional(),
            reason: textOf('申请理由', 500),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      const { amount, ...rest } = req.body;
      const result = await requestReduction(db, req.ctx, requirePermission(req, ORGLIFE_READ), {
        ...rest,
        amountFen: amount ?? null,
      });
      return reply.status(201).send(result);
    },
  );

  app.post(
    '/dues/reductions/:id/decide',
    {
      schema: {
        tags,
        summary: '审批减免申请',
        params: idParams,
        body: z
          .object({ approve: z.boolean('请选择批准或不批准'), note: optionalTextOf('审批意见', 500) })
          .strict(),
      },
    },
    async (req) =>
      decideReduction(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, req.body),
  );

  app.get(
    '/dues/summary',
    {
      schema: {
        tags,
        summary: '年度党费收缴汇总（按支部）',
        querystring: z.object({ year: yearSchema.default(thisYear) }),
      },
    },
    async (req) => yearlySummary(db, requirePermission(req, ORGLIFE_READ), req.query.year),
  );

  app.get(
    '/dues/summary/export',
    {
      schema: {
        tags,
        summary: '导出年度党费收缴（.xlsx）',
        querystring: z.object({ year: yearSchema.default(thisYear) }),
      },
    },
    async (req, reply) => {
      const { buffer, fileName } = await exportYear(
        db,
        req.ctx,
        requirePermission(req, ORGLIFE_WRITE),
        req.query.year,
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="dues-${req.query.year}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        )
        .header('cache-control', 'no-store')
        .send(buffer);
    },
  );
};
