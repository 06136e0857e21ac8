import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { actorOf } from '../../platform/http/guard';
import { ORGLIFE_READ, ORGLIFE_WRITE } from './policy';
import { patchChecklist } from './commands/patchChecklist';
import { checklistHistory, completion, getChecklist, rosterPage } from './queries/birthdays';

const tags = ['orgLife'];

/**
 * Political birthdays: the month's roster, each branch's completion, and one member's checklist
 * (its history, one year, the secretary's ticks on the manual items). Registered by routes.ts.
 */
export const birthdayRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

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
};
