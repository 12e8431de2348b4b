import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useAuditLog } from './audit.js';
import { api, http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Contact, Page, Seniority, SortOrder, TemperatureDetails } from './types.js';

export const CONTACT_SORTS = ['createdAt', 'updatedAt', 'lastName', 'firstName'] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export interface ContactListParams {
  q?: string;
  ownerId?: string;
  accountId?: string;
  source?: string;
  seniority?: string;
  sort?: ContactSort;
  order?: SortOrder;
  limit?: number;
}

export interface ContactInput {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  jobTitle?: string | null;
  seniority?: Seniority | null;
  accountId?: string | null;
  ownerId?: string | null;
  source?: string | null;
  campaign?: string | null;
}

const base = '/api/v1/contacts';

export function useContactList(params: ContactListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.contactList(params),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => http.get<Page<Contact>>(base, { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: queryKeys.contact(id),
    queryFn: ({ signal }) => http.get<Contact>(`${base}/${seg(id)}`, undefined, signal),
  });
}

/** Why the lead is cold, warm or qualified; refreshed often, since events move it within a second. */
export function useContactTemperature(id: string) {
  return useQuery({
    queryKey: queryKeys.contactTemperature(id),
    queryFn: ({ signal }) => http.get<TemperatureDetails>(`${base}/${seg(id)}/temperature`, undefined, signal),
    refetchInterval: 5000,
  });
}

export function useContactAudit(id: string) {
  return useAuditLog(queryKeys.contactAudit(id), `${base}/${seg(id)}/audit`);
}

export function useCreateContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ input, allowDuplicate }: { input: ContactInput; allowDuplicate?: boolean }) =>
      http.post<Contact>(base, input, allowDuplicate ? { allowDuplicate: true } : undefined),
    onSuccess: (contact) => {
      queryClient.setQueryData(queryKeys.contact(contact.id), contact);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}

export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, allowDuplicate }: { patch: ContactInput; allowDuplicate?: boolean }) =>
      api<Contact>('PATCH', `${base}/${seg(id)}`, {
        body: patch,
        ...(allowDuplicate ? { query: { allowDuplicate: true } } : {}),
      }),
    onSuccess: (contact) => {
      queryClient.setQueryData(queryKeys.contact(id), contact);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}

export function useDeleteContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.contact(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}
