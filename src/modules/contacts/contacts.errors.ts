import { AppError } from '../../shared/errors.js';

export const duplicateContact = (visibleIds: string[]) =>
  new AppError(
    'conflict',
    'contact.duplicate',
    'A contact with this email or phone already exists. Send allowDuplicate=true to create it anyway.',
    { extra: { duplicates: visibleIds } },
  );
