export { authRoutes } from './auth.routes.js';
export { createAuthService, type AuthService } from './auth.service.js';
export { createThrottle } from './throttle.js';
export * from './policy.js';
