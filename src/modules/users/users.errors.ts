import { AppError } from '../../shared/errors.js';

export const emailTaken = () =>
  new AppError('conflict', 'user.email_taken', 'A user with this email already exists.', {
    errors: [{ field: 'email', message: 'Already in use.' }],
  });
export const teamNameTaken = () =>
  new AppError('conflict', 'team.name_taken', 'A team with this name already exists.', {
    errors: [{ field: 'name', message: 'Already in use.' }],
  });
export const unknownTeam = () =>
  new AppError('validation', 'validation.failed', 'Invalid teamId: no such team.', {
    errors: [{ field: 'teamId', message: 'No such team.' }],
  });
export const setupDone = () =>
  new AppError('conflict', 'setup.already_done', 'Tandem already has users; sign in instead.');
export const cannotDemoteLastAdmin = () =>
  new AppError('conflict', 'user.last_admin', 'The last active admin cannot be demoted or deactivated.');
