import { z } from 'zod';
import { PERMISSIONS, ROLES } from '../permissions';
import { ok, rawText, text } from '../schemas';

/** Signing in and out, the signed-in user, their password and notification email, first-run setup. */

// Passwords: ≥ 8 characters with letters and digits (argon2id hashes on the server).
export const password = z
  .string()
  .min(8, '密码至少 8 位')
  .max(128, '密码不能超过 128 位')
  .refine((p) => /[A-Za-z]/.test(p) && /\d/.test(p), '密码须同时包含字母和数字');

const EMAIL_MESSAGE = '请输入正确的邮箱地址，例如 name@example.com';
const isEmail = (v: string) => z.email().safeParse(v).success;
/** An email address as accounts keep it; '' or null clears it. Output: the trimmed address or null. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254, '邮箱地址不能超过 254 个字符')
  .refine((v) => v === '' || isEmail(v), EMAIL_MESSAGE)
  .transform((v) => (v === '' ? null : v))
  .nullable();

/**
 * When the caller's session ends: `idleExpiresAt` moves forward with each request (the console
 * warns a minute before it), `expiresAt` is the absolute end. `serverTime` lets the console
 * correct for its own clock.
 */
export const sessionInfo = z.object({
  id: z.string(),
  idleExpiresAt: z.string(),
  expiresAt: z.string(),
  idleTimeoutSeconds: z.number().int(),
  serverTime: z.string(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

export const me = z.object({
  accountId: z.string(),
  username: z.string(),
  displayName: z.string(),
  personId: z.string().nullable(),
  parkId: z.string(),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  roles: z.array(
    z.object({ role: z.enum(ROLES), label: z.string(), scopeNodeId: z.string(), scopeKind: z.string() }),
  ),
  /** Held anywhere, including over oneself: decides buttons. */
  permissions: z.array(z.enum(PERMISSIONS)),
  /** Held through a role: decides the menu and the list pages. */
  rolePermissions: z.array(z.enum(PERMISSIONS)),
  /** This session's deadlines (null only without a cookie session). */
  session: sessionInfo.nullable(),
});
export type Me = z.infer<typeof me>;

const myEmail = z.object({ email: z.string().nullable() });

export const authContracts = {
  login: {
    body: z.object({
      username: text('用户名', 64, '请输入工号、学号或用户名'),
      password: rawText('密码', 200).min(1, '请输入密码'),
    }),
    response: z.object({ csrfToken: z.string(), mustChangePassword: z.boolean() }),
  },
  me: { response: me },
  session: { response: sessionInfo },
  logout: { response: ok },
  logoutAll: { response: z.object({ ok: z.literal(true), sessionsEnded: z.number().int() }) },
  getEmail: { response: myEmail },
  setEmail: { body: z.object({ email: optionalEmail }), response: myEmail },
  changePassword: {
    body: z.object({
      currentPassword: rawText('当前密码', 200).min(1, '请输入当前密码'),
      newPassword: password,
    }),
    response: ok,
  },
  setupCheck: {
    params: z.object({ token: rawText('设置链接', 100) }),
    response: z.object({ ok: z.literal(true), parkName: z.string() }),
  },
  setup: {
    body: z.object({
      token: rawText('设置链接', 100).min(1, '设置链接不正确'),
      parkName: text('园区名称', 100, '请输入园区名称'),
      username: z
        .string()
        .trim()
        .min(3, '用户名至少 3 位')
        .max(64)
        .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字和 _ . -'),
      displayName: text('姓名', 50, '请输入姓名'),
      password,
    }),
    response: z.object({ ok: z.literal(true), parkId: z.string() }),
  },
};
export type LoginInput = z.infer<typeof authContracts.login.body>;
export type SetupInput = z.infer<typeof authContracts.setup.body>;
