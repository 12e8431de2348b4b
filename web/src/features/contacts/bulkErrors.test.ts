import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.js';
import { translator } from '../../i18n/testing.js';
import { bulkErrorMessage } from './bulkErrors.js';

describe('bulkErrorMessage', () => {
  const en = translator('en');
  const fa = translator('fa');
  const problem = (status: number, code: string, more: object = {}) =>
    new ApiError(status, { status, code, detail: 'English from the server.', ...more });

  it('says how many of the ticked leads were refused, and that nothing changed', () => {
    expect(bulkErrorMessage(problem(404, 'contact.not_found', { ids: ['a', 'b'] }), en)).toBe(
      'Nothing changed: 2 of the selected leads no longer exist or are not visible to you.',
    );
    expect(bulkErrorMessage(problem(403, 'contact.update_forbidden', { ids: ['a'] }), en)).toBe(
      'Nothing changed: you may view but not change 1 of the selected leads.',
    );
    expect(bulkErrorMessage(problem(404, 'contact.not_found', { ids: ['a', 'b', 'c'] }), fa)).toContain('۳');
  });

  it('names the owner as the problem when they may not own the leads', () => {
    expect(bulkErrorMessage(problem(403, 'auth.forbidden_owner'), en)).toBe(
      'Nothing changed: you cannot assign leads to this person.',
    );
    const inactive = problem(422, 'validation.failed', {
      errors: [{ field: 'set.ownerId', message: 'No active user with this id.' }],
    });
    expect(bulkErrorMessage(inactive, en)).toContain('cannot own leads');
    expect(bulkErrorMessage(inactive, fa)).not.toContain('English');
  });

  it('falls back to the general messages', () => {
    expect(bulkErrorMessage(problem(500, 'internal'), en)).toBe(en('errors.server'));
    expect(bulkErrorMessage(new Error('boom'), en)).toBe(en('errors.generic'));
  });
});
