import { describe, expect, it } from 'vitest';
import { redactValues, REDACTED } from './audit.js';

describe('redacting an audit entry', () => {
  it('keeps which fields there were and drops what they held', () => {
    expect(
      redactValues({
        email: 'sara@example.com',
        phone: null,
        customFields: { nationalId: '0012345678' },
        mergedContact: { id: 'c9', name: 'Sara' },
      }),
    ).toEqual({ email: REDACTED, phone: null, customFields: REDACTED, mergedContact: REDACTED });
  });

  it('leaves an empty side empty', () => {
    expect(redactValues(null)).toBeNull();
    expect(redactValues({})).toEqual({});
  });
});
