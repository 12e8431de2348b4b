import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, for a process that does nothing but import (the CLI), between transactions.
 * A million rows pass through the writer's heap in small chunks, yet V8 lets its old generation fill with
 * their dead objects up to about 140 MB before it collects (its limit follows the allocation rate, not
 * what is alive, which stays near 40 MB). Collecting once per transaction (10,000 rows, some tens of ms)
 * keeps the heap near what is alive, which is what lets the CLI stay under its memory bar with a larger
 * SQLite cache. Node has no API for it without `--expose-gc`: the flag is set at run time and the
 * function taken from a new context (where it then exists). Returns false where that is not possible.
 */
export function collectGarbage(): boolean {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('typeof gc === "function" ? gc : null');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect();
  return true;
}
