export { accountSchema, type Account } from './account.js';
export {
  contactCountReactions,
  createAccountService,
  isAccountVisible,
  type AccountService,
  type CapturedAccount,
} from './accounts.service.js';
export { accountRoutes } from './accounts.routes.js';
// Pure rules the imports module reuses for the accounts it finds or creates by name.
export { accountDbFields, createAccountInput, emptyAccount, type AccountFields } from './account.js';
