/**
 * A background loop: runs `step` every `intervalMs`, at once again when it says more work is waiting or
 * when `wake()` was called meanwhile, never two steps at a time; `stop()` waits for the step in progress. A
 * failing step is reported and the loop goes on at the next interval.
 *
 * With `jitter` (a share of the interval, up to 0.9) each pause is drawn uniformly from
 * `intervalMs * (1 - jitter)` to `intervalMs * (1 + jitter)`: processes started together (a deployment
 * starting every replica at once) then do not poll in lockstep, where the one always a few milliseconds
 * ahead takes every due item and the others find nothing.
 */
export interface PollLoop {
  start(): void;
  /** New work arrived: run a step now (or right after the one in progress). */
  wake(): void;
  stop(): Promise<void>;
}

export function createPollLoop(options: {
  /** One round of work; resolves true when more is waiting right now. */
  step: () => Promise<boolean>;
  intervalMs: number;
  onError: (err: unknown) => void;
  /** Share of the interval (up to 0.9) each pause may be shorter or longer by; 0 (the default) keeps it exact. */
  jitter?: number;
  /** In [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}): PollLoop {
  const jitter = Number.isFinite(options.jitter) ? Math.min(Math.max(options.jitter!, 0), 0.9) : 0;
  const random = options.random ?? Math.random;
  const pause = () => options.intervalMs * (1 + jitter * (2 * random() - 1));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;
  let wakeRequested = false;

  async function loop(): Promise<void> {
    if (stopped) return;
    wakeRequested = false;
    let again = false;
    try {
      again = (await options.step()) || wakeRequested;
    } catch (err) {
      options.onError(err);
    }
    schedule(again ? 0 : pause());
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      running = loop().finally(() => {
        running = null;
      });
    }, ms);
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    wake() {
      if (stopped) return;
      wakeRequested = true;
      if (!running) schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
