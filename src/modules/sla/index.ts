export { businessCalendarSchema, type BusinessCalendar, type BusinessCalendarInput } from './calendar.js';
export { addBusinessMinutes, businessMinutesBetween, BusinessTimeHorizonError, utcOffsetMs } from './business-time.js';
// Local dates and weekdays of a calendar, for clocks that count whole business days (handoffs).
export { clockTimeToMinutes, localDateToDayNumber, WEEKDAY_BY_DAY_NUMBER } from './calendar.js';
export { businessTimeRoutes } from './business-time.routes.js';
export {
  DEFAULT_SLA,
  defaultSlaDocument,
  firstTouchMinutes,
  slaDocumentSchema,
  type FitGrade,
  type Priority,
  type SlaDocument,
  type SlaDocumentInput,
} from './sla.js';
export { createSlaService, type Calendar, type Sla, type SlaService, type SlaVersionSummary } from './sla.service.js';
export { slaRoutes } from './sla.routes.js';
