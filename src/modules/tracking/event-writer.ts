/**
 * Group commit: requests hand their rows to the writer and wait; the writer commits everything queued in
 * one transaction per event-loop turn, then answers them all. Each request is acknowledged only after its
 * rows are durable, and one transaction serves many requests (measured faster than a fixed flush timer).
 */
export interface GroupCommitWriter<T> {
  write(rows: readonly T[]): Promise<void>;
  stats(): { readonly flushes: number; readonly rows: number };
  /** Waits for everything queued so far to be committed (shutdown, tests). */
  drain(): Promise<void>;
}

interface Pending<T> {
  rows: readonly T[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

export function createGroupCommitWriter<T>(commit: (rows: T[]) => Promise<void>, maxRows = 5000): GroupCommitWriter<T> {
  const queue: Pending<T>[] = [];
  let running: Promise<void> | null = null;
  let flushes = 0;
  let written = 0;

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      // Take whole requests up to maxRows (at least one), so a request is never split across commits.
      const batch: Pending<T>[] = [];
      let count = 0;
      while (queue.length > 0 && (batch.length === 0 || count + queue[0]!.rows.length <= maxRows)) {
        const next = queue.shift()!;
        batch.push(next);
        count += next.rows.length;
      }
      try {
        await commit(batch.flatMap((p) => p.rows));
        flushes += 1;
        written += count;
        for (const p of batch) p.resolve();
      } catch (err) {
        if (batch.length === 1) {
          batch[0]!.reject(err);
          continue;
        }
        // One request's rows may be what failed (a contact deleted meanwhile): commit each request alone,
        // so only that one fails and the others are still stored and answered.
        for (const p of batch) {
          try {
            await commit([...p.rows]);
            flushes += 1;
            written += p.rows.length;
            p.resolve();
          } catch (own) {
            p.reject(own);
          }
        }
      }
    }
  }

  function start(): void {
    if (running) return;
    // setImmediate: let every request that arrived in this turn of the event loop join the commit.
    running = new Promise<void>((resolve) => setImmediate(resolve)).then(flushLoop).finally(() => {
      running = null;
      if (queue.length > 0) start();
    });
  }

  return {
    write(rows) {
      if (rows.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        start();
      });
    },
    stats: () => ({ flushes, rows: written }),
    async drain() {
      while (running) await running;
    },
  };
}
