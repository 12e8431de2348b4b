import { describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.js';
import { createIdPool } from './ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('id pool', () => {
  it('makes UUIDv7 ids in the same shape as shared/ids.ts, stamped with the time', () => {
    const next = createIdPool();
    const at = Date.UTC(2026, 10, 27, 12);
    const id = next(at);
    expect(id).toMatch(UUID_V7);
    expect(newId(at)).toMatch(UUID_V7);
    expect(id.slice(0, 13)).toBe(newId(at).slice(0, 13));
  });

  it('does not repeat across pool refills', () => {
    const next = createIdPool();
    const ids = new Set(Array.from({ length: 5000 }, () => next(1)));
    expect(ids.size).toBe(5000);
  });
});
