/**
 * Who an API token authenticates as, remembered for a few seconds so a busy integration does not cost a
 * database lookup per request.
 *
 * - Entries expire `ttlMs` after they were read from the database: a token revoked, a user deactivated or a
 *   role changed by another process (a second server, `tandem token revoke`) is seen within that time.
 * - `invalidate()` forgets everything at once; this process calls it after committing any change to users,
 *   teams or tokens, so its own changes apply to the next request.
 * - A lookup that started before an invalidation is not stored (`generation`): it may have read the rows
 *   as they were before the change.
 * - Only successful lookups are stored: an unknown token costs a lookup each time, so guessing tokens
 *   cannot fill the cache, and a token created a moment ago is never refused from it.
 * - At most `maxEntries`; when full, the least recently used entry goes.
 */
export interface TokenCache<T> {
  /** The remembered value for this key, or undefined when there is none or it expired. */
  get(key: string): T | undefined;
  /** The current generation: pass it back to `set` to store what was read after this point. */
  generation(): number;
  /** Stores a value read from the database, unless an invalidation happened since `generation`. */
  set(key: string, value: T, generation: number): void;
  /** Forgets every entry (users, teams or tokens changed). */
  invalidate(): void;
}

export function createTokenCache<T>(options: { ttlMs: number; maxEntries: number; now?: () => number }): TokenCache<T> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: T; expiresAt: number }>();
  let generation = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      // Most recently used last: Map keeps insertion order, so the first key is the one to evict.
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    generation: () => generation,
    set(key, value, readAt) {
      if (options.ttlMs <= 0 || options.maxEntries <= 0 || readAt !== generation) return;
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
    invalidate() {
      generation += 1;
      entries.clear();
    },
  };
}
