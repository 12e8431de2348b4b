import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Page, Role, User, UserStatus } from './types.js';

export interface UserListParams {
  q?: string;
  role?: Role;
  teamId?: string;
  status?: UserStatus;
  limit?: number;
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  teamId?: string | null;
  password: string;
  locale?: string;
  timeZone?: string;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  teamId?: string | null;
  status?: UserStatus;
  locale?: string;
  timeZone?: string;
  password?: string;
}

const base = '/api/v1/users';

export function fetchUsers(params: UserListParams, signal?: AbortSignal) {
  return http.get<Page<User>>(base, { ...params }, signal);
}

export function useUserList(params: UserListParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.userList(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => http.get<Page<User>>(base, { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) => http.post<User>(base, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
    },
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: UpdateUserInput }) =>
      http.patch<User>(`${base}/${seg(id)}`, patch),
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams });
      // Editing oneself (e.g. name) changes the header.
      const me = queryClient.getQueryData<{ user: User; csrfToken: string }>(queryKeys.me);
      if (me && me.user.id === user.id) queryClient.setQueryData(queryKeys.me, { ...me, user });
    },
  });
}
