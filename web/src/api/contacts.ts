import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { useAuditLog } from './audit.js';
import { api, buildUrl, http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type {
  Contact,
  ContactListItem,
  FitGrade,
  MergeChoice,
  Page,
  ReasonFilter,
  Role,
  Seniority,
  SortOrder,
  Temperature,
  TemperatureDetails,
  TimelineItem,
} from './types.js';

export const CONTACT_SORTS = [
  'createdAt',
  'updatedAt',
  'lastName',
  'firstName',
  'fitScore',
  'engagementScore',
] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export interface ContactListParams {
  q?: string;
  ownerId?: string;
  accountId?: string;
  source?: string;
  seniority?: string;
  temperature?: Temperature;
  fitGrade?: FitGrade;
  minFitScore?: number;
  maxFitScore?: number;
  minEngagement?: number;
  campaign?: string;
  /** Why the lead is at its temperature: a group of reasons of its latest change. */
  reason?: ReasonFilter;
  /** An event type among the reasons of its latest change (e.g. form_submitted). */
  reasonEvent?: string;
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
    queryFn: ({ pageParam, signal }) => http.get<Page<ContactListItem>>(base, { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The CSV download of every contact the list's filters show (a plain GET: the session cookie goes along). */
export function contactExportUrl(params: ContactListParams): string {
  const { limit: _limit, ...filters } = params;
  return buildUrl(`${base}/export.csv`, { ...filters });
}

/** Fields whose values in use the leads list suggests (`GET /contacts/values`). */
export type ContactValueField = 'source' | 'campaign';

/** Values of a field in use on the contacts the user may see, matching what was typed (folded). */
export function useContactValues(field: ContactValueField, q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.contactValues(field, q),
    queryFn: ({ signal }) => http.get<{ items: string[] }>(`${base}/values`, { field, q: q || undefined }, signal),
    staleTime: 60_000,
    enabled,
  });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: queryKeys.contact(id),
    queryFn: ({ signal }) => http.get<Contact>(`${base}/${seg(id)}`, undefined, signal),
  });
}

/** Contacts whose page has a live stream open (by number of open streams), for the polls below. */
const liveStreams = new Map<string, number>();
const liveListeners = new Set<() => void>();

function setStreamLive(id: string, delta: 1 | -1): void {
  const n = (liveStreams.get(id) ?? 0) + delta;
  if (n > 0) liveStreams.set(id, n);
  else liveStreams.delete(id);
  for (const listener of liveListeners) listener();
}

function subscribeLive(onChange: () => void): () => void {
  liveListeners.add(onChange);
  return () => liveListeners.delete(onChange);
}

/** Whether the server is telling this page about the contact's changes as they happen. */
export function useContactIsLive(id: string): boolean {
  return useSyncExternalStore(subscribeLive, () => (liveStreams.get(id) ?? 0) > 0);
}

/** How often the temperature is asked for while the live stream is up (a safety net) and while it is not. */
export const TEMPERATURE_POLL_MS = { live: 30_000, polling: 1000 } as const;
/** The server pings every 25 s: this long without a word, the stream is taken for dead and opened again. */
const SILENT_STREAM_MS = 60_000;
/** After the server refused the stream (503 while it cannot listen), another try this much later. */
const REOPEN_MS = 5000;

/**
 * Follows the contact live: the server's event stream (`/contacts/:id/live`) says when its scores,
 * temperature or timeline changed (or it was deleted or merged away), and the page asks for them at once. While the stream is down (the
 * browser reconnects by itself) the temperature is polled every second instead. A hidden tab closes its
 * stream (browsers allow six connections to a server over HTTP/1.1) and reads the contact again when shown.
 */
export function useContactLive(id: string): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let live = false;
    let lastHeard = 0;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    const setLive = (next: boolean) => {
      if (next === live) return;
      live = next;
      setStreamLive(id, next ? 1 : -1);
    };
    // The temperature and the contact are fetched again even if a fetch is under way (it may have read
    // before the change). The timeline's refresh never cancels a page being loaded ("load more"): it waits,
    // and the timeline also follows the temperature (ContactTimeline.tsx).
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactTemperature(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contact(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactPrediction(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contactTimeline(id) }, { cancelRefetch: false });
    };
    const close = () => {
      source?.close();
      source = null;
      if (reopen) clearTimeout(reopen);
      reopen = null;
      setLive(false);
    };
    const openStream = () => {
      close();
      const s = new EventSource(`${base}/${seg(id)}/live`);
      source = s;
      lastHeard = Date.now();
      const heard = () => (lastHeard = Date.now());
      s.addEventListener('ready', () => {
        heard();
        setLive(true);
        // Whatever changed while the stream was down (or before it opened) is read again.
        refresh();
      });
      s.addEventListener('changed', () => {
        heard();
        refresh();
      });
      s.addEventListener('ping', heard);
      s.addEventListener('error', () => {
        setLive(false);
        // Refused (not a dropped connection, which the browser retries itself): try again later.
        if (s.readyState === EventSource.CLOSED && source === s) reopen ??= setTimeout(openStream, REOPEN_MS);
      });
    };
    const watchdog = setInterval(() => {
      if (source && Date.now() - lastHeard > SILENT_STREAM_MS) openStream();
    }, 10_000);
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') close();
      else if (!source) openStream();
    };
    document.addEventListener('visibilitychange', onVisibility);
    if (document.visibilityState !== 'hidden') openStream();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      clearInterval(watchdog);
      close();
    };
  }, [id, queryClient]);
}

/** Why the lead is cold, warm or qualified; refreshed as soon as the live stream says it changed. */
export function useContactTemperature(id: string) {
  const live = useContactIsLive(id);
  return useQuery({
    queryKey: queryKeys.contactTemperature(id),
    queryFn: ({ signal }) => http.get<TemperatureDetails>(`${base}/${seg(id)}/temperature`, undefined, signal),
    refetchInterval: live ? TEMPERATURE_POLL_MS.live : TEMPERATURE_POLL_MS.polling,
  });
}

export type QualificationDecision = 'qualified' | 'not_qualified';

export interface QualificationInput {
  /** `null` lets the scores decide again. */
  decision: QualificationDecision | null;
  /** Why the lead is not qualified (1-500 characters); only with `not_qualified`. */
  reason?: string;
}

/**
 * Marketing decides a lead by hand: qualified (stays qualified whatever the scores), not qualified (back to
 * nurture, with an optional reason), or `null` to let the scores decide again. Admin and marketing only.
 */
export function useSetQualification(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: QualificationInput) =>
      http.put<Pick<TemperatureDetails, 'temperature' | 'reasons'>>(`${base}/${seg(id)}/qualification`, input),
    onSuccess: (result) => {
      // Show the new temperature at once; the refetch brings the scores and history that go with it.
      queryClient.setQueryData<TemperatureDetails>(queryKeys.contactTemperature(id), (old) =>
        old ? { ...old, temperature: result.temperature, reasons: result.reasons } : old,
      );
      // One prefix covers them all: this temperature, the contact, the lists (temperature column and
      // filters), its timeline and its audit history.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
    },
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

/** What the contact did and how their temperature moved, newest first, a page at a time. */
export function useContactTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.contactTimeline(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      http.get<Page<TimelineItem>>(`${base}/${seg(id)}/timeline`, { cursor: pageParam, limit: 50 }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 10_000,
  });
}

export interface DuplicateProbe {
  email?: string | null;
  phone?: string | null;
  firstName?: string;
  lastName?: string;
  accountId?: string | null;
}

/** Contacts that look like the given person (same email, E.164 phone, or name at the same account). */
export function useContactDuplicates(probe: DuplicateProbe, enabled = true) {
  return useQuery({
    queryKey: queryKeys.contactDuplicates(probe),
    enabled,
    queryFn: ({ signal }) =>
      http.get<{ items: Contact[] }>(
        `${base}/duplicates`,
        {
          email: probe.email,
          phone: probe.phone,
          firstName: probe.firstName,
          lastName: probe.lastName,
          accountId: probe.accountId,
        },
        signal,
      ),
  });
}

/** The same rule as the API's: only admins and marketing erase a person's data. */
export function canEraseContacts(role: Role): boolean {
  return role === 'admin' || role === 'marketing';
}

/** How many rows of each kind an erasure removed (audit entries: redacted). */
export type ErasureCounts = Record<string, number>;

/**
 * Erases the person (GDPR Article 17): the contact and everything that identifies them. `confirm` is the
 * contact's email (else phone, else id), as the API requires.
 */
export function useEraseContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, confirm }: { id: string; confirm: string }) =>
      http.post<{ id: string; erased: ErasureCounts }>(`${base}/${seg(id)}/erase`, { confirm }),
    onSuccess: (_result, { id }) => {
      queryClient.removeQueries({ queryKey: queryKeys.contact(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}

/** Merges `duplicateId` into contact `winnerId`: the winner keeps its id and both histories. */
export function useMergeContacts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ winnerId, duplicateId, fields }: { winnerId: string; duplicateId: string; fields: MergeChoice }) =>
      http.post<Contact>(`${base}/${seg(winnerId)}/merge`, { duplicateId, fields }),
    onSuccess: (contact, { duplicateId }) => {
      queryClient.removeQueries({ queryKey: queryKeys.contact(duplicateId) });
      queryClient.setQueryData(queryKeys.contact(contact.id), contact);
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}

/**
 * Who may give many leads an owner at once: those who may assign leads to someone else (the API's rule:
 * admins and marketing to anyone, sales managers within their team; reps only ever own their own leads).
 */
export function canAssignOwners(role: Role): boolean {
  return role === 'admin' || role === 'marketing' || role === 'sales_manager';
}

/** The largest number of contacts one bulk change may name (the API's limit). */
export const BULK_MAX_IDS = 500;

export interface BulkUpdateResult {
  /** Contacts that changed. */
  updated: number;
  /** Contacts that already had the values. */
  unchanged: number;
}

/** Sets the owner (`null`: none) of many contacts at once; all or nothing. */
export function useBulkSetOwner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ids, ownerId }: { ids: string[]; ownerId: string | null }) =>
      http.post<BulkUpdateResult>(`${base}/bulk-update`, { ids, set: { ownerId } }),
    // Also when refused: a lead that is gone or out of view (404) leaves the list.
    onSettled: () => {
      // The lists (owner column and filter), the contacts' pages and histories, and account pages listing them.
      void queryClient.invalidateQueries({ queryKey: queryKeys.contacts });
      void queryClient.invalidateQueries({ queryKey: queryKeys.accounts });
    },
  });
}
