import { z } from 'zod';
import { ROLES } from '../permissions';
import { id, page, pageQuery, searchText, text } from '../schemas';
import { optionalEmail, password } from './auth';

/** Accounts, their role grants and the role catalogue (/api/accounts, /api/roles). */

export const roleGrant = z.object({
  id: z.string(),
  role: z.string(),
  label: z.string(),
  scopeNodeId: z.string(),
  scopeName: z.string(),
  scopeKind: z.string(),
});

export const account = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  personNumber: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  roles: z.array(roleGrant),
});
export type AccountView = z.infer<typeof account>;

export const roleInfo = z.object({
  role: z.enum(ROLES),
  label: z.string(),
  scopeKinds: z.array(z.string()),
  permissions: z.array(z.string()),
});
export type RoleInfo = z.infer<typeof roleInfo>;

/** A login name: letters, digits and _ . - (a 工号/学号 usually is one). */
export const username = z
  .string()
  .trim()
  .min(2, '用户名至少 2 位')
  .max(64, '用户名不能超过 64 位')
  .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字和 _ . -');

const displayName = text('显示名称', 50, '请输入显示名称');
const role = z.enum(ROLES, '角色不存在');
const accountParams = z.object({ id: id('账号编号') });

/** One live session of an account, as administrators see it (never its token or the token's hash). */
export const accountSession = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  idleExpiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request was made with. */
  current: z.boolean(),
});
export type AccountSessionView = z.infer<typeof accountSession>;

export const accountContracts = {
  roles: { response: z.object({ items: z.array(roleInfo) }) },
  list: {
    querystring: pageQuery.extend({
      q: searchText('搜索词', 100).optional(),
      role: role.optional(),
      disabled: z.enum(['true', 'false']).optional(),
    }),
    response: page(account),
  },
  get: { params: accountParams, response: account },
  create: {
    body: z.object({
      username: username.optional(),
      displayName: displayName.optional(),
      personId: id('人员编号').optional(),
      password: password.optional(),
    }),
    response: z.object({ account, temporaryPassword: z.string().optional() }),
  },
  update: {
    params: accountParams,
    body: z.object({
      displayName: displayName.optional(),
      disabled: z.boolean().optional(),
      email: optionalEmail.optional(),
    }),
    response: account,
  },
  resetPassword: { params: accountParams, response: z.object({ temporaryPassword: z.string() }) },
  grant: {
    params: accountParams,
    body: z.object({ role, scopeNodeId: z.string().uuid('请选择范围节点') }),
    response: roleGrant,
  },
  revoke: { params: z.object({ id: id('账号编号'), grantId: id('角色编号') }) },
  sessions: { params: accountParams, response: z.object({ items: z.array(accountSession) }) },
  endSession: { params: z.object({ id: id('账号编号'), sessionId: id('会话编号') }) },
  endSessions: {
    params: accountParams,
    response: z.object({ ok: z.literal(true), sessionsEnded: z.number().int() }),
  },
};
export type CreateAccountInput = z.infer<typeof accountContracts.create.body>;
export type UpdateAccountInput = z.infer<typeof accountContracts.update.body>;
