import { describe, expect, it } from 'vitest';
import { isRemovableImport } from '../../api/imports.js';

describe('isRemovableImport', () => {
  it('offers removal only for an import that never ran for real', () => {
    expect(isRemovableImport({ status: 'uploaded', dryRun: false })).toBe(true);
    expect(isRemovableImport({ status: 'completed', dryRun: true })).toBe(true);
    expect(isRemovableImport({ status: 'failed', dryRun: true })).toBe(true);
    expect(isRemovableImport({ status: 'running', dryRun: true })).toBe(false);
    expect(isRemovableImport({ status: 'interrupted', dryRun: true })).toBe(false);
    expect(isRemovableImport({ status: 'completed', dryRun: false })).toBe(false);
    expect(isRemovableImport({ status: 'failed', dryRun: false })).toBe(false);
  });
});
