import { AppError, type FieldError } from '../../shared/errors.js';

export const slaNotFound = () => new AppError('not_found', 'sla.not_found', 'No SLA with that id.');

export const slaVersionNotFound = (version: number) =>
  new AppError('not_found', 'sla.version_not_found', `This SLA has no version ${version}.`);

export const calendarNotFound = () => new AppError('not_found', 'calendar.not_found', 'No calendar with that id.');

export const slaVersionConflict = (expected: number, current: number) =>
  new AppError(
    'conflict',
    'sla.version_conflict',
    `You edited version ${expected}, but the SLA is now at version ${current}: reload it and make your change again.`,
    {
      errors: [{ field: 'expectedVersion', message: `The current version is ${current}.` }],
      extra: { currentVersion: current },
    },
  );

export const slaNameTaken = () =>
  new AppError('conflict', 'sla.name_taken', 'Another SLA has this name.', {
    errors: [{ field: 'name', message: 'Already in use.' }],
  });

export const calendarChanged = () =>
  new AppError(
    'conflict',
    'sla.version_conflict',
    'The calendar was changed by someone else after you loaded it: reload the SLA and make your change again.',
    { errors: [{ field: 'calendar.expectedUpdatedAt', message: 'The calendar changed since.' }] },
  );

export const calendarNameTaken = () =>
  new AppError('conflict', 'calendar.name_taken', 'Another calendar has this name.', {
    errors: [{ field: 'name', message: 'Already in use.' }],
  });

/** The document names a calendar or teams that do not exist: one problem naming each field. */
export const unknownReferences = (errors: FieldError[]) =>
  new AppError(
    'validation',
    'sla.unknown_reference',
    `The SLA names records that do not exist: ${errors.map((e) => e.field).join(', ')}.`,
    { errors },
  );
