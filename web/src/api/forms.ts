import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, seg } from './client.js';
import { queryKeys } from './keys.js';
import type { Page, Ref } from './types.js';

/** Types of the forms API (see docs/api.md, "Forms"). */

export const FORM_FIELD_TYPES = ['text', 'email', 'tel', 'textarea', 'select', 'checkbox', 'number'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const FORM_CONTACT_TARGETS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'seniority'] as const;
export const FORM_ACCOUNT_TARGETS = [
  'account.name',
  'account.domain',
  'account.industry',
  'account.employeeCount',
  'account.country',
] as const;
export type FormContactTarget = (typeof FORM_CONTACT_TARGETS)[number];
export type FormAccountTarget = (typeof FORM_ACCOUNT_TARGETS)[number];
/** Where a submitted value goes: a contact or account field, a custom contact field, or nowhere (null). */
export type FormMapTo = FormContactTarget | FormAccountTarget | `custom:${string}` | null;

export type FormLocale = 'en' | 'fa';
export type FormStatus = 'active' | 'archived';

export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  mapTo: FormMapTo;
  options?: string[];
  placeholder?: string;
}

export interface FormConsent {
  text: string;
  required: boolean;
}

export type FormThankYou = { kind: 'message'; message: string } | { kind: 'redirect'; url: string };

export interface Form {
  id: string;
  publicId: string;
  name: string;
  status: FormStatus;
  locale: FormLocale;
  fields: FormField[];
  consent: FormConsent | null;
  submitLabel: string;
  thankYou: FormThankYou;
  campaign: string | null;
  source: string | null;
  submissionCount: number;
  createdAt: string;
  updatedAt: string;
  urls: { hosted: string; embedScript: string };
  embedHtml: string;
}

export interface FormInput {
  name?: string;
  locale?: FormLocale;
  fields?: FormField[];
  consent?: FormConsent | null;
  submitLabel?: string;
  thankYou?: FormThankYou;
  campaign?: string | null;
  source?: string | null;
}

export interface FormPatch extends FormInput {
  status?: FormStatus;
}

export interface FormSubmission {
  id: string | number;
  submittedAt: string;
  contact: Ref | null;
  data: Record<string, unknown>;
  utm: {
    source: string | null;
    medium: string | null;
    campaign: string | null;
    term: string | null;
    content: string | null;
  };
  referrer: string | null;
  url: string | null;
  /** The consent box's text as the person saw it; null without a box, or for submissions before it was kept. */
  consentText: string | null;
}

export type FormListStatus = FormStatus | 'all';

export interface FormListParams {
  status?: FormListStatus;
  limit?: number;
}

const base = '/api/v1/forms';

export function useFormList(params: FormListParams) {
  return useInfiniteQuery({
    queryKey: queryKeys.formList(params),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => http.get<Page<Form>>(base, { ...params, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useForm(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.form(id),
    enabled,
    queryFn: ({ signal }) => http.get<Form>(`${base}/${seg(id)}`, undefined, signal),
  });
}

/** The CSV download of every submission of a form. */
export function formSubmissionsCsvUrl(id: string): string {
  return `${base}/${seg(id)}/submissions.csv`;
}

export function useFormSubmissions(id: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.formSubmissions(id),
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      http.get<Page<FormSubmission>>(`${base}/${seg(id)}/submissions`, { limit: 25, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCreateForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: FormInput) => http.post<Form>(base, input),
    onSuccess: (form) => {
      queryClient.setQueryData(queryKeys.form(form.id), form);
      void queryClient.invalidateQueries({ queryKey: queryKeys.forms });
    },
  });
}

export function useUpdateForm(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: FormPatch) => http.patch<Form>(`${base}/${seg(id)}`, patch),
    onSuccess: (form) => {
      queryClient.setQueryData(queryKeys.form(id), form);
      void queryClient.invalidateQueries({ queryKey: queryKeys.formLists });
    },
  });
}

export function useDeleteForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => http.delete(`${base}/${seg(id)}`),
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.form(id) });
      queryClient.removeQueries({ queryKey: queryKeys.formSubmissions(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.formLists });
    },
  });
}
