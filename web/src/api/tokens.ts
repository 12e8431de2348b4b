import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { ApiToken, CreatedApiToken, Page } from './types.js';

const base = '/api/v1/tokens';

export function useTokens() {
  return useInfiniteQuery({
    queryKey: queryKeys.tokens,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      http.get<Page<ApiToken>>(base, pageParam ? { cursor: pageParam } : undefined, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => http.post<CreatedApiToken>(base, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}
