import type { BusinessCalendarInput } from './calendar.js';

/**
 * The example calendar: Saturday to Wednesday 08:00-16:00, a half-day Thursday, Friday off, and
 * Nowruz (21 and 22 March 2027) as holidays, in Tehran (UTC+03:30 all year). Tests and examples share it.
 */
export const TEHRAN_EXAMPLE_CALENDAR: BusinessCalendarInput = {
  timeZone: 'Asia/Tehran',
  week: {
    sat: [['08:00', '16:00']],
    sun: [['08:00', '16:00']],
    mon: [['08:00', '16:00']],
    tue: [['08:00', '16:00']],
    wed: [['08:00', '16:00']],
    thu: [['08:00', '12:00']],
    fri: [],
  },
  holidays: ['2027-03-21', '2027-03-22'],
};
