import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollLoop } from './poll-loop.js';

describe('poll loop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a step at start, then every interval; at once again while steps say more is waiting', async () => {
    const answers = [true, true, false, false];
    const step = vi.fn(async () => answers.shift() ?? false);
    const loop = createPollLoop({ step, intervalMs: 1000, onError: () => {} });
    loop.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(step).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(980);
    expect(step).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(step).toHaveBeenCalledTimes(4);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(step).toHaveBeenCalledTimes(4);
  });

  it('wake runs a step now, or right after the step in progress', async () => {
    let release: () => void = () => {};
    let calls = 0;
    const loop = createPollLoop({
      step: () => {
        calls += 1;
        return calls === 2 ? new Promise<boolean>((r) => (release = () => r(false))) : Promise.resolve(false);
      },
      intervalMs: 60_000,
      onError: () => {},
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(1);
    loop.wake();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
    // Woken while step 2 runs: step 3 follows at once, not a minute later.
    loop.wake();
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(3);
    await loop.stop();
    loop.wake();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toBe(3);
  });

  it('reports a failing step and goes on at the next interval', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = createPollLoop({
      step: async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
        return false;
      },
      intervalMs: 500,
      onError: (err) => errors.push(err),
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
    await loop.stop();
  });
  it('with jitter, draws each pause from the interval minus to plus that share', async () => {
    const draws = [0, 0.999, 0.5];
    const step = vi.fn(async () => false);
    const loop = createPollLoop({
      step,
      intervalMs: 1000,
      jitter: 0.25,
      random: () => draws.shift() ?? 0.5,
      onError: () => {},
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(step).toHaveBeenCalledTimes(1);
    // Drawn 0: the shortest pause, 750 ms (step 1 ran at 0).
    await vi.advanceTimersByTimeAsync(740);
    expect(step).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(step).toHaveBeenCalledTimes(2);
    // Drawn 0.999: almost the longest, 1,249.5 ms (step 2 ran at 750, the clock is at 761).
    await vi.advanceTimersByTimeAsync(1230);
    expect(step).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(20);
    expect(step).toHaveBeenCalledTimes(3);
    // Drawn 0.5: the interval itself (step 3 ran at 1,999.5, the clock is at 2,011).
    await vi.advanceTimersByTimeAsync(980);
    expect(step).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(step).toHaveBeenCalledTimes(4);
    await loop.stop();
  });
  it('keeps the interval exact when the jitter is not a number, and never pauses for nothing', async () => {
    const step = vi.fn(async () => false);
    const odd = createPollLoop({ step, intervalMs: 1000, jitter: Number.NaN, random: () => 0, onError: () => {} });
    odd.start();
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(990);
    expect(step).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(step).toHaveBeenCalledTimes(2);
    await odd.stop();
    // A jitter of 1 or more is held at 0.9: the shortest pause is a tenth of the interval, not zero.
    const wide = vi.fn(async () => false);
    const loop = createPollLoop({ step: wide, intervalMs: 1000, jitter: 5, random: () => 0, onError: () => {} });
    loop.start();
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(90);
    expect(wide).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(wide).toHaveBeenCalledTimes(2);
    await loop.stop();
  });
});
