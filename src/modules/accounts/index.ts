export { accountSchema, type Account } from './account.js';
export {
  contactCountReactions,
  createAccountService,
  isAccountVisible,
  type AccountService,
} from './accounts.service.js';
export { accountRoutes } from './accounts.routes.js';
