import type { z } from 'zod';
import type { authContracts } from '../../../common/contracts/auth';
import { api } from '../../shared/api/client';

/** Signing in and out, the signed-in user, password, own email, first-run setup (/api/auth, /api/setup). */
type C = typeof authContracts;
export type Me = z.infer<C['me']['response']>;
export type SessionInfo = z.infer<C['session']['response']>;
export type LoginBody = z.input<C['login']['body']>;
export type LoginResult = z.infer<C['login']['response']>;
export type SetupBody = z.input<C['setup']['body']>;
export type SetupCheck = z.infer<C['setupCheck']['response']>;
export type ChangePasswordBody = z.input<C['changePassword']['body']>;

export const authKeys = {
  me: ['auth', 'me'] as const,
  /** Under `me`, so refreshing the user refreshes it too. */
  myEmail: ['auth', 'me', 'email'] as const,
  setup: (token: string) => ['setup', token] as const,
};

export const authApi = {
  login: (body: LoginBody) => api.post<LoginResult>('/auth/login', body),
  logout: () => api.post<z.infer<C['logout']['response']>>('/auth/logout'),
  logoutAll: () => api.post<z.infer<C['logoutAll']['response']>>('/auth/logout-all'),
  me: (signal?: AbortSignal) => api.get<Me>('/auth/me', undefined, signal),
  /** This session's deadlines; not counted as activity (it does not keep the session alive). */
  session: (signal?: AbortSignal) => api.get<SessionInfo>('/auth/session', undefined, signal),
  myEmail: (signal?: AbortSignal) =>
    api.get<z.infer<C['getEmail']['response']>>('/auth/me/email', undefined, signal),
  setMyEmail: (email: string) => api.put<z.infer<C['setEmail']['response']>>('/auth/me/email', { email }),
  changePassword: (body: ChangePasswordBody) =>
    api.post<z.infer<C['changePassword']['response']>>('/auth/password', body),
  setupCheck: (token: string, signal?: AbortSignal) =>
    api.get<SetupCheck>(`/setup/${encodeURIComponent(token)}`, undefined, signal),
  setup: (body: SetupBody) => api.post<z.infer<C['setup']['response']>>('/setup', body),
};
