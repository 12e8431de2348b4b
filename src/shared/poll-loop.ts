/**
 * A background loop: runs `step` every `intervalMs`, at once again when it says more work is waiting or
 * when `wake()` was called meanwhile, never two steps at a time; `stop()` waits for the step in progress. A
 * failing step is reported and the loop goes on at the next interval.
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
}): PollLoop {
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
    schedule(again ? 0 : options.intervalMs);
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
