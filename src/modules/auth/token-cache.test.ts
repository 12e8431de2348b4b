import { describe, expect, it } from 'vitest';
import { createTokenCache } from './token-cache.js';

function cacheAt(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let now = 1_000;
  const cache = createTokenCache<string>({
    ttlMs: options.ttlMs ?? 5_000,
    maxEntries: options.maxEntries ?? 3,
    now: () => now,
  });
  return { cache, advance: (ms: number) => (now += ms) };
}

describe('token cache', () => {
  it('remembers a value until its time is up, then forgets it', () => {
    const { cache, advance } = cacheAt();
    cache.set('a', 'alice', cache.generation());
    expect(cache.get('a')).toBe('alice');
    advance(4_999);
    expect(cache.get('a')).toBe('alice');
    advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('counts the time from the lookup, not from the last use', () => {
    const { cache, advance } = cacheAt();
    cache.set('a', 'alice', cache.generation());
    for (let i = 0; i < 4; i++) {
      advance(1_500);
      cache.get('a');
    }
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets everything on invalidate', () => {
    const { cache } = cacheAt();
    cache.set('a', 'alice', cache.generation());
    cache.set('b', 'bob', cache.generation());
    cache.invalidate();
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
  });

  it('does not store what was read before an invalidation', () => {
    const { cache } = cacheAt();
    const before = cache.generation();
    cache.invalidate();
    cache.set('a', 'stale alice', before);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', 'alice', cache.generation());
    expect(cache.get('a')).toBe('alice');
  });

  it('evicts the least recently used entry when full', () => {
    const { cache } = cacheAt({ maxEntries: 2 });
    cache.set('a', 'alice', cache.generation());
    cache.set('b', 'bob', cache.generation());
    expect(cache.get('a')).toBe('alice');
    cache.set('c', 'carol', cache.generation());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('alice');
    expect(cache.get('c')).toBe('carol');
  });

  it('stores nothing when switched off', () => {
    const { cache } = cacheAt({ ttlMs: 0 });
    cache.set('a', 'alice', cache.generation());
    expect(cache.get('a')).toBeUndefined();
  });
});
