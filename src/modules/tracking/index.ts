export { createTrackingService, type ContactEvent, type TrackingService } from './tracking.service.js';
export { trackingRoutes } from './tracking.routes.js';
export { createBeaconFastPath } from './beacon-fast-path.js';
export { TRACKING_SCRIPT } from './script.js';
export { contactEventRoutes } from './contact-events.routes.js';
export { isBot, pageOf, safeUrl, visitorIdSchema, type Utm } from './tracking.js';
export { createEmailTrackingService, type EmailTrackingService } from './email.service.js';
export { emailLinkRoutes, emailTrackingRoutes } from './email.routes.js';
export { MAX_LINK_TOKEN } from './email-links.js';
