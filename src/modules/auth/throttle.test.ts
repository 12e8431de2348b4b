import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle.js';

describe('sign-in throttle', () => {
  it('blocks a key after max failures inside the window and frees it when the window passes', () => {
    const t = createThrottle({ max: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs('a', 100 + i)).toBe(0);
      t.fail('a', 100 + i);
    }
    expect(t.retryAfterMs('a', 200)).toBe(900);
    expect(t.retryAfterMs('b', 200)).toBe(0);
    expect(t.retryAfterMs('a', 1100)).toBe(0);
  });

  it('forgets failures after a reset', () => {
    const t = createThrottle({ max: 1, windowMs: 1000 });
    t.fail('a', 0);
    expect(t.retryAfterMs('a', 1)).toBeGreaterThan(0);
    t.reset('a');
    expect(t.retryAfterMs('a', 1)).toBe(0);
  });

  it('takes back one failure at a time', () => {
    const t = createThrottle({ max: 2, windowMs: 1000 });
    t.fail('a', 0);
    t.fail('a', 1);
    expect(t.retryAfterMs('a', 2)).toBeGreaterThan(0);
    t.forgive('a');
    expect(t.retryAfterMs('a', 2)).toBe(0);
  });

  it('keeps memory bounded', () => {
    const t = createThrottle({ max: 1, windowMs: 1000, maxKeys: 2 });
    t.fail('a', 0);
    t.fail('b', 0);
    t.fail('c', 0);
    expect(t.retryAfterMs('a', 1)).toBe(0);
    expect(t.retryAfterMs('c', 1)).toBeGreaterThan(0);
  });
});
