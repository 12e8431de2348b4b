import { AppError, notFound } from '../../shared/errors.js';

export const handoffNotFound = () => notFound('handoff');

export const notificationNotFound = () => notFound('notification');

export const handoffAlreadyDecided = (status: string) =>
  new AppError(
    'conflict',
    'handoff.already_decided',
    `This handoff is already ${status}: it cannot be decided again.`,
    {
      extra: { handoffStatus: status },
    },
  );

export const handoffNotAccepted = (status: string) =>
  new AppError(
    'conflict',
    'handoff.not_accepted',
    `Only an accepted handoff takes an outcome; this one is ${status}.`,
    { extra: { handoffStatus: status } },
  );

/** The contact already has an open or accepted handoff (at most one at a time). */
export const handoffAlreadyActive = (handoffId: string | null) =>
  new AppError(
    'conflict',
    'handoff.already_open',
    'This contact already has an open or accepted handoff: decide it or report its outcome first.',
    { extra: { handoffId } },
  );

export const activityInFuture = (skewMinutes: number) =>
  new AppError(
    'validation',
    'activity.in_future',
    `Invalid occurredAt: an activity cannot happen more than ${skewMinutes} minutes from now.`,
    { errors: [{ field: 'occurredAt', message: `At most ${skewMinutes} minutes in the future.` }] },
  );
