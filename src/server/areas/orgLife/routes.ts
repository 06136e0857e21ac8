import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { orgLifeContracts as c } from '../../../common/contracts/orgLife';
import { actorOf } from '../../platform/http/guard';
import { ORGLIFE_WRITE } from './policy';
import { currentConfig } from './config';
import { putConfig } from './commands/putConfig';
import { birthdayRoutes } from './birthdayRoutes';
import { recordRoutes } from './recordRoutes';
import { symposiumRoutes } from './symposiumRoutes';
import { meetingRoutes } from './meetingRoutes';

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
 *
 * This file keeps the local rules and registers one plugin per subject, in this order (the order
 * of the OpenAPI document): birthdayRoutes.ts (roster, completion, checklists), recordRoutes.ts
 * (thought reports, goals, proposals), symposiumRoutes.ts (symposiums, cards), meetingRoutes.ts
 * (meetings, compliance).
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

  await app.register(birthdayRoutes);
  await app.register(recordRoutes);
  await app.register(symposiumRoutes);
  await app.register(meetingRoutes);
};
