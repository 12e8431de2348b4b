import type { ParseKeys, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { isApiError, type ApiError, type FieldError } from '../api/client.js';
import { translateServerMessage } from './serverMessages.js';

type Key = ParseKeys;

/** Error codes with a message of our own; others fall back to the server's `detail`. */
const CODE_MESSAGES: Record<string, Key> = {
  'network.error': 'errors.network',
  'auth.invalid_credentials': 'errors.invalidCredentials',
  'auth.unauthenticated': 'errors.unauthenticated',
  'auth.forbidden': 'errors.forbidden',
  'setup.already_done': 'errors.setupAlreadyDone',
  'contact.not_found': 'errors.contactNotFound',
  'account.not_found': 'errors.accountNotFound',
  'contact.duplicate': 'errors.contactDuplicate',
  'validation.failed': 'errors.validation',
  'import.finished': 'imports.fileGone',
  'import.file_gone': 'imports.fileGone',
  'import.not_removable': 'imports.notRemovable',
  'import.not_running': 'imports.cancel.notRunning',
  'contact_view.name_taken': 'contacts.views.nameTaken',
  'contact_view.limit_reached': 'contacts.views.limitReached',
  'contact_view.not_found': 'contacts.views.notFound',
  'contact_view.not_owner': 'contacts.views.notOwner',
};

function statusMessage(status: number): Key {
  if (status === 0) return 'errors.network';
  if (status === 401) return 'errors.unauthenticated';
  if (status === 403) return 'errors.forbidden';
  if (status === 404) return 'errors.notFound';
  if (status === 409) return 'errors.conflict';
  if (status === 422 || status === 400) return 'errors.validation';
  if (status === 429) return 'errors.rateLimited';
  if (status >= 500) return 'errors.server';
  return 'errors.generic';
}

/** A sentence for the user, in the UI language where we know the error. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.generic');
  const key = CODE_MESSAGES[error.code];
  if (key) return t(key) as string;
  if (error.status === 429) return t('errors.rateLimited');
  if (error.status >= 500 || error.status === 0) return t(statusMessage(error.status)) as string;
  return error.detail ?? (t(statusMessage(error.status)) as string);
}

export function isNotFound(error: unknown): boolean {
  return isApiError(error) && error.status === 404;
}

/** `body.email`, `/email` and `email` all name the form field `email`. */
export function normalizeField(field: string): string {
  return field
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/^(body|query|params)\./, '');
}

/** Field errors of an API error keyed by field name (first message wins), in the UI language where known. */
export function fieldErrors(error: unknown, t: TFunction): Record<string, string> {
  const map: Record<string, string> = {};
  if (!isApiError(error)) return map;
  for (const { field, message } of error.errors) {
    const name = normalizeField(field);
    if (!(name in map)) map[name] = translateServerMessage(message, t);
  }
  return map;
}

export function useFieldErrors(error: unknown): Record<string, string> {
  const { t } = useTranslation();
  return fieldErrors(error, t);
}

/** Field errors that no input of the form can show (so the alert lists them instead). */
export function unmatchedFieldErrors(error: ApiError, knownFields: readonly string[]): FieldError[] {
  return error.errors.filter((e) => !knownFields.includes(normalizeField(e.field)));
}
