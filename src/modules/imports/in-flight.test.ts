import { describe, expect, it } from 'vitest';
import { createInFlightWindow } from './in-flight.js';

describe('in-flight window', () => {
  it('lets batches out up to the count, then one more for each taken', () => {
    const w = createInFlightWindow({ batches: 3, bytes: 1000, floor: 1 });
    for (let i = 0; i < 3; i++) {
      expect(w.fits(100)).toBe(true);
      w.sent(100);
    }
    expect(w.fits(100)).toBe(false);
    w.taken();
    expect(w.fits(100)).toBe(true);
  });

  it('holds back a batch that would pass the byte bound until the oldest are taken', () => {
    const w = createInFlightWindow({ batches: 6, bytes: 1000, floor: 1 });
    w.sent(600);
    w.sent(300);
    expect(w.fits(200)).toBe(false);
    expect(w.fits(100)).toBe(true);
    w.taken();
    // The 600 went (the oldest), not the 300.
    expect(w.fits(700)).toBe(true);
    expect(w.fits(701)).toBe(false);
  });

  it('lets `floor` batches out whatever their size, then the byte bound applies', () => {
    const w = createInFlightWindow({ batches: 6, bytes: 1000, floor: 2 });
    expect(w.fits(5000)).toBe(true);
    w.sent(5000);
    expect(w.fits(5000)).toBe(true);
    w.sent(5000);
    expect(w.fits(1)).toBe(false);
    w.taken();
    w.taken();
    w.taken(); // more acknowledgements than batches change nothing
    expect(w.fits(5000)).toBe(true);
  });

  it('lets one batch out when none is out, even with no floor', () => {
    const w = createInFlightWindow({ batches: 6, bytes: 1000, floor: 0 });
    expect(w.fits(5000)).toBe(true);
    w.sent(5000);
    expect(w.fits(1)).toBe(false);
  });
});
