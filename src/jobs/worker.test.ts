import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './worker.js';

describe('retry delay', () => {
  it('doubles from one second and caps at one hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});
