import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { passwordSchema } from './passwords';
import { SETUP_TOKEN_KEY, createFirstAdmin } from './bootstrap';
import { appSettings } from '../../platform/db/schema/index';
import { AppError } from '../../errors';
import { sha256 } from '../../platform/crypto';
import { timingSafeEqual } from 'node:crypto';

/** The one-time setup link printed on a first start without ADMIN_USERNAME / ADMIN_PASSWORD. */
export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  async function checkToken(token: string) {
    const [row] = await db.select().from(appSettings).where(eq(appSettings.key, SETUP_TOKEN_KEY));
    const expected = Buffer.from(String(row?.value ?? ''));
    const given = Buffer.from(sha256(token));
    if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError(404, 'SETUP_NOT_AVAILABLE', '初始化链接无效或已使用');
    }
  }

  app.get(
    '/setup/:token',
    {
      schema: {
        tags: ['setup'],
        summary: '检查初始化链接',
        params: z.object({ token: z.string().max(100) }),
      },
    },
    async (req) => {
      await checkToken(req.params.token);
      return { ok: true, parkName: app.deps.config.PARK_NAME };
    },
  );

  app.post(
    '/setup',
    {
      schema: {
        tags: ['setup'],
        summary: '创建第一个园区管理员',
        body: z.object({
          token: z.string().min(1).max(100),
          parkName: z.string().trim().min(1, '请输入园区名称').max(100),
          username: z
            .string()
            .trim()
            .min(3, '用户名至少 3 位')
            .max(64)
            .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字和 _ . -'),
          displayName: z.string().trim().min(1, '请输入姓名').max(50),
          password: passwordSchema,
        }),
      },
    },
    async (req) => {
      await checkToken(req.body.token);
      const { parkId } = await createFirstAdmin(db, req.body);
      return { ok: true, parkId };
    },
  );
};
