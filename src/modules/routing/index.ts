export {
  balanceStart,
  conditionHolds,
  eligibility,
  isRoutingField,
  matchRule,
  pickRep,
  ROUTING_FIELDS,
  ROUTING_METHODS,
  WEIGHTED_WINDOW_DAYS,
  type RoutingCondition,
  type RoutingMember,
  type RoutingMethod,
  type RoutingRecord,
} from './routing.js';
export {
  createRoutingService,
  routingRecordOf,
  type FairnessReport,
  type OpenHandoffs,
  type RouteInput,
  type RoutingDecision,
  type RoutingReason,
  type RoutingRule,
  type RoutingService,
} from './routing.service.js';
export { routingRoutes } from './routing.routes.js';
