import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http } from './client.js';
import { queryKeys } from './keys.js';

/** The websites marketing tracks and the script tag their pages carry (GET/PUT /api/v1/tracking/sites). */
export interface TrackedSites {
  domains: string[];
  updatedBy: string | null;
  updatedAt: string | null;
  snippet: string;
}

const path = '/api/v1/tracking/sites';

export function useTrackedSites() {
  return useQuery({
    queryKey: queryKeys.trackedSites,
    queryFn: ({ signal }) => http.get<TrackedSites>(path, undefined, signal),
  });
}

export function useSaveTrackedSites() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (domains: string[]) => http.put<TrackedSites>(path, { domains }),
    onSuccess: (saved) => queryClient.setQueryData(queryKeys.trackedSites, saved),
  });
}
