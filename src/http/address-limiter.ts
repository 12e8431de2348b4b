import { rateLimitKey } from './client-address.js';

/**
 * A per-address request budget in fixed windows (e.g. 600 per minute), kept in memory: the capture
 * endpoints' limit, shared by their fast path and their Fastify routes so both count against one budget.
 *
 * Windows are aligned on the clock (every address's window starts at the same instant), so one map holds
 * the current window and is dropped whole when the next begins: no per-key timers, O(1) per request. The map
 * holds at most `maxKeys` addresses; an address seen after that within the window is counted from a fresh
 * map (the budget can then be exceeded once per window by an attacker with that many addresses, who could
 * exceed it anyway). Addresses count as rateLimitKey says (an IPv6 client by its /64), for both callers.
 */

export interface AddressLimiter {
  /** Counts one request; `null` when within the budget, else the seconds until the window resets. */
  hit(address: string, nowMs?: number): number | null;
}

export function createAddressLimiter(options: { max: number; windowMs: number; maxKeys?: number }): AddressLimiter {
  const { max, windowMs } = options;
  const maxKeys = options.maxKeys ?? 100_000;
  let window = -1;
  let counts = new Map<string, number>();

  return {
    hit(clientAddress, nowMs = Date.now()) {
      const address = rateLimitKey(clientAddress);
      const current = Math.floor(nowMs / windowMs);
      if (current !== window || (counts.size >= maxKeys && !counts.has(address))) {
        window = current;
        counts = new Map();
      }
      const count = (counts.get(address) ?? 0) + 1;
      counts.set(address, count);
      if (count <= max) return null;
      return Math.max(1, Math.ceil(((current + 1) * windowMs - nowMs) / 1000));
    },
  };
}
