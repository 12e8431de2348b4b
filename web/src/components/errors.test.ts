import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { translator } from '../i18n/testing.js';
import { errorMessage } from './errors.js';

describe('errorMessage', () => {
  it('says why an import cannot be cancelled or removed in the UI language, not in the server English', () => {
    const persian = translator('fa');
    for (const code of ['import.not_running', 'import.not_removable']) {
      const error = new ApiError(409, { status: 409, code, detail: 'English from the server.' });
      const text = errorMessage(error, persian);
      expect(text, code).not.toContain('English');
      expect(text, code).toMatch(/[\u0600-\u06FF]/);
    }
    expect(errorMessage(new ApiError(409, { status: 409, code: 'import.not_removable' }), translator('en'))).toContain(
      'Only an upload or a dry run can be removed',
    );
  });
});
