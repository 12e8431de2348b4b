export {
  ACTIVITY_TYPES,
  DUTIES,
  TIMER_KINDS,
  TOUCH_TYPES,
  type ActivityType,
  type Duty,
  type TimerKind,
} from './clocks.js';
export { REJECT_REASONS, OUTCOMES, type Outcome, type RejectReason } from './handoff.js';
export {
  createHandoffService,
  openHandoffCounts,
  TIMER_EVENTS,
  type HandoffService,
  type HandoffServiceDeps,
  type Qualification,
  type RouteResult,
  type Router,
  type SlaSource,
} from './handoffs.service.js';
export { handoffRoutes } from './handoffs.routes.js';
export { createHandoffTimers, type HandoffTimers } from './timers.js';
export { createNotificationMailSender, type NotificationMailSender } from './mail-sender.js';
