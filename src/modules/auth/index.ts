export { authRoutes } from './auth.routes.js';
export { createAuthRepository, type AuthRepository } from './auth.repository.js';
export { createAuthService, type AuthService } from './auth.service.js';
export { hashPassword, verifyPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js';
export { createThrottle } from './throttle.js';
export { setupCode } from './tokens.js';
export * from './policy.js';
