import { QueryClient } from '@tanstack/react-query';
import { isApiError, onUnauthenticated } from './client.js';
import { queryKeys } from './keys.js';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // Client errors (404 out of scope, 422, 401...) will not change by retrying.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
  // The session expired or was revoked: forget the signed-in user; the route guard redirects to sign-in.
  onUnauthenticated(() => {
    if (client.getQueryData(queryKeys.me) !== null) client.setQueryData(queryKeys.me, null);
  });
  return client;
}
