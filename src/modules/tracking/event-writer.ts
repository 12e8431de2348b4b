/**
 * Group commit: requests hand their rows to the writer and wait; the writer commits everything queued in
 * one transaction, then answers them all. Each request is acknowledged only after its rows are durable, and
 * one transaction serves many requests. A commit starts at the end of the event-loop turn that queued its
 * first rows, or, with `gather`, once `gather.rows` rows are queued or the first has waited `gather.ms`:
 * when a commit's fixed cost (a round trip to a database server) is large next to its rows, a short wait
 * makes each commit carry many requests instead of one or two.
 */
export interface GroupCommitWriter<T, R = void> {
  /**
   * Resolves, once the rows are committed, with what the commit that carried them returned (shared by every
   * request of that commit); undefined for no rows.
   */
  write(rows: readonly T[]): Promise<R | undefined>;
  stats(): { readonly flushes: number; readonly rows: number };
  /** Waits for everything queued so far to be committed (shutdown, tests). */
  drain(): Promise<void>;
}

interface Pending<T, R> {
  rows: readonly T[];
  /** When it was queued (performance.now()). */
  at: number;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** The most rows one commit takes (whole requests; a larger request goes alone). */
  maxRows?: number;
  /** Wait for this many rows, or this long after the first, before committing (default: no wait). */
  gather?: { rows: number; ms: number } | undefined;
  /**
   * Whether a failed shared commit may be one request's fault, so committing each request alone is worth
   * trying (default: always). An error of the database itself (locked, full, unreachable) would only fail
   * again once per request: those fail the whole batch at once.
   */
  mayBeOneRequest?: ((err: unknown) => boolean) | undefined;
}

export function createGroupCommitWriter<T, R = void>(
  commit: (rows: T[]) => Promise<R>,
  options: GroupCommitOptions = {},
): GroupCommitWriter<T, R> {
  const maxRows = options.maxRows ?? 5000;
  const gather = options.gather;
  const mayBeOneRequest = options.mayBeOneRequest ?? (() => true);
  const queue: Pending<T, R>[] = [];
  let queuedRows = 0;
  let firstQueuedAt = 0;
  let running: Promise<void> | null = null;
  let gathered: (() => void) | null = null;
  let flushes = 0;
  let written = 0;

  /** Until enough rows are queued or the oldest has waited long enough (no wait without `gather`). */
  async function gathering(): Promise<void> {
    if (!gather) return;
    const wait = firstQueuedAt + gather.ms - performance.now();
    if (queuedRows >= gather.rows || wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        gathered = null;
        resolve();
      }, wait);
      gathered = () => {
        clearTimeout(timer);
        gathered = null;
        resolve();
      };
    });
  }

  async function flushLoop(): Promise<void> {
    while (queue.length > 0) {
      await gathering();
      // Take whole requests up to maxRows (at least one), so a request is never split across commits.
      const batch: Pending<T, R>[] = [];
      let count = 0;
      while (queue.length > 0 && (batch.length === 0 || count + queue[0]!.rows.length <= maxRows)) {
        const next = queue.shift()!;
        batch.push(next);
        count += next.rows.length;
      }
      queuedRows -= count;
      if (queue.length > 0) firstQueuedAt = queue[0]!.at;
      try {
        const result = await commit(batch.flatMap((p) => p.rows));
        flushes += 1;
        written += count;
        for (const p of batch) p.resolve(result);
      } catch (err) {
        if (!mayBeOneRequest(err)) {
          for (const p of batch) p.reject(err);
          continue;
        }
        // One request's rows may be what failed (a contact deleted meanwhile), or the moment (a deadlock, a
        // contact merged away under a visitor): commit each request alone, a lone one included, in a fresh
        // transaction, so only a request that fails again fails and the others are still stored and answered.
        for (const p of batch) {
          try {
            const result = await commit([...p.rows]);
            flushes += 1;
            written += p.rows.length;
            p.resolve(result);
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
      if (rows.length === 0) return Promise.resolve(undefined);
      return new Promise<R>((resolve, reject) => {
        const at = performance.now();
        if (queue.length === 0) firstQueuedAt = at;
        queue.push({ rows, at, resolve, reject });
        queuedRows += rows.length;
        if (gathered && gather && queuedRows >= gather.rows) gathered();
        start();
      });
    },
    stats: () => ({ flushes, rows: written }),
    async drain() {
      while (running) await running;
    },
  };
}
