import { describe, expect, it } from 'vitest';
import { createAddressLimiter } from './address-limiter.js';

describe('address limiter', () => {
  it('allows max requests per address per window, then answers the seconds left', () => {
    const limiter = createAddressLimiter({ max: 2, windowMs: 60_000 });
    const t = 120_000 + 15_000; // 15 s into a window
    expect(limiter.hit('a', t)).toBeNull();
    expect(limiter.hit('a', t + 1)).toBeNull();
    expect(limiter.hit('a', t + 2)).toBe(45);
    expect(limiter.hit('b', t + 3)).toBeNull();
    // The next window starts fresh.
    expect(limiter.hit('a', 180_000)).toBeNull();
  });

  it('never says less than one second', () => {
    const limiter = createAddressLimiter({ max: 0, windowMs: 60_000 });
    expect(limiter.hit('a', 59_999)).toBe(1);
  });

  it('holds at most maxKeys addresses', () => {
    const limiter = createAddressLimiter({ max: 1, windowMs: 60_000, maxKeys: 2 });
    expect(limiter.hit('a', 0)).toBeNull();
    expect(limiter.hit('a', 0)).not.toBeNull();
    expect(limiter.hit('b', 0)).toBeNull();
    // A third address starts a fresh map: the memory stays bounded.
    expect(limiter.hit('c', 0)).toBeNull();
    expect(limiter.hit('a', 0)).toBeNull();
  });

  it('counts an IPv6 client by its /64', () => {
    const limiter = createAddressLimiter({ max: 1, windowMs: 60_000 });
    expect(limiter.hit('2001:db8:1:2::a', 0)).toBeNull();
    expect(limiter.hit('2001:db8:1:2::b', 0)).not.toBeNull();
    expect(limiter.hit('2001:db8:1:3::a', 0)).toBeNull();
  });
});
