import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { showSuccess } from '../lib/feedback';
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
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
