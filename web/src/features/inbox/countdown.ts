import { formatNumber, type Locale } from '../../i18n/format.js';

export interface Countdown {
  overdue: boolean;
  /** The distance to the due instant, always positive, in whole seconds. */
  seconds: number;
}

/**
 * Plain wall-clock distance to a due instant (the server has already applied business time to it). Due at
 * the instant itself, as the server counts it: "1s left" is the last second before, then overdue.
 */
export function countdown(dueAt: string | Date, now: number): Countdown {
  const ms = (dueAt instanceof Date ? dueAt : new Date(dueAt)).getTime() - now;
  return ms > 0
    ? { overdue: false, seconds: Math.ceil(ms / 1000) }
    : { overdue: true, seconds: Math.floor(Math.abs(ms) / 1000) };
}

/**
 * A short duration: "2h 14m", "3d 4h", "14m 05s" ("۲ ساعت و ۱۴ دقیقه" in Persian). Seconds show only under an
 * hour, so that a ticking clock moves visibly when it matters.
 */
export function formatDuration(totalSeconds: number, locale: Locale): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const parts: [number, 'd' | 'h' | 'm' | 's'][] =
    days > 0
      ? [
          [days, 'd'],
          [hours, 'h'],
        ]
      : hours > 0
        ? [
            [hours, 'h'],
            [minutes, 'm'],
          ]
        : [
            [minutes, 'm'],
            [seconds, 's'],
          ];
  const shown = parts.filter(([n]) => n > 0);
  const list = shown.length > 0 ? shown : parts.slice(-1);
  if (locale === 'fa') {
    const unit = { d: 'روز', h: 'ساعت', m: 'دقیقه', s: 'ثانیه' };
    return list.map(([n, u]) => `${formatNumber(n, 'fa')} ${unit[u]}`).join(' و ');
  }
  return list.map(([n, u], i) => `${i > 0 && u === 's' ? String(n).padStart(2, '0') : String(n)}${u}`).join(' ');
}

export type Duty = 'first_touch' | 'decision';

export interface DutyClock {
  duty: Duty;
  dueAt: string;
}

/** The duty the rep is on now: the first touch until it is made, then the decision; null without clocks. */
export function currentDuty(h: {
  firstTouchDueAt: string | null;
  firstTouchedAt: string | null;
  decisionDueAt: string | null;
  decidedAt: string | null;
}): DutyClock | null {
  if (!h.firstTouchedAt && h.firstTouchDueAt) return { duty: 'first_touch', dueAt: h.firstTouchDueAt };
  if (!h.decidedAt && h.decisionDueAt) return { duty: 'decision', dueAt: h.decisionDueAt };
  return null;
}
