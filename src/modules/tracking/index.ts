export { createTrackingService, type TrackingService } from './tracking.service.js';
export { trackingRoutes } from './tracking.routes.js';
export { TRACKING_SCRIPT } from './script.js';
export { contactEventRoutes } from './contact-events.routes.js';
