import { describe, expect, it } from 'vitest';
import { customFieldsSchema, customFieldsWithinLimit, MAX_CUSTOM_FIELDS } from './fields.js';

const full = Object.fromEntries(Array.from({ length: MAX_CUSTOM_FIELDS }, (_, i) => [`f${i}`, i]));

describe('customFieldsWithinLimit', () => {
  it('lets captured data fill a record’s own fields and add new ones while there is room', () => {
    expect(customFieldsWithinLimit({ a: 1 }, { a: 2, b: 'x', c: true })).toEqual({ a: 2, b: 'x', c: true });
    const almost = Object.fromEntries(Object.entries(full).slice(1));
    expect(customFieldsWithinLimit(almost, { f1: 'own', extra: 'x', more: 'y' })).toEqual({ f1: 'own', extra: 'x' });
  });

  it('adds nothing new to a full record, so it stays valid', () => {
    const kept = customFieldsWithinLimit(full, { f3: 'own', extra: 'x', blank: '', none: null });
    expect(kept).toEqual({ f3: 'own', blank: '', none: null });
    // Blank values fill nothing (fillBlanks passes over them): what is written stays within the limit.
    const written = Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== null && v !== ''));
    expect(customFieldsSchema.safeParse({ ...full, ...written }).success).toBe(true);
    expect(customFieldsSchema.safeParse({ ...full, extra: 'x' }).success).toBe(false);
  });
});
