import { describe, expect, it } from 'vitest';
import { parseRejectReason } from './rejectReason.js';

describe('parseRejectReason', () => {
  it('reads a code with or without a note', () => {
    expect(parseRejectReason('no_budget')).toEqual({ code: 'no_budget', note: null });
    expect(parseRejectReason('other: Moved abroad: for good')).toEqual({
      code: 'other',
      note: 'Moved abroad: for good',
    });
  });
  it('leaves any other text alone', () => {
    expect(parseRejectReason('No budget until next year')).toBeNull();
    expect(parseRejectReason('nurture: later')).toBeNull();
    expect(parseRejectReason('')).toBeNull();
  });
});
