import { AppError } from '../../shared/errors.js';
import { listIds } from './bulk.js';

export const duplicateContact = (visibleIds: string[]) =>
  new AppError(
    'conflict',
    'contact.duplicate',
    'A contact with this email or phone already exists. Send allowDuplicate=true to create it anyway.',
    { extra: { duplicates: visibleIds } },
  );

/** A bulk change named contacts that do not exist or are out of the caller's view (not told apart). */
export const contactsNotVisible = (ids: string[]) =>
  new AppError('not_found', 'contact.not_found', `No contact visible to you has these ids: ${listIds(ids)}.`, {
    extra: { ids },
  });

/** A bulk change named contacts the caller may see (e.g. a lead handed to them) but not change. */
export const contactsNotChangeable = (ids: string[]) =>
  new AppError('forbidden', 'contact.update_forbidden', `You may not change these contacts: ${listIds(ids)}.`, {
    extra: { ids },
  });
