import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.js';
import { errorMessage } from '../../components/errors.js';
import { formatNumber, normalizeLocale } from '../../i18n/format.js';

/**
 * Why a bulk change of the ticked leads was refused (nothing changed), in the UI language: some are gone or no
 * longer visible, some may be seen but not changed, or the owner is not one the user may assign.
 */
export function bulkErrorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return errorMessage(error, t);
  const ids = error.problem['ids'];
  const count = Array.isArray(ids) ? ids.length : 0;
  const formatted = formatNumber(count, normalizeLocale(t('lang.code')) ?? 'en');
  if (error.code === 'contact.not_found' && count > 0) return t('contacts.bulk.notVisible', { count, formatted });
  if (error.code === 'contact.update_forbidden' && count > 0)
    return t('contacts.bulk.notChangeable', { count, formatted });
  if (error.code === 'auth.forbidden_owner') return t('contacts.bulk.ownerNotAllowed');
  // The owner picked was deactivated meanwhile (or never could own leads).
  if (error.errors.some((e) => e.field === 'set.ownerId')) return t('contacts.bulk.ownerInvalid');
  return errorMessage(error, t);
}
