import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * Remembers a read for the rest of one transaction. The outbox worker runs a batch of reactions in one
 * transaction, so what every reaction reads first (the scoring settings' version, the latest model) is read
 * once per batch instead of once per entry. Outside a transaction (`db` itself) nothing is remembered.
 */
export function perTransaction<T>(read: (executor: Kysely<DB>) => Promise<T>): (executor: Kysely<DB>) => Promise<T> {
  const remembered = new WeakMap<Kysely<DB>, Promise<T>>();
  return (executor) => {
    if (!executor.isTransaction) return read(executor);
    let value = remembered.get(executor);
    if (!value) {
      value = read(executor);
      remembered.set(executor, value);
      // A failed read is not remembered: the caller's savepoint may roll back and the next entry retries.
      value.catch(() => remembered.delete(executor));
    }
    return value;
  };
}
