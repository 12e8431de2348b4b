import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg, uploadRaw } from './client.js';
import { queryKeys } from './keys.js';
import type { Page, Ref } from './types.js';

/** Types of the contact import API (see docs/api.md, "Imports"). */

export const IMPORT_CONTACT_TARGETS = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'jobTitle',
  'seniority',
  'source',
  'campaign',
  'ownerEmail',
] as const;
export const IMPORT_ACCOUNT_TARGETS = [
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
] as const;
export type ImportTarget =
  (typeof IMPORT_CONTACT_TARGETS)[number] | (typeof IMPORT_ACCOUNT_TARGETS)[number] | `custom:${string}`;

export type ImportStatus = 'uploaded' | 'running' | 'completed' | 'failed' | 'interrupted';
export type OnDuplicate = 'skip' | 'update';

export interface ImportProgress {
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  accountsCreated: number;
  lastRow: number;
  bytesRead: number;
  fraction: number;
}

export interface Import {
  id: string;
  status: ImportStatus;
  dryRun: boolean;
  fileName: string;
  fileBytes: number;
  /** The uploaded file is still kept (it is deleted after a real run, or after 7 days unused). */
  fileKept: boolean;
  delimiter: string | null;
  headers: string[] | null;
  options: {
    mapping: (string | null)[];
    onDuplicate: OnDuplicate;
    defaults: { source: string | null; campaign: string | null; ownerEmail: string | null };
  } | null;
  createdBy: Ref | null;
  actorKind: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: ImportProgress;
  error: string | null;
  /** Someone asked the run to stop; the server process running it stops after its current batch. */
  cancelRequested: boolean;
}

export interface ImportPreview {
  delimiter: string;
  headers: string[];
  rows: string[][];
  suggestedMapping: (string | null)[];
}

/** The delimiters the API reads (`tab` for the tab character; ؛ is the Arabic semicolon). */
export const IMPORT_DELIMITERS = [',', ';', 'tab', '\u061B'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

export interface StartImportInput {
  mapping: (string | null)[];
  dryRun: boolean;
  onDuplicate: OnDuplicate;
  defaults: { source?: string | null; campaign?: string | null; ownerEmail?: string | null };
  /** Omitted: the delimiter detected on upload (or chosen for the last run). */
  delimiter?: ImportDelimiter;
}

export const rejectionsUrl = (id: string) => `/api/v1/imports/${seg(id)}/rejections.csv`;

export function useImportList() {
  return useInfiniteQuery({
    queryKey: queryKeys.importList,
    queryFn: ({ pageParam, signal }) =>
      http.get<Page<Import>>('/api/v1/imports', { limit: 20, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** An import, polled every second while it runs. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: queryKeys.importDetail(id ?? ''),
    queryFn: ({ signal }) => http.get<Import>(`/api/v1/imports/${seg(id!)}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
}

/** The file's header and first rows, read with the delimiter given (null: the import's own). */
export function useImportPreview(id: string | null, enabled: boolean, delimiter: ImportDelimiter | null = null) {
  return useQuery({
    queryKey:
      delimiter === null ? queryKeys.importPreview(id ?? '') : [...queryKeys.importPreview(id ?? ''), delimiter],
    queryFn: ({ signal }) =>
      http.get<ImportPreview>(
        `/api/v1/imports/${seg(id!)}/preview`,
        delimiter === null ? undefined : { delimiter },
        signal,
      ),
    enabled: id !== null && enabled,
    staleTime: Infinity,
  });
}

export function useUploadImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) =>
      uploadRaw<{ import: Import; preview: ImportPreview }>('/api/v1/imports', file, 'text/csv', {
        fileName: file.name,
      }),
    onSuccess: (result) => {
      client.setQueryData(queryKeys.importDetail(result.import.id), result.import);
      client.setQueryData(queryKeys.importPreview(result.import.id), result.preview);
      void client.invalidateQueries({ queryKey: queryKeys.importList });
    },
  });
}

export function useStartImport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: StartImportInput) => http.post<Import>(`/api/v1/imports/${seg(id)}/start`, input),
    onSuccess: (started) => {
      client.setQueryData(queryKeys.importDetail(id), started);
      void client.invalidateQueries({ queryKey: queryKeys.importList });
    },
  });
}

/** Cancels a running import; answers once the run has stopped (409 when it is not running). */
export function useCancelImport(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => http.post<Import>(`/api/v1/imports/${seg(id)}/cancel`, {}),
    onSuccess: (cancelled) => {
      client.setQueryData(queryKeys.importDetail(id), cancelled);
      void client.invalidateQueries({ queryKey: queryKeys.importList });
    },
    // The run may have ended meanwhile: show what it is now.
    onError: () => void client.invalidateQueries({ queryKey: queryKeys.importDetail(id) }),
  });
}

/**
 * Whether an import may be removed from the history: it never ran for real (an upload, or only finished dry
 * runs). The server decides again (409 `import.not_removable`).
 */
export function isRemovableImport(item: Pick<Import, 'status' | 'dryRun'>): boolean {
  return item.status === 'uploaded' || (item.dryRun && (item.status === 'completed' || item.status === 'failed'));
}

/** Removes an import that never ran for real, with its dry run report and its uploaded file. */
export function useRemoveImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`/api/v1/imports/${seg(id)}`),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.importList }),
  });
}
