import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authContracts as c } from '../../../common/contracts/auth';
import { actorOf } from '../../platform/http/guard';
import { clearSessionCookies, setSessionCookies } from '../../platform/http/auth';
import { changeOwnEmail } from './commands/changeEmail';
import { changeOwnPassword } from './commands/changePassword';
import { login } from './commands/login';
import { logout, logoutEverywhere } from './commands/logout';
import { checkSetupToken, completeSetup } from './commands/setup';
import { presentMe, presentSessionInfo } from './presenter';
import { unauthorized } from '../../errors';
import { ownEmail } from './queries';

const tags = ['auth'];

/**
 * Signing in and the first-run setup: public. Login and setup are exempt from the CSRF check
 * (they start a session); logout is public so that it always succeeds, but a logout made with a
 * session still carries its CSRF token.
 */
export const authPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  const { database, config } = app.deps;
  const db = database.db;
  const secure = (config.PUBLIC_URL ?? '').startsWith('https://');

  app.post(
    '/auth/login',
    {
      config: { access: 'public', csrfExempt: true },
      schema: { tags, summary: '登录', body: c.login.body, response: { 200: c.login.response } },
    },
    async (req, reply) => {
      const { session, mustChangePassword } = await login(db, req.ctx, req.body, {
        ip: req.ip ?? null,
        userAgent: req.headers['user-agent'] ?? null,
        policy: { absoluteHours: config.SESSION_TTL_HOURS, idleMinutes: config.SESSION_IDLE_MINUTES },
      });
      setSessionCookies(reply, session, secure);
      return { csrfToken: session.csrfToken, mustChangePassword };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public', duringPasswordChange: true },
      schema: { tags, summary: '退出登录', response: { 200: c.logout.response } },
    },
    async (req, reply) => {
      if (req.session) await logout(db, req.ctx, req.session.tokenHash);
      clearSessionCookies(reply);
      return { ok: true as const };
    },
  );

  app.get(
    '/setup/:token',
    {
      config: { access: 'public' },
      schema: {
        tags: ['setup'],
        summary: '检查初始化链接',
        params: c.setupCheck.params,
        response: { 200: c.setupCheck.response },
      },
    },
    async (req) => {
      await checkSetupToken(db, req.params.token);
      return { ok: true as const, parkName: config.PARK_NAME };
    },
  );

  app.post(
    '/setup',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['setup'],
        summary: '创建第一个园区管理员',
        body: c.setup.body,
        response: { 200: c.setup.response },
      },
    },
    async (req) => {
      const { parkId } = await completeSetup(db, req.body);
      return { ok: true as const, parkId };
    },
  );
};

/** The signed-in user's own session, password and email. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = app.deps.database.db;

  app.get(
    '/auth/me',
    {
      config: { access: 'signedIn', duringPasswordChange: true },
      schema: { tags, summary: '当前用户与可用菜单', response: { 200: c.me.response } },
    },
    async (req) => presentMe(actorOf(req), req.session),
  );

  app.get(
    '/auth/session',
    {
      // Reading the deadline is not activity: otherwise the console's own check would keep an
      // unattended session alive for ever.
      config: { access: 'signedIn', duringPasswordChange: true, passiveSession: true },
      schema: {
        tags,
        summary: '本会话的到期时间（不计为操作，不延长会话）',
        response: { 200: c.session.response },
      },
    },
    async (req) => {
      if (!req.session) throw unauthorized();
      return presentSessionInfo(req.session);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '退出所有设备', response: { 200: c.logoutAll.response } },
    },
    async (req, reply) => {
      const sessionsEnded = await logoutEverywhere(db, req.ctx, actorOf(req));
      clearSessionCookies(reply);
      return { ok: true as const, sessionsEnded };
    },
  );

  app.get(
    '/auth/me/email',
    {
      config: { access: 'signedIn' },
      schema: { tags, summary: '本人的通知邮箱', response: { 200: c.getEmail.response } },
    },
    async (req) => ownEmail(db, actorOf(req)),
  );

  app.put(
    '/auth/me/email',
    {
      config: { access: 'signedIn' },
      schema: {
        tags,
        summary: '设置本人的通知邮箱（空值清除）；配置 SMTP 后，政治生日提醒等通知同时发送邮件',
        body: c.setEmail.body,
        response: { 200: c.setEmail.response },
      },
    },
    async (req) => changeOwnEmail(db, req.ctx, actorOf(req), req.body.email),
  );

  app.post(
    '/auth/password',
    {
      config: { access: 'signedIn', duringPasswordChange: true },
      schema: {
        tags,
        summary: '修改密码',
        body: c.changePassword.body,
        response: { 200: c.changePassword.response },
      },
    },
    async (req) => {
      await changeOwnPassword(db, req.ctx, actorOf(req), req.body, req.session?.tokenHash);
      return { ok: true as const };
    },
  );
};
