import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, requirePermission } from '../../platform/http/auth';
import { todayInShanghai } from '../../../common/dates';
import { MEETING_KINDS } from './rules/meetings';
import { ORGLIFE_READ, ORGLIFE_WRITE } from './policy';
import { checklistHistory, completion, getChecklist, patchChecklist, queryRoster } from './birthdays';
import { cardBatchPdf, getCardBatch, memberCard, startCardBatch } from './cards';
import {
  currentConfig,
  fileRefSchema,
  isoDateSchema,
  monthSchema,
  optionalTextOf,
  pageQuery,
  textOf,
  uuidOf,
  yearSchema,
} from './common';
import { orgLifeConfigSchema, putConfig } from './config';
import {
  complianceBoard,
  createMeeting,
  deleteMeeting,
  getMeeting,
  listMeetings,
  updateMeeting,
} from './meetings';
import {
  advanceProposal,
  commentThoughtReport,
  createProposal,
  getProposal,
  getThoughtReport,
  listGoals,
  listProposals,
  listThoughtReports,
  putGoals,
  putThoughtReport,
  reviewGoals,
} from './records';
import { createSymposium, getSymposium, listSymposiums, putAttendees, updateSymposium } from './symposiums';

const thisYear = () => Number(todayInShanghai().slice(0, 4));
const thisMonth = () => Number(todayInShanghai().slice(5, 7));
const idParams = z.object({ id: uuidOf('编号') });
const personParams = z.object({ personId: uuidOf('人员编号') });
const personYearParams = personParams.extend({ year: yearSchema });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const tags = ['orgLife'];

function sendFile(
  reply: FastifyReply,
  type: string,
  fileName: string,
  body: Buffer,
  disposition: 'inline' | 'attachment',
) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .header('cache-control', 'no-store')
    .send(body);
}

/**
 * Organisational life: political birthdays (roster, completion, reminders, symposiums, cards,
 * checklists, thought reports, goals, proposals), meeting records and the compliance board, and
 * the park's local rules. Permissions: see policies/orgLife.ts.
 */
export const orgLifeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  // ——— local rules ———

  app.get('/orglife/config', { schema: { tags, summary: '组织生活规则（当前版本）' } }, async (req) => {
    const actor = requireActor(req);
    return currentConfig(db, actor.parkId);
  });

  app.put(
    '/orglife/config',
    {
      schema: {
        tags,
        summary: '修改组织生活规则（生成新版本，园区管理员）',
        body: z
          .object({
            baseVersion: z.number().int().min(0),
            config: orgLifeConfigSchema,
            note: optionalTextOf('说明', 200),
          })
          .strict(),
      },
    },
    async (req) => putConfig(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.body),
  );

  // ——— political birthdays ———

  app.get(
    '/orglife/birthdays/roster',
    {
      schema: {
        tags,
        summary: '政治生日名单（按月；支部书记：本支部，园区管理员：全园区，党员：本人）',
        querystring: z.object({
          year: yearSchema.default(thisYear),
          month: monthSchema.default(thisMonth),
          branchId: uuidOf('党支部编号').optional(),
        }),
      },
    },
    async (req) => {
      const actor = requirePermission(req, ORGLIFE_READ);
      const rows = await queryRoster(db, actor, req.query);
      // The checklist as a summary here; GET /orglife/checklists/:personId/:year has the items.
      const items = rows.map(({ checklist: { done, total, complete }, ...r }) => ({
        ...r,
        checklist: { done, total, complete },
      }));
      return { year: req.query.year, month: req.query.month, items, total: items.length };
    },
  );

  app.get(
    '/orglife/birthdays/completion',
    {
      schema: {
        tags,
        summary: '各支部政治生日清单完成率（当月与本年累计）',
        querystring: z.object({
          year: yearSchema.default(thisYear),
          month: monthSchema.default(thisMonth),
          branchId: uuidOf('党支部编号').optional(),
        }),
      },
    },
    async (req) => completion(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.get(
    '/orglife/checklists/:personId/history',
    { schema: { tags, summary: '党员历年政治生日记录', params: personParams } },
    async (req) => checklistHistory(db, requirePermission(req, ORGLIFE_READ), req.params.personId),
  );

  app.get(
    '/orglife/checklists/:personId/:year',
    { schema: { tags, summary: '党员某年的政治生日清单', params: personYearParams } },
    async (req) =>
      getChecklist(db, requirePermission(req, ORGLIFE_READ), req.params.personId, req.params.year),
  );

  app.patch(
    '/orglife/checklists/:personId/:year',
    {
      schema: {
        tags,
        summary: '勾选清单中的手工项目（支部书记）',
        params: personYearParams,
        body: z
          .object({
            items: z.record(
              z.string().max(40),
              z
                .object({ done: z.boolean('请选择是否完成'), detail: optionalTextOf('补充说明', 100) })
                .strict(),
            ),
          })
          .strict(),
      },
    },
    async (req) =>
      patchChecklist(
        db,
        req.ctx,
        requirePermission(req, ORGLIFE_WRITE),
        req.params.personId,
        req.params.year,
        req.body,
      ),
  );

  // ——— thought reports ———

  app.get(
    '/orglife/thought-reports',
    {
      schema: {
        tags,
        summary: '思想汇报列表（党员：本人；书记：本支部）',
        querystring: pageQuery.extend({
          year: yearSchema.optional(),
          branchId: uuidOf('党支部编号').optional(),
          personId: uuidOf('人员编号').optional(),
          commented: boolQuery.optional(),
        }),
      },
    },
    async (req) => listThoughtReports(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.put(
    '/orglife/thought-reports/:personId/:year',
    {
      schema: {
        tags,
        summary: '填写本人当年的思想汇报（仅本人）',
        params: personYearParams,
        body: z.object({ content: textOf('思想汇报', 10000) }).strict(),
      },
    },
    async (req) =>
      putThoughtReport(
        db,
        req.ctx,
        requireActor(req),
        req.params.personId,
        req.params.year,
        req.body.content,
      ),
  );

  app.get(
    '/orglife/thought-reports/:id',
    { schema: { tags, summary: '思想汇报详情', params: idParams } },
    async (req) => getThoughtReport(db, requirePermission(req, ORGLIFE_READ), req.params.id),
  );

  app.post(
    '/orglife/thought-reports/:id/comment',
    {
      schema: {
        tags,
        summary: '书记批阅思想汇报',
        params: idParams,
        body: z.object({ comment: textOf('批阅意见', 2000) }).strict(),
      },
    },
    async (req) =>
      commentThoughtReport(
        db,
        req.ctx,
        requirePermission(req, ORGLIFE_WRITE),
        req.params.id,
        req.body.comment,
      ),
  );

  // ——— goals ———

  app.get(
    '/orglife/goals',
    {
      schema: {
        tags,
        summary: '下一年目标列表',
        querystring: pageQuery.extend({
          year: yearSchema.optional(),
          branchId: uuidOf('党支部编号').optional(),
          personId: uuidOf('人员编号').optional(),
          reviewed: boolQuery.optional(),
        }),
      },
    },
    async (req) => listGoals(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.put(
    '/orglife/goals/:personId/:year',
    {
      schema: {
        tags,
        summary: '填写本人在当年政治生日确定的下一年目标（仅本人）',
        params: personYearParams,
        body: z.object({ content: textOf('目标', 5000) }).strict(),
      },
    },
    async (req) =>
      putGoals(db, req.ctx, requireActor(req), req.params.personId, req.params.year, req.body.content),
  );

  app.post(
    '/orglife/goals/:id/review',
    {
      schema: {
        tags,
        summary: '一年后对照目标：达成 / 未达成',
        params: idParams,
        body: z
          .object({
            result: z.enum(['met', 'notMet'], '请选择已达成或未达成'),
            note: optionalTextOf('说明', 1000),
          })
          .strict(),
      },
    },
    async (req) => reviewGoals(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, req.body),
  );

  // ——— proposals ———

  app.get(
    '/orglife/proposals',
    {
      schema: {
        tags,
        summary: '合理化建议列表（党员：本人；书记：本支部）',
        querystring: pageQuery.extend({
          year: yearSchema.optional(),
          branchId: uuidOf('党支部编号').optional(),
          personId: uuidOf('人员编号').optional(),
          status: z.enum(['received', 'assigned', 'answered', 'closed']).optional(),
        }),
      },
    },
    async (req) => listProposals(db, requirePermission(req, ORGLIFE_READ), req.query),
  );

  app.post(
    '/orglife/proposals',
    {
      schema: {
        tags,
        summary: '提出合理化建议（仅本人）',
        body: z
          .object({
            personId: uuidOf('人员编号'),
            year: yearSchema,
            target: z.enum(['school', 'branch'], '请选择对学校发展或对支部建设'),
            title: textOf('标题', 100),
            content: textOf('建议内容', 5000),
          })
          .strict(),
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createProposal(db, req.ctx, requireActor(req), req.body)),
  );

  app.get(
    '/orglife/proposals/:id',
    { schema: { tags, summary: '建议详情与办理进度', params: idParams } },
    async (req) => getProposal(db, requirePermission(req, ORGLIFE_READ), req.params.id),
  );

  app.post(
    '/orglife/proposals/:id/assign',
    {
      schema: {
        tags,
        summary: '转交科室办理',
        params: idParams,
        body: z.object({ departmentId: uuidOf('科室编号'), note: optionalTextOf('说明', 500) }).strict(),
      },
    },
    async (req) =>
      advanceProposal(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, {
        action: 'assign',
        ...req.body,
      }),
  );

  app.post(
    '/orglife/proposals/:id/answer',
    {
      schema: {
        tags,
        summary: '登记科室答复',
        params: idParams,
        body: z.object({ answer: textOf('答复', 5000) }).strict(),
      },
    },
    async (req) =>
      advanceProposal(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, {
        action: 'answer',
        ...req.body,
      }),
  );

  app.post(
    '/orglife/proposals/:id/close',
    {
      schema: {
        tags,
        summary: '办结',
        params: idParams,
        body: z
          .object({ note: optionalTextOf('说明', 500) })
          .strict()
          .default({}),
      },
    },
    async (req) =>
      advanceProposal(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, {
        action: 'close',
        ...req.body,
      }),
  );

  // ——— symposiums ———

  app.get(
    '/orglife/symposiums',
    {
      schema: {
        tags,
        summary: '政治生日座谈会列表',
        querystring: z.object({
          year: yearSchema.optional(),
          month: monthSchema.optional(),
          hostNodeId: uuidOf('党支部编号').optional(),
        }),
      },
    },
    async (req) => listSymposiums(db, requireActor(req), req.query),
  );

  const symposiumFields = {
    scheduledAt: z.string().datetime({ offset: true, message: '时间格式不正确' }).nullable().optional(),
    place: optionalTextOf('地点', 100),
    cardMessage: optionalTextOf('贺卡寄语', 200),
  };

  app.post(
    '/orglife/symposiums',
    {
      schema: {
        tags,
        summary: '安排政治生日座谈会（支部或党总支；参加人员默认取当月名单）',
        body: z
          .object({
            hostNodeId: uuidOf('党支部编号'),
            year: yearSchema,
            month: monthSchema,
            ...symposiumFields,
            attendeePersonIds: z.array(uuidOf('人员编号')).max(2000).optional(),
          })
          .strict(),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createSymposium(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.body)),
  );

  app.get(
    '/orglife/symposiums/:id',
    { schema: { tags, summary: '座谈会详情', params: idParams } },
    async (req) => getSymposium(db, requireActor(req), req.params.id),
  );

  app.patch(
    '/orglife/symposiums/:id',
    {
      schema: {
        tags,
        summary: '修改座谈会：时间地点、状态、纪要、照片',
        params: idParams,
        body: z
          .object({
            ...symposiumFields,
            status: z.enum(['planned', 'held', 'cancelled'], '状态不正确').optional(),
            minutes: optionalTextOf('纪要', 20000),
            photos: z.array(fileRefSchema).max(50, '照片最多 50 张').optional(),
          })
          .strict(),
      },
    },
    async (req) =>
      updateSymposium(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, req.body),
  );

  app.put(
    '/orglife/symposiums/:id/attendees',
    {
      schema: {
        tags,
        summary: '参加人员与出席情况',
        params: idParams,
        body: z
          .object({
            items: z
              .array(z.object({ personId: uuidOf('人员编号'), attended: z.boolean().nullable() }).strict())
              .max(2000),
          })
          .strict(),
      },
    },
    async (req) =>
      putAttendees(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, req.body.items),
  );

  // ——— cards ———

  app.get(
    '/orglife/cards/:personId',
    {
      schema: {
        tags,
        summary: '政治生日贺卡（PNG 或 PDF）',
        params: personParams,
        querystring: z.object({
          year: yearSchema.default(thisYear),
          format: z.enum(['png', 'pdf'], '格式应为 png 或 pdf').default('png'),
          download: boolQuery.default(false),
        }),
      },
    },
    async (req, reply) => {
      const actor = requirePermission(req, ORGLIFE_READ);
      const { body, fileName } = await memberCard(
        db,
        actor,
        req.params.personId,
        req.query.year,
        req.query.format,
      );
      return sendFile(
        reply,
        req.query.format === 'png' ? 'image/png' : 'application/pdf',
        fileName,
        body,
        req.query.download ? 'attachment' : 'inline',
      );
    },
  );

  app.post(
    '/orglife/cards/batches',
    {
      schema: {
        tags,
        summary: '生成一个月的全部贺卡（一个 PDF，后台进行，可查询进度）',
        body: z
          .object({ year: yearSchema, month: monthSchema, branchId: uuidOf('党支部编号').optional() })
          .strict(),
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(await startCardBatch(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.body)),
  );

  app.get(
    '/orglife/cards/batches/:id',
    { schema: { tags, summary: '贺卡批次进度', params: idParams } },
    async (req) => getCardBatch(db, requireActor(req), req.params.id),
  );

  app.get(
    '/orglife/cards/batches/:id/pdf',
    { schema: { tags, summary: '下载贺卡批次 PDF', params: idParams } },
    async (req, reply) => {
      const { body, fileName } = await cardBatchPdf(db, requireActor(req), req.params.id);
      return sendFile(reply, 'application/pdf', fileName, body, 'attachment');
    },
  );

  // ——— meetings ———

  const attendeeSchema = z
    .object({
      personId: uuidOf('人员编号'),
      present: z.boolean('请选择是否出席'),
      absenceReason: optionalTextOf('缺席原因', 200),
    })
    .strict();
  const meetingFields = {
    partyGroupId: uuidOf('党小组编号').nullable().optional(),
    kind: z.enum(MEETING_KINDS, '请选择会议类型'),
    date: isoDateSchema('会议日期'),
    title: textOf('会议主题', 200),
    place: optionalTextOf('地点', 100),
    hostName: optionalTextOf('主持人', 50),
    minutes: optionalTextOf('会议记录', 50000),
    attachments: z.array(fileRefSchema).max(50, '附件最多 50 个').optional(),
    attendees: z.array(attendeeSchema).max(2000).optional(),
  };

  app.get(
    '/orglife/meetings/compliance',
    {
      schema: {
        tags,
        summary: '三会一课落实情况（红黄绿）',
        querystring: z.object({
          year: yearSchema.default(thisYear),
          branchId: uuidOf('党支部编号').optional(),
          asOf: isoDateSchema('查看日期').optional(),
        }),
      },
    },
    async (req) => complianceBoard(db, requireActor(req), req.query),
  );

  app.get(
    '/orglife/meetings',
    {
      schema: {
        tags,
        summary: '会议记录列表',
        querystring: pageQuery.extend({
          branchId: uuidOf('党支部编号').optional(),
          kind: z.enum(MEETING_KINDS).optional(),
          from: isoDateSchema('开始日期').optional(),
          to: isoDateSchema('结束日期').optional(),
        }),
      },
    },
    async (req) => listMeetings(db, requireActor(req), req.query),
  );

  app.post(
    '/orglife/meetings',
    {
      schema: {
        tags,
        summary: '登记会议（三会一课、主题党日、组织生活会）',
        body: z.object({ branchId: uuidOf('党支部编号'), ...meetingFields }).strict(),
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createMeeting(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.body)),
  );

  app.get(
    '/orglife/meetings/:id',
    { schema: { tags, summary: '会议记录详情', params: idParams } },
    async (req) => getMeeting(db, requireActor(req), req.params.id),
  );

  app.patch(
    '/orglife/meetings/:id',
    {
      schema: {
        tags,
        summary: '修改会议记录',
        params: idParams,
        body: z
          .object({
            ...meetingFields,
            kind: meetingFields.kind.optional(),
            date: meetingFields.date.optional(),
            title: meetingFields.title.optional(),
          })
          .strict(),
      },
    },
    async (req) => updateMeeting(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id, req.body),
  );

  app.delete(
    '/orglife/meetings/:id',
    { schema: { tags, summary: '删除会议记录', params: idParams } },
    async (req, reply) => {
      await deleteMeeting(db, req.ctx, requirePermission(req, ORGLIFE_WRITE), req.params.id);
      return reply.status(204).send();
    },
  );
};
