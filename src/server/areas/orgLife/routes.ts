import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { actorOf } from '../../platform/http/guard';
import { ORGLIFE_READ, ORGLIFE_WRITE } from './policy';
import { file, noContent } from '../../../common/schemas';
import { sendFile } from '../../platform/http/files';
import { createSymposium } from './commands/createSymposium';
import { updateSymposium } from './commands/updateSymposium';
import { putAttendees } from './commands/putAttendees';
import { startCardBatch } from './commands/startCardBatch';
import { createMeeting } from './commands/createMeeting';
import { updateMeeting } from './commands/updateMeeting';
import { deleteMeeting } from './commands/deleteMeeting';
import { getSymposium, listSymposiums } from './queries/symposiums';
import { cardBatchPdf, getCardBatch, memberCard } from './queries/cards';
import { complianceBoard, getMeeting, listMeetings } from './queries/meetings';
import { currentConfig } from './config';
import { putConfig } from './commands/putConfig';
import { patchChecklist } from './commands/patchChecklist';
import { putThoughtReport } from './commands/putThoughtReport';
import { putGoals } from './commands/putGoals';
import { createProposal } from './commands/createProposal';
import { advanceProposal, commentThoughtReport, reviewGoals } from './commands/reviewRecord';
import { checklistHistory, completion, getChecklist, rosterPage } from './queries/birthdays';
import {
  getProposal,
  getThoughtReport,
  listGoals,
  listProposals,
  listThoughtReports,
} from './queries/records';

const tags = ['orgLife'];

/**
 * Organisational life: political birthdays (roster, completion, reminders, symposiums, cards,
 * checklists, thought reports, goals, proposals), meeting records and the compliance board, and
 * the park's local rules. HTTP only: contracts from common/contracts/orgLife.ts, who may do what
 * in policy.ts, the rest in commands/ and queries/.
 *
 * Access: reading rides on `members.read` and managing on `members.write` (policy.ts); the
 * member's own records are self-service ('signedIn', checked to be the member themself); the
 * symposium, meeting and card-batch reads are 'signedIn' because a member sees their branch's.
 */
export const orgLifeRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  // ——— local rules ———

  app.get(
    '/orglife/config',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '组织生活规则（当前版本）', response: { 200: c.config.response } },
    },
    async (req) => currentConfig(db, actorOf(req).parkId),
  );

  app.put(
    '/orglife/config',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '修改组织生活规则（生成新版本，园区管理员）',
        body: c.putConfig.body,
        response: { 200: c.putConfig.response },
      },
    },
    async (req) => putConfig(db, req.ctx, actorOf(req), req.body),
  );

  // ——— political birthdays ———

  app.get(
    '/orglife/birthdays/roster',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '政治生日名单（按月；支部书记：本支部，园区管理员：全园区，党员：本人）',
        querystring: c.roster.querystring,
        response: { 200: c.roster.response },
      },
    },
    async (req) => rosterPage(db, actorOf(req), req.query),
  );

  app.get(
    '/orglife/birthdays/completion',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '各支部政治生日清单完成率（当月与本年累计）',
        querystring: c.completion.querystring,
        response: { 200: c.completion.response },
      },
    },
    async (req) => completion(db, actorOf(req), req.query),
  );

  app.get(
    '/orglife/checklists/:personId/history',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '党员历年政治生日记录',
        params: c.checklistHistory.params,
        response: { 200: c.checklistHistory.response },
      },
    },
    async (req) => checklistHistory(db, actorOf(req), req.params.personId),
  );

  app.get(
    '/orglife/checklists/:personId/:year',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '党员某年的政治生日清单',
        params: c.checklist.params,
        response: { 200: c.checklist.response },
      },
    },
    async (req) => getChecklist(db, actorOf(req), req.params.personId, req.params.year),
  );

  app.patch(
    '/orglife/checklists/:personId/:year',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '勾选清单中的手工项目（支部书记）',
        params: c.patchChecklist.params,
        body: c.patchChecklist.body,
        response: { 200: c.patchChecklist.response },
      },
    },
    async (req) => patchChecklist(db, req.ctx, actorOf(req), req.params.personId, req.params.year, req.body),
  );

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

  // ——— symposiums ———

  app.get(
    '/orglife/symposiums',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '政治生日座谈会列表',
        querystring: c.symposiums.querystring,
        response: { 200: c.symposiums.response },
      },
    },
    async (req) => listSymposiums(db, actorOf(req), req.query),
  );

  app.post(
    '/orglife/symposiums',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '安排政治生日座谈会（支部或党总支；参加人员默认取当月名单）',
        body: c.createSymposium.body,
        response: { 201: c.createSymposium.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createSymposium(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/symposiums/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '座谈会详情',
        params: c.symposium.params,
        response: { 200: c.symposium.response },
      },
    },
    async (req) => getSymposium(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/orglife/symposiums/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '修改座谈会：时间地点、状态、纪要、照片',
        params: c.updateSymposium.params,
        body: c.updateSymposium.body,
        response: { 200: c.updateSymposium.response },
      },
    },
    async (req) => updateSymposium(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.put(
    '/orglife/symposiums/:id/attendees',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '参加人员与出席情况',
        params: c.putAttendees.params,
        body: c.putAttendees.body,
        response: { 200: c.putAttendees.response },
      },
    },
    async (req) => putAttendees(db, req.ctx, actorOf(req), req.params.id, req.body.items),
  );

  // ——— cards ———

  app.get(
    '/orglife/cards/:personId',
    {
      config: { access: ORGLIFE_READ },
      schema: {
        tags,
        summary: '政治生日贺卡（PNG 或 PDF）',
        params: c.card.params,
        querystring: c.card.querystring,
        response: { 200: file },
      },
    },
    async (req, reply) => {
      const { year, format, download } = req.query;
      const card = await memberCard(db, actorOf(req), req.params.personId, year, format);
      return sendFile(reply, {
        type: format === 'png' ? 'image/png' : 'application/pdf',
        fileName: card.fileName,
        body: card.body,
        disposition: download ? 'attachment' : 'inline',
      });
    },
  );

  app.post(
    '/orglife/cards/batches',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '生成一个月的全部贺卡（一个 PDF，后台进行，可查询进度）',
        body: c.startCardBatch.body,
        response: { 202: c.startCardBatch.response },
      },
    },
    async (req, reply) => reply.status(202).send(await startCardBatch(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/cards/batches/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '贺卡批次进度',
        params: c.cardBatch.params,
        response: { 200: c.cardBatch.response },
      },
    },
    async (req) => getCardBatch(db, actorOf(req), req.params.id),
  );

  app.get(
    '/orglife/cards/batches/:id/pdf',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '下载贺卡批次 PDF', params: c.cardBatchPdf.params, response: { 200: file } },
    },
    async (req, reply) => {
      const pdf = await cardBatchPdf(db, actorOf(req), req.params.id);
      return sendFile(reply, { type: 'application/pdf', fileName: pdf.fileName, body: pdf.body });
    },
  );

  // ——— meetings ———

  app.get(
    '/orglife/meetings/compliance',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '三会一课落实情况（红黄绿）',
        querystring: c.compliance.querystring,
        response: { 200: c.compliance.response },
      },
    },
    async (req) => complianceBoard(db, actorOf(req), req.query),
  );

  app.get(
    '/orglife/meetings',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '会议记录列表',
        querystring: c.meetings.querystring,
        response: { 200: c.meetings.response },
      },
    },
    async (req) => listMeetings(db, actorOf(req), req.query),
  );

  app.post(
    '/orglife/meetings',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '登记会议（三会一课、主题党日、组织生活会）',
        body: c.createMeeting.body,
        response: { 201: c.createMeeting.response },
      },
    },
    async (req, reply) => reply.status(201).send(await createMeeting(db, req.ctx, actorOf(req), req.body)),
  );

  app.get(
    '/orglife/meetings/:id',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '会议记录详情',
        params: c.meeting.params,
        response: { 200: c.meeting.response },
      },
    },
    async (req) => getMeeting(db, actorOf(req), req.params.id),
  );

  app.patch(
    '/orglife/meetings/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: {
        tags,
        summary: '修改会议记录',
        params: c.updateMeeting.params,
        body: c.updateMeeting.body,
        response: { 200: c.updateMeeting.response },
      },
    },
    async (req) => updateMeeting(db, req.ctx, actorOf(req), req.params.id, req.body),
  );

  app.delete(
    '/orglife/meetings/:id',
    {
      config: { access: ORGLIFE_WRITE },
      schema: { tags, summary: '删除会议记录', params: c.deleteMeeting.params, response: { 204: noContent } },
    },
    async (req, reply) => {
      await deleteMeeting(db, req.ctx, actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
};
