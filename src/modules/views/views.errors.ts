import { AppError } from '../../shared/errors.js';
import { MAX_VIEWS_PER_USER } from './view.js';

export const viewNotFound = () =>
  new AppError('not_found', 'contact_view.not_found', 'No saved view with that id is visible to you.');

export const viewNameTaken = () =>
  new AppError('conflict', 'contact_view.name_taken', 'You already have a saved view with this name.', {
    errors: [{ field: 'name', message: 'Already in use.' }],
  });

export const viewNotOwned = () =>
  new AppError('forbidden', 'contact_view.not_owner', 'Only the owner of this view or an admin may change it.');

export const tooManyViews = () =>
  new AppError(
    'validation',
    'contact_view.limit_reached',
    `One person may keep at most ${MAX_VIEWS_PER_USER} saved views: delete one before saving another.`,
    { errors: [{ field: 'name', message: `At most ${MAX_VIEWS_PER_USER} saved views each.` }] },
  );
