import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { authApi } from '../areas/auth/api';
import { showSuccess } from '../shared/lib/feedback';
import { t } from '../locales';

/** Logs out (this device, or every device) and leaves for the login page before dropping cached data. */
export function useLogout() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return useMutation({
    /** Resolves to the number of sessions ended (0 for this device only). */
    mutationFn: async (everywhere: boolean) => {
      if (!everywhere) return (void (await authApi.logout()), 0);
      return (await authApi.logoutAll())?.sessionsEnded ?? 0;
    },
    onSuccess: async (ended, everywhere) => {
      showSuccess(everywhere ? t.layout.loggedOutAll(ended) : t.layout.loggedOut);
      await Promise.resolve(navigate('/login', { replace: true }));
      qc.removeQueries();
    },
  });
}

/**
 * Server-rendered pages outside the console that send people here to sign in first (the QR
 * check-in page of an activity). A `next` under one of these leaves the console after login.
 */
const SITE_PAGES = ['/checkin/'];

/** A `next` that is a page of the site outside the console, or null. */
export function siteNext(next: string | null): string | null {
  return next && SITE_PAGES.some((p) => next.startsWith(p)) && !next.includes('//') ? next : null;
}

/** Only same-site console paths are followed after login, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
