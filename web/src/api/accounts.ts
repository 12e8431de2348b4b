import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuditLog } from './audit.js';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Account, Page, SortOrder } from './types.js';

export const ACCOUNT_SORTS = ['name', 'createdAt', 'updatedAt'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

export interface AccountListParams {
  q?: string;
  ownerId?: string;
  industry?: string;
  country?: string;
  sort?: AccountSort;
  order?: SortOrder;
  limit?: number;
}

export interface AccountInput {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  employeeCount?: number | null;
  country?: string | null;
  city?: string | null;
  annualRevenue?: number | null;
  ownerId?: string | null;
}

const base = '/api/v1/accounts';

export function fetchAccounts(params: AccountListParams, signal?: AbortSignal) {
  return http.get<Page<Account>>(base, { ...params }, signal);
}

export function useAccountList(params: AccountListParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.accountList(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => http.get<Page<Account>>(base, { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string) {
  return useQuery({
    queryKey: queryKeys.account(id),
    queryFn: ({ signal }) => http.get<Account>(`${base}/${seg(id)}`, undefined, signal),
  });
}

export function useAccountAudit(id: string) {
  return useAuditLog(queryKeys.accountAudit(id), `${base}/${seg(id)}/audit`);
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AccountInput) => http.post<Account>(base, input),
    onSuccess: (account) => {
      queryClient.setQueryData(queryKeys.account(account.id), account);
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}

export function useUpdateAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: AccountInput) => http.patch<Account>(`${base}/${seg(id)}`, patch),
    onSuccess: (account) => {
      queryClient.setQueryData(queryKeys.account(id), account);
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
      // Contacts show the account name.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
}

export function useDeleteAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.account(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
  });
}
