/**
 * Domain errors carry a stable code; src/http/problem.ts maps them to HTTP in one place.
 * Modules define their codes next to their rules (e.g. contacts.errors.ts) using these classes.
 */
export type ErrorKind =
  'validation' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'rate_limited' | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: { errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (entity: string) =>
  new AppError('not_found', `${entity}.not_found`, `No ${entity.replace(/_/g, ' ')} with that id is visible to you.`);

export const forbidden = (message = 'You are not allowed to do that.') =>
  new AppError('forbidden', 'auth.forbidden', message);

export const invalid = (field: string, message: string, code = 'validation.failed') =>
  new AppError('validation', code, `Invalid ${field}: ${message}`, { errors: [{ field, message }] });
