/**
 * A background loop: runs `step` every `intervalMs`, at once again when it says more work is waiting,
 * never two steps at a time; `stop()` waits for the step in progress. A failing step is reported and the
 * loop goes on at the next interval.
 */
export interface PollLoop {
  start(): void;
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

  async function loop(): Promise<void> {
    if (stopped) return;
    let more = false;
    try {
      more = await options.step();
    } catch (err) {
      options.onError(err);
    }
    schedule(more ? 0 : options.intervalMs);
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
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
