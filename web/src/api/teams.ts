import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Page, Team } from './types.js';

const base = '/api/v1/teams';

/**
 * All teams. docs/api.md lists no query parameters for this endpoint (and unknown ones are rejected), so the
 * request carries none; should the server ever page teams, the following pages are fetched too.
 */
export function useTeams() {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: async ({ signal }): Promise<Team[]> => {
      const teams: Team[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Team> = await http.get<Page<Team>>(base, cursor ? { cursor } : undefined, signal);
        teams.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return teams;
    },
  });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => http.post<Team>(base, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
  });
}

export function useRenameTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) => http.patch<Team>(`${base}/${seg(id)}`, { name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.teams }),
  });
}

export function useDeleteTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
  });
}
