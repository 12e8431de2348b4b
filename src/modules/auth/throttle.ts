/**
 * Sign-in throttling: counts failed attempts per key (the email, and separately the client address) in a
 * sliding window. Successful sign-ins do not count, so an office behind one address is not locked out by
 * its own colleagues; a guesser is, per account and per address.
 */
export interface Throttle {
  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfterMs(key: string, now: number): number;
  fail(key: string, now: number): void;
  /** Takes back the most recent failure (an attempt counted up front that turned out to succeed). */
  forgive(key: string): void;
  reset(key: string): void;
}

export function createThrottle(options: { max: number; windowMs: number; maxKeys?: number }): Throttle {
  const failures = new Map<string, number[]>();
  const maxKeys = options.maxKeys ?? 100_000;

  function recent(key: string, now: number): number[] {
    const list = (failures.get(key) ?? []).filter((t) => now - t < options.windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  }

  return {
    retryAfterMs(key, now) {
      const list = recent(key, now);
      if (list.length < options.max) return 0;
      return options.windowMs - (now - list[list.length - options.max]!);
    },
    fail(key, now) {
      if (failures.size >= maxKeys && !failures.has(key)) {
        // Bounded memory: forget the oldest key rather than grow without limit under a spray attack.
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      failures.set(key, [...recent(key, now), now]);
    },
    forgive(key) {
      const list = failures.get(key);
      if (!list) return;
      list.pop();
      if (list.length === 0) failures.delete(key);
    },
    reset(key) {
      failures.delete(key);
    },
  };
}
