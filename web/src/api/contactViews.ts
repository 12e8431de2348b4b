import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Page } from './types.js';

const base = '/api/v1/contact-views';

/** The leads list's filters as a saved view holds them (the list's query parameters). */
export type ViewFilters = Record<string, string | number>;

/** A saved view of the leads list: yours, or someone's shared one. */
export interface ContactView {
  id: string;
  name: string;
  shared: boolean;
  filters: ViewFilters;
  owner: { id: string; name: string };
  /** Whether you may rename, share or delete it. */
  editable: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ContactViewInput {
  name: string;
  shared: boolean;
  filters: ViewFilters;
}

/** Largest page the API serves; a person keeps at most 50 views, so most lists are one page. */
const PAGE = 200;

/** Every view you may pick (yours and the shared ones), by name. */
export function useContactViews() {
  return useQuery({
    queryKey: queryKeys.contactViews,
    queryFn: async ({ signal }) => {
      const views: ContactView[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<ContactView> = await http.get<Page<ContactView>>(
          base,
          { limit: PAGE, ...(cursor ? { cursor } : {}) },
          signal,
        );
        views.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return views;
    },
  });
}

export function useCreateContactView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactViewInput) => http.post<ContactView>(base, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.contactViews }),
  });
}

export function useUpdateContactView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: Partial<ContactViewInput> & { id: string }) =>
      http.patch<ContactView>(`${base}/${seg(id)}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.contactViews }),
  });
}

export function useDeleteContactView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.contactViews }),
  });
}
