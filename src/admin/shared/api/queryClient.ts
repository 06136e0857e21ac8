import { MutationCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './client';
import { showError } from '../lib/feedback';

declare module '@tanstack/react-query' {
  interface Register {
    /** `quiet: true` on a mutation: the caller shows its own error (e.g. inline in a form). */
    mutationMeta: { quiet?: boolean };
  }
}

/** Client errors (4xx) are answers, not glitches: they are not retried. */
function shouldRetry(failureCount: number, error: unknown) {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
  mutationCache: new MutationCache({
    onError: (error, _vars, _ctx, mutation) => {
      if (!mutation.meta?.quiet) showError(error);
    },
  }),
});
