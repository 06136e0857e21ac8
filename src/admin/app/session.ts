import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../shared/api/client';
import { showSuccess } from '../shared/lib/feedback';
import { t } from '../locales';

/** Logs out (this device, or every device) and leaves for the login page before dropping cached data. */
export function useLogout() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      api.post<{ ok: boolean; sessionsEnded?: number }>(everywhere ? '/auth/logout-all' : '/auth/logout'),
    onSuccess: async (r, everywhere) => {
      showSuccess(everywhere ? t.layout.loggedOutAll(r?.sessionsEnded ?? 0) : t.layout.loggedOut);
      await Promise.resolve(navigate('/login', { replace: true }));
      qc.removeQueries();
    },
  });
}

/** Only same-site console paths are followed after login, never another origin. */
/**
 * Server-rendered pages outside the console that send people here to sign in first (the QR
 * check-in page of an activity). A `next` under one of these leaves the console after login.
 */
const SITE_PAGES = ['/checkin/'];

/** A `next` that is a page of the site outside the console, or null. */
export function siteNext(next: string | null): string | null {
  return next && SITE_PAGES.some((p) => next.startsWith(p)) && !next.includes('//') ? next : null;
}

export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
