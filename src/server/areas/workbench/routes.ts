import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { workbenchContracts as c } from '../../../common/contracts/workbench';
import { actorOf } from '../../platform/http/guard';
import { buildWorkbench } from './service';

export const workbenchRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/workbench',
    {
      config: { access: 'signedIn' },
      schema: {
        tags: ['workbench'],
        summary: '工作台：当前登录人现在要做的事（逾期、待办、提醒），园区管理员另有初始设置清单',
        response: { 200: c.get.response },
      },
    },
    async (req) => buildWorkbench(db, actorOf(req), req.log),
  );
};
