export { toUser, userSchema, type User } from './user.js';
export { createUserService, type UserService } from './users.service.js';
export { userRoutes } from './users.routes.js';
