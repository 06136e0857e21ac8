import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../platform/audit';
import { dummyPasswordHash, hashPassword, passwordSchema, verifyPassword } from './passwords';
import { clearSessionCookies, requireActor, setSessionCookies } from '../../platform/http/auth';
import { createSession, revokeAllSessions, revokeSession } from './sessions';
import { assertNotLocked, clearFailures, recordFailure } from './throttle';
import { accounts, people } from '../../platform/db/schema/index';
import { AppError, badRequest } from '../../errors';
import { optionalEmailSchema } from '../../platform/mail/outbox';
import { presentMe } from './presenter';

const loginBody = z.object({
  username: z.string().trim().min(1, '请输入工号、学号或用户名').max(64),
  password: z.string().min(1, '请输入密码').max(200),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, config } = app.deps;
  const db = database.db;
  const secure = (config.PUBLIC_URL ?? '').startsWith('https://');

  app.post(
    '/auth/login',
    { schema: { tags: ['auth'], summary: '登录', body: loginBody } },
    async (req, reply) => {
      const { username, password } = req.body;
      const ip = req.ip ?? null;
      await assertNotLocked(db, username, ip);
      // Login by username, or by 工号/学号 through the person the account belongs to.
      const [account] = await db
        .select()
        .from(accounts)
        .leftJoin(people, eq(people.id, accounts.personId))
        .where(sql`lower(${accounts.username}) = lower(${username}) or ${people.number} = ${username}`)
        .orderBy(sql`lower(${accounts.username}) = lower(${username}) desc`)
        .limit(1)
        .then((rows) => rows.map((r) => r.accounts));
      const ok = account
        ? await verifyPassword(account.passwordHash, password)
        : (await verifyPassword(await dummyPasswordHash(), password), false);
      if (!account || !ok) {
        await recordFailure(db, username, ip);
        throw new AppError(401, 'INVALID_CREDENTIALS', '账号或密码不正确');
      }
      if (account.disabledAt) throw new AppError(403, 'ACCOUNT_DISABLED', '该账号已停用，请联系管理员');
      await clearFailures(db, username);
      const session = await db.transaction(async (tx) => {
        const s = await createSession(tx, account.id, config.SESSION_TTL_HOURS, {
          ip,
          userAgent: req.headers['user-agent'] ?? null,
        });
        await tx.update(accounts).set({ lastLoginAt: new Date() }).where(eq(accounts.id, account.id));
        await audit(
          tx,
          { ...req.ctx, actor: null },
          {
            parkId: account.parkId,
            action: 'auth.session.login',
            entityType: 'account',
            entityId: account.id,
            after: { username: account.username },
          },
        );
        return s;
      });
      setSessionCookies(reply, session, secure);
      return { csrfToken: session.csrfToken, mustChangePassword: account.mustChangePassword };
    },
  );

  app.get('/auth/me', { schema: { tags: ['auth'], summary: '当前用户与可用菜单' } }, async (req) => {
    const actor = requireActor(req);
    return presentMe(actor, req.session?.csrfToken ?? '');
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: '退出登录' } }, async (req, reply) => {
    if (req.session) {
      const tokenHash = req.session.tokenHash;
      await db.transaction(async (tx) => {
        await revokeSession(tx, tokenHash);
        await audit(tx, req.ctx, {
          action: 'auth.session.logout',
          entityType: 'account',
          entityId: req.ctx.actor?.accountId,
        });
      });
    }
    clearSessionCookies(reply);
    return { ok: true };
  });

  app.post(
    '/auth/logout-all',
    { schema: { tags: ['auth'], summary: '退出所有设备' } },
    async (req, reply) => {
      const actor = requireActor(req);
      const count = await db.transaction(async (tx) => {
        const n = await revokeAllSessions(tx, actor.accountId);
        await audit(tx, req.ctx, {
          action: 'auth.session.logoutAll',
          entityType: 'account',
          entityId: actor.accountId,
          after: { sessionsEnded: n },
        });
        return n;
      });
      clearSessionCookies(reply);
      return { ok: true, sessionsEnded: count };
    },
  );

  const myEmail = z.object({ email: z.string().nullable() });

  app.get(
    '/auth/me/email',
    { schema: { tags: ['auth'], summary: '本人的通知邮箱', response: { 200: myEmail } } },
    async (req) => {
      const actor = requireActor(req);
      const [row] = await db
        .select({ email: accounts.email })
        .from(accounts)
        .where(eq(accounts.id, actor.accountId));
      return { email: row?.email ?? null };
    },
  );

  app.put(
    '/auth/me/email',
    {
      schema: {
        tags: ['auth'],
        summary: '设置本人的通知邮箱（空值清除）；配置 SMTP 后，政治生日提醒等通知同时发送邮件',
        body: z.object({ email: optionalEmailSchema }),
        response: { 200: myEmail },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const email = req.body.email;
      return db.transaction(async (tx) => {
        const [before] = await tx
          .select({ email: accounts.email })
          .from(accounts)
          .where(eq(accounts.id, actor.accountId));
        if ((before?.email ?? null) === email) return { email };
        await tx
          .update(accounts)
          .set({ email, updatedAt: new Date() })
          .where(eq(accounts.id, actor.accountId));
        await audit(tx, req.ctx, {
          action: 'auth.email.change',
          entityType: 'account',
          entityId: actor.accountId,
          before: { email: before?.email ?? null },
          after: { email },
        });
        return { email };
      });
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码',
        body: z.object({ currentPassword: z.string().min(1, '请输入当前密码'), newPassword: passwordSchema }),
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const [account] = await db.select().from(accounts).where(eq(accounts.id, actor.accountId));
      if (!account || !(await verifyPassword(account.passwordHash, req.body.currentPassword))) {
        throw badRequest('WRONG_PASSWORD', '当前密码不正确', { currentPassword: '当前密码不正确' });
      }
      if (req.body.currentPassword === req.body.newPassword) {
        throw badRequest('PASSWORD_UNCHANGED', '新密码不能与当前密码相同', {
          newPassword: '新密码不能与当前密码相同',
        });
      }
      const passwordHash = await hashPassword(req.body.newPassword);
      await db.transaction(async (tx) => {
        await tx
          .update(accounts)
          .set({
            passwordHash,
            mustChangePassword: false,
            passwordChangedAt: new Date(),
            updatedAt: new Date(),
          })
          .where(eq(accounts.id, actor.accountId));
        // Other devices signed in with the old password are signed out.
        await revokeAllSessions(tx, actor.accountId, req.session?.tokenHash);
        await audit(tx, req.ctx, {
          action: 'auth.password.change',
          entityType: 'account',
          entityId: actor.accountId,
        });
      });
      return { ok: true };
    },
  );
};
