import { useInfiniteQuery } from '@tanstack/react-query';
import { http } from './client.js';
import type { AuditPage } from './types.js';

/** Audit history of one record, newest first. Follows `nextCursor` only when the server sends one. */
export function useAuditLog(queryKey: readonly unknown[], path: string, enabled = true) {
  return useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => http.get<AuditPage>(path, pageParam ? { cursor: pageParam } : {}, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
