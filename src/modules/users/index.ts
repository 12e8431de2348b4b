export { checkOwner } from './ownership.js';
export { emailSchema, passwordSchema, toUser, userSchema, type User } from './user.js';
export { createUserService, type Credentials, type UserService } from './users.service.js';
export { userRoutes } from './users.routes.js';
