import { describe, expect, it } from 'vitest';
import { countdown, currentDuty, formatDuration } from './countdown.js';

describe('countdown', () => {
  const now = Date.parse('2027-03-18T10:00:00Z');
  it('counts wall-clock seconds to the due instant, and past it', () => {
    expect(countdown('2027-03-18T12:14:00Z', now)).toEqual({ overdue: false, seconds: 2 * 3600 + 14 * 60 });
    expect(countdown('2027-03-18T13:44:00+03:30', now)).toEqual({ overdue: false, seconds: 14 * 60 });
    expect(countdown('2027-03-18T09:48:00Z', now)).toEqual({ overdue: true, seconds: 12 * 60 });
    // Due at the instant itself, as the server counts it; the last second before still shows as left.
    expect(countdown(new Date(now), now)).toEqual({ overdue: true, seconds: 0 });
    expect(countdown(new Date(now + 400), now)).toEqual({ overdue: false, seconds: 1 });
    expect(countdown(new Date(now - 1500), now)).toEqual({ overdue: true, seconds: 1 });
  });
});

describe('formatDuration', () => {
  it('shows the two largest units in English', () => {
    expect(formatDuration(2 * 3600 + 14 * 60 + 9, 'en')).toBe('2h 14m');
    expect(formatDuration(12 * 60, 'en')).toBe('12m');
    expect(formatDuration(14 * 60 + 5, 'en')).toBe('14m 05s');
    expect(formatDuration(3 * 86_400 + 4 * 3600, 'en')).toBe('3d 4h');
    expect(formatDuration(2 * 3600, 'en')).toBe('2h');
    expect(formatDuration(0, 'en')).toBe('0s');
  });
  it('writes Persian words and digits', () => {
    expect(formatDuration(2 * 3600 + 14 * 60, 'fa')).toBe('۲ ساعت و ۱۴ دقیقه');
    expect(formatDuration(12 * 60, 'fa')).toBe('۱۲ دقیقه');
    expect(formatDuration(86_400 + 3600, 'fa')).toBe('۱ روز و ۱ ساعت');
  });
});

describe('currentDuty', () => {
  const base = { firstTouchDueAt: 'a', firstTouchedAt: null, decisionDueAt: 'b', decidedAt: null };
  it('is the first touch, then the decision, then nothing', () => {
    expect(currentDuty(base)).toEqual({ duty: 'first_touch', dueAt: 'a' });
    expect(currentDuty({ ...base, firstTouchedAt: 'x' })).toEqual({ duty: 'decision', dueAt: 'b' });
    expect(currentDuty({ ...base, firstTouchedAt: 'x', decidedAt: 'y' })).toBeNull();
    expect(
      currentDuty({ firstTouchDueAt: null, firstTouchedAt: null, decisionDueAt: null, decidedAt: null }),
    ).toBeNull();
  });
});
