/**
 * Why the console is about to find its session gone, so that the login page can say so: the idle
 * watcher sets it just before the check it makes at a deadline, and the router's 401 handler
 * (router.tsx) takes it when it sends the user to the login page.
 */
export type LogoutReason = 'idle' | 'expired';

let pending: LogoutReason | null = null;

export function expectLogout(reason: LogoutReason | null) {
  pending = reason;
}

/** The reason for the 401 being handled now, once (null for any other 401). */
export function takeLogoutReason(): LogoutReason | null {
  const r = pending;
  pending = null;
  return r;
}

/** How long before the idle deadline the console warns: a minute, or half a very short timeout. */
export const warnLeadMs = (idleTimeoutSeconds: number) => Math.min(60_000, (idleTimeoutSeconds * 1000) / 2);
